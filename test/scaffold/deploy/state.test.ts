import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arnsFromStackOutputs, cloudFormationOutputKeys, parseDeployState, readDeployState, writeDeployState, type DeployState } from '../../../scaffold/deploy/state.ts';
import { readJobInputs } from '../../../scaffold/job/job-inputs.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { validConfig } from '../job/fixtures.ts';

const fn = (name: string) => `arn:aws:lambda:eu-west-1:111122223333:function:${name}`;
const sha = 'K83KmW9FnWfjUos9CBv0vQifePWbF9ep3OaUBuu9M8w=';
const state: DeployState = {
  version: 1,
  region: 'eu-west-1',
  account: '111122223333',
  functions: {
    pre: { name: 'SageMaker-x-pre', arn: fn('SageMaker-x-pre'), versionArn: `${fn('SageMaker-x-pre')}:3`, codeSha256: sha, runtime: 'nodejs24.x', deployedAt: '2026-11-23T03:00:00.000Z' },
    acs: { name: 'SageMaker-x-acs', arn: fn('SageMaker-x-acs'), codeSha256: sha, runtime: 'nodejs22.x', deployedAt: '2026-11-23T03:00:01.000Z' },
  },
  uploads: { template: 's3://b/x/templates/template.liquid.html', labelCategories: 's3://b/x/config/label-categories.json', manifest: 's3://b/x/input/manifest.jsonl' },
  roles: { lambdaExecution: 'arn:aws:iam::111122223333:role/SageMaker-x-lambda', groundTruthExecution: 'arn:aws:iam::111122223333:role/SageMaker-x-groundtruth' },
};

const temp = useTempRoot('gtkit-state-');

describe('deploy state file', () => {
  it('round-trips through <task>/.gtkit/deploy-state.json, written whole', async () => {
    const dir = join(temp.path, 'round');
    expect(await readDeployState(dir)).toBeUndefined();
    const file = await writeDeployState(dir, state);
    expect(file).toBe(join(dir, '.gtkit', 'deploy-state.json'));
    expect(await readDeployState(dir)).toEqual(state);
    expect((await readFile(file, 'utf8')).endsWith('}\n')).toBe(true);
    expect(await readdir(join(dir, '.gtkit'))).toEqual(['deploy-state.json']);
  });

  it('is what gtkit job reads: function ARNs and upload URIs', async () => {
    const dir = join(temp.path, 'job');
    await writeDeployState(dir, state);
    // The config these were deployed from: bucket b, prefix x, the two functions' names.
    const config = validConfig({ s3: { bucket: 'b', prefix: 'x' }, lambdas: { pre: { functionName: 'SageMaker-x-pre' }, acs: { functionName: 'SageMaker-x-acs' } } });
    const inputs = await readJobInputs(dir, undefined, config);
    expect(inputs.arns).toEqual({ pre: fn('SageMaker-x-pre'), acs: fn('SageMaker-x-acs') });
    expect(inputs.locations).toEqual({ template: state.uploads.template, manifest: state.uploads.manifest, labelCategories: state.uploads.labelCategories });
  });

  it('reads a state file that an editor saved with a byte-order mark', async () => {
    const dir = join(temp.path, 'bom');
    const file = await writeDeployState(dir, state);
    await writeFile(file, `\uFEFF${await readFile(file, 'utf8')}`);
    expect(await readDeployState(dir)).toEqual(state);
  });

  it('refuses to write a state that is not valid', async () => {
    await expect(writeDeployState(join(temp.path, 'bad'), { ...state, region: '' })).rejects.toThrow(/region: expected a region name/);
  });

  it('reports malformed and empty files with the fix', async () => {
    const dir = join(temp.path, 'broken');
    await mkdir(join(dir, '.gtkit'), { recursive: true });
    for (const [content, pattern] of [
      ['', /not valid JSON/],
      ['{ "version": 1,', /not valid JSON .*delete it and run gtkit deploy again/],
      ['[]', /expected a JSON object/],
      ['null', /expected a JSON object/],
      ['{}', /version: expected 1, got undefined\n {2}region: expected a region name\n {2}functions: expected an object\n {2}uploads: expected an object/],
    ] as const) {
      await writeFile(join(dir, '.gtkit', 'deploy-state.json'), content);
      await expect(readDeployState(dir), content).rejects.toThrow(pattern);
    }
  });
});

describe('parseDeployState', () => {
  it('names every bad field by its JSON path', () => {
    const bad = {
      version: 2,
      region: 'eu-west-1',
      account: '12',
      functions: { pre: { name: 'has space', arn: 'arn:aws:lambda:eu-west-1:1:function:x', codeSha256: 'abc', runtime: '', deployedAt: 'yesterday' }, acs: 'nope', other: {} },
      uploads: { template: 'https://x', extra: 's3://b/k' },
      roles: { lambdaExecution: 'role', mystery: 'arn:aws:iam::111122223333:role/x' },
    };
    expect(() => parseDeployState(bad, 'f.json')).toThrow(
      [
        'f.json: not a valid deploy state:',
        '  version: expected 1, got 2',
        '  account: expected a 12-digit account id',
        '  functions.other: unknown function (expected pre or acs)',
        '  functions.pre.name: expected a Lambda function name',
        '  functions.pre.arn: expected a Lambda function ARN',
        '  functions.pre.codeSha256: expected a base64 SHA-256',
        '  functions.pre.runtime: expected a runtime name',
        '  functions.pre.deployedAt: expected an ISO date',
        '  functions.acs: expected an object',
        '  uploads.template: expected an s3:// URI',
        '  … and 3 more',
        'Delete the file and run gtkit deploy again.',
      ].join('\n'),
    );
  });

  it('refuses a function ARN of another region or account than the state, or of another function than its name', () => {
    const bad = {
      ...state,
      functions: {
        pre: { ...state.functions.pre, arn: 'arn:aws:lambda:us-east-1:444455556666:function:SageMaker-x-pre', versionArn: 'arn:aws:lambda:us-east-1:444455556666:function:SageMaker-x-pre:3' },
        acs: { ...state.functions.acs, arn: fn('SomethingElse'), versionArn: `${fn('SageMaker-x-acs')}:1` },
      },
    };
    expect(() => parseDeployState(bad, 'f.json')).toThrow(
      [
        'f.json: not a valid deploy state:',
        "  functions.pre.arn: is in us-east-1, the state's region is eu-west-1",
        "  functions.pre.arn: is in account 444455556666, the state's account is 111122223333",
        '  functions.acs.arn: names the function SomethingElse, functions.acs.name says SageMaker-x-acs',
        '  functions.acs.versionArn: is not a version of functions.acs.arn',
        'Delete the file and run gtkit deploy again.',
      ].join('\n'),
    );
  });

  it('treats hostile keys as data', () => {
    const hostile = JSON.parse(`{"version":1,"region":"eu-west-1","functions":{"__proto__":{"polluted":true}},"uploads":{"constructor":"s3://b/k"}}`);
    expect(() => parseDeployState(hostile, 'f')).toThrow(/functions\.__proto__: unknown function[\s\S]*uploads\.constructor: unknown upload/);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('accepts a huge but valid state', () => {
    const big = { ...state, uploads: { template: `s3://b/${'k/'.repeat(50_000)}t.html` } };
    expect(parseDeployState(big, 'f').uploads.template?.length).toBeGreaterThan(100_000);
  });
});

describe('arnsFromStackOutputs', () => {
  const outputs = [
    { OutputKey: 'PreAnnotationLambdaArn', OutputValue: fn('SageMaker-x-pre'), Description: 'PreHumanTaskLambdaArn of the labeling job' },
    { OutputKey: 'ConsolidationLambdaArn', OutputValue: fn('SageMaker-x-acs') },
    { OutputKey: 'PreAnnotationLambdaVersionArn', OutputValue: `${fn('SageMaker-x-pre')}:4` },
    { OutputKey: 'ConsolidationLambdaVersionArn', OutputValue: `${fn('SageMaker-x-acs')}:4` },
    { OutputKey: 'PreAnnotationRoleArn', OutputValue: 'arn:aws:iam::111122223333:role/gtkit-x-PreAnnotationRole-EF56' },
    { OutputKey: 'ConsolidationRoleArn', OutputValue: 'arn:aws:iam::111122223333:role/gtkit-x-ConsolidationRole-GH78' },
    // An older gtkit's stack has this one instead of the two above. The functions' roles are not read: gtkit job needs only the job's role.
    { OutputKey: 'LambdaExecutionRoleArn', OutputValue: 'arn:aws:iam::111122223333:role/gtkit-x-LambdaExecutionRole-AB12' },
    { OutputKey: 'GroundTruthExecutionRoleArn', OutputValue: 'arn:aws:iam::111122223333:role/gtkit-x-GroundTruthExecutionRole-CD34' },
  ];
  const expected = {
    pre: fn('SageMaker-x-pre'),
    acs: fn('SageMaker-x-acs'),
    preVersion: `${fn('SageMaker-x-pre')}:4`,
    acsVersion: `${fn('SageMaker-x-acs')}:4`,
    groundTruthRole: 'arn:aws:iam::111122223333:role/gtkit-x-GroundTruthExecutionRole-CD34',
  };

  it('reads the Outputs array, one stack, or the whole describe-stacks document', () => {
    expect(arnsFromStackOutputs(outputs)).toEqual(expected);
    expect(arnsFromStackOutputs({ Outputs: outputs })).toEqual(expected);
    expect(arnsFromStackOutputs({ Stacks: [{ StackName: 'other', Outputs: [{ OutputKey: 'Url', OutputValue: 'x' }] }, { StackName: 'gtkit-x', Outputs: outputs }] })).toEqual(expected);
    expect(arnsFromStackOutputs(outputs.slice(0, 2))).toEqual({ pre: expected.pre, acs: expected.acs });
  });

  it('documents its keys', () => {
    // An older gtkit's LambdaExecutionRoleArn is read by no one, so it is not among them.
    expect(Object.values(cloudFormationOutputKeys).sort()).toEqual(outputs.map((o) => o.OutputKey).filter((k) => k !== 'LambdaExecutionRoleArn').sort());
  });

  it('says what is missing or wrong', () => {
    expect(() => arnsFromStackOutputs([])).toThrow('the stack outputs have no PreAnnotationLambdaArn; was the stack made from gtkit deploy --emit-cloudformation?');
    expect(() => arnsFromStackOutputs({ Stacks: [] })).toThrow(/no PreAnnotationLambdaArn/);
    expect(() => arnsFromStackOutputs([{ OutputKey: 'PreAnnotationLambdaArn', OutputValue: 'nope' }, outputs[1] as never])).toThrow('PreAnnotationLambdaArn: "nope" is not a Lambda function ARN');
    expect(() => arnsFromStackOutputs([...outputs.slice(0, 2), { OutputKey: 'GroundTruthExecutionRoleArn', OutputValue: 'arn:aws:iam::1:user/x' }])).toThrow(/GroundTruthExecutionRoleArn: .* is not an IAM role ARN/);
    expect(() => arnsFromStackOutputs([{ OutputKey: 7 } as never])).toThrow('Outputs[0]: expected { OutputKey, OutputValue } strings');
    expect(() => arnsFromStackOutputs({ Outputs: 'x' } as never)).toThrow('Outputs: expected an array');
    expect(() => arnsFromStackOutputs('text' as never)).toThrow(/expected the Outputs array/);
    expect(() => arnsFromStackOutputs({ Stacks: [{ Outputs: outputs }, { Outputs: outputs }] })).toThrow(/describes 2 gtkit stacks/);
  });

  it('keeps hostile and huge values in check', () => {
    expect(() => arnsFromStackOutputs([{ OutputKey: '__proto__', OutputValue: 'x' }, ...outputs])).not.toThrow();
    const huge = 'a'.repeat(1_000_000);
    const error = (() => {
      try {
        arnsFromStackOutputs([{ OutputKey: 'PreAnnotationLambdaArn', OutputValue: huge }, outputs[1] as never]);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message.length).toBeLessThan(400);
  });
});
