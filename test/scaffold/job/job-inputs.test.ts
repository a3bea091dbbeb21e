import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobCommand } from '../../../scaffold/commands/job-command.ts';
import type { DeployState } from '../../../scaffold/deploy/state.ts';
import { buildJob } from '../../../scaffold/job/build-request.ts';
import { readJobInputs } from '../../../scaffold/job/job-inputs.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { validConfig } from './fixtures.ts';

const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;
const sha = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';
const deployed = (name: string) => ({ name, arn: arn(name), codeSha256: sha, runtime: 'nodejs24.x', deployedAt: '2026-11-23T00:00:00.000Z' });
const old = 's3://acme-sagemaker-gt/ticket-intent';
/** What a deploy recorded before the config was edited: the PRE was called -v1, and the bucket was the same. */
const state: DeployState = {
  version: 1,
  region: 'eu-west-1',
  account: '123456789012',
  functions: { pre: deployed('SageMaker-ticket-intent-pre-v1'), acs: deployed('SageMaker-ticket-intent-acs') },
  uploads: { template: `${old}/templates/template.liquid.html`, labelCategories: `${old}/config/label-categories.json`, manifest: `${old}/input/manifest.jsonl` },
};
const config = validConfig({ s3: { bucket: 'acme-sagemaker-gt-new', prefix: 'ticket-intent' } });
const fresh = 's3://acme-sagemaker-gt-new/ticket-intent';

let task: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  task = await makeTaskDir(config, { '.gtkit/deploy-state.json': JSON.stringify(state) });
});
afterAll(async () => task.cleanup());

describe('readJobInputs against the current config', () => {
  it('leaves out a recorded function the config has renamed, and uploads the config no longer points at, with a warning each', async () => {
    const inputs = await readJobInputs(task.dir, undefined, config);
    expect(inputs.arns).toEqual({ acs: arn('SageMaker-ticket-intent-acs') });
    expect(inputs.locations).toEqual({});
    expect(inputs.problems?.map((p) => `${p.severity} ${p.path}: ${p.message}`)).toEqual([
      'warning lambdas.pre.functionName: the PRE function was deployed as SageMaker-ticket-intent-pre-v1; the config now says SageMaker-ticket-intent-pre: run gtkit deploy again',
      `warning HumanTaskConfig.UiConfig.UiTemplateS3Uri: the template was deployed as ${old}/templates/template.liquid.html; the config now says ${fresh}/templates/template.liquid.html: run gtkit deploy again`,
      `warning InputConfig.DataSource.S3DataSource.ManifestS3Uri: the manifest was deployed as ${old}/input/manifest.jsonl; the config now says ${fresh}/input/manifest.jsonl: run gtkit deploy again`,
      `warning LabelCategoryConfigS3Uri: the label-category file was deployed as ${old}/config/label-categories.json; the config now says ${fresh}/config/label-categories.json: run gtkit deploy again`,
    ]);
    expect(inputs.problems?.[0]?.fix).toBe('run gtkit deploy (it deploys SageMaker-ticket-intent-pre and records its ARN); until then the request names SageMaker-ticket-intent-pre, which may not exist yet');
  });

  it('so the request follows the config, one bucket for every location, and says it once per field', async () => {
    const job = buildJob(config, await readJobInputs(task.dir, undefined, config));
    expect(job.request.HumanTaskConfig?.PreHumanTaskLambdaArn).toBe(arn('SageMaker-ticket-intent-pre'));
    expect(job.request.InputConfig?.DataSource?.S3DataSource?.ManifestS3Uri).toBe(`${fresh}/input/manifest.jsonl`);
    expect(job.request.HumanTaskConfig?.UiConfig?.UiTemplateS3Uri).toBe(`${fresh}/templates/template.liquid.html`);
    expect(job.request.OutputConfig?.S3OutputPath).toBe(`${fresh}/output/`);
    expect(job.problems.filter((p) => p.message.includes('no deployed ARN recorded'))).toEqual([]);
  });

  it('gtkit job prints the warnings with their fix and still writes the request', async () => {
    const lines: string[] = [];
    await runJobCommand(task.dir, {}, { output: { out: (l) => lines.push(l), err: (l) => lines.push(`[err] ${l}`) } });
    expect(lines).toContain(
      '[err] warning lambdas.pre.functionName: the PRE function was deployed as SageMaker-ticket-intent-pre-v1; the config now says SageMaker-ticket-intent-pre: run gtkit deploy again\n  fix: run gtkit deploy (it deploys SageMaker-ticket-intent-pre and records its ARN); until then the request names SageMaker-ticket-intent-pre, which may not exist yet',
    );
    const request = JSON.parse(await readFile(join(task.dir, '.gtkit', 'request.json'), 'utf8'));
    expect(request.InputConfig.DataSource.S3DataSource.ManifestS3Uri).toBe(`${fresh}/input/manifest.jsonl`);
  });

  it('keeps what still matches', async () => {
    const same = validConfig({ s3: { bucket: 'acme-sagemaker-gt', prefix: 'ticket-intent' }, lambdas: { pre: { functionName: 'SageMaker-ticket-intent-pre-v1' }, acs: { functionName: 'SageMaker-ticket-intent-acs' } } });
    const inputs = await readJobInputs(task.dir, undefined, same);
    expect(inputs.problems).toBeUndefined();
    expect(inputs.arns).toEqual({ pre: arn('SageMaker-ticket-intent-pre-v1'), acs: arn('SageMaker-ticket-intent-acs') });
    expect(inputs.locations).toEqual({ template: state.uploads.template, manifest: state.uploads.manifest, labelCategories: state.uploads.labelCategories });
  });
});

describe('readJobInputs with stack outputs', () => {
  const outputs = (pre: string, acs: string) => ({ Stacks: [{ StackName: 's', Outputs: [{ OutputKey: 'PreAnnotationLambdaArn', OutputValue: pre }, { OutputKey: 'ConsolidationLambdaArn', OutputValue: acs }] }] });
  let stack: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    stack = await makeTaskDir(config, {
      'renamed.json': JSON.stringify(outputs(arn('SageMaker-ticket-intent-pre-v1'), `${arn('SageMaker-ticket-intent-acs')}:7`)),
      'same.json': JSON.stringify(outputs(`${arn('SageMaker-ticket-intent-pre')}:3`, arn('SageMaker-ticket-intent-acs'))),
    });
  });
  afterAll(async () => stack.cleanup());

  it("uses the stack's ARNs, and warns when the config names another function than the stack made", async () => {
    const file = join(stack.dir, 'renamed.json');
    const inputs = await readJobInputs(stack.dir, file, config);
    expect(inputs.arns).toEqual({ pre: arn('SageMaker-ticket-intent-pre-v1'), acs: `${arn('SageMaker-ticket-intent-acs')}:7` });
    expect(inputs.problems?.map((p) => [p.severity, p.path, p.message, p.fix])).toEqual([
      [
        'warning',
        'lambdas.pre.functionName',
        `the stack outputs in ${file} name the PRE function SageMaker-ticket-intent-pre-v1; the config says SageMaker-ticket-intent-pre, so the request invokes the stack's function, which may run older code`,
        'update the stack from the config (gtkit deploy --emit-cloudformation, then deploy that template) and save its outputs again, or set lambdas.pre.functionName back to SageMaker-ticket-intent-pre-v1',
      ],
    ]);
  });

  it('a version-qualified ARN of the named function is no problem', async () => {
    expect((await readJobInputs(stack.dir, join(stack.dir, 'same.json'), config)).problems).toBeUndefined();
  });
});

describe('the Ground Truth role a stack or --create-roles made', () => {
  const made = 'arn:aws:iam::123456789012:role/gtkit-ticket-intent-GroundTruthExecutionRole-3C4D';
  const fnOutputs = [
    { OutputKey: 'PreAnnotationLambdaArn', OutputValue: arn('SageMaker-ticket-intent-pre') },
    { OutputKey: 'ConsolidationLambdaArn', OutputValue: arn('SageMaker-ticket-intent-acs') },
  ];
  const roleWarnings = (inputs: Awaited<ReturnType<typeof readJobInputs>>) => (inputs.problems ?? []).filter((p) => p.path === 'roleArn');
  let dir: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await makeTaskDir(validConfig(), {
      'stack.json': JSON.stringify({ Outputs: [...fnOutputs, { OutputKey: 'GroundTruthExecutionRoleArn', OutputValue: made }] }),
      'old-stack.json': JSON.stringify({ Outputs: fnOutputs }),
      '.gtkit/deploy-state.json': JSON.stringify({ version: 1, region: 'eu-west-1', account: '123456789012', functions: {}, uploads: {}, roles: { groundTruthExecution: made } }),
    });
  });
  afterAll(async () => dir.cleanup());

  it('is named when the config still has another roleArn, so the request does not run with it unawares', async () => {
    const file = join(dir.dir, 'stack.json');
    const warnings = roleWarnings(await readJobInputs(dir.dir, file, validConfig()));
    expect(warnings.map((p) => [p.severity, p.message, p.fix])).toEqual([
      [
        'warning',
        `the stack in ${file} made the Ground Truth execution role ${made} for this job, but the request uses roleArn arn:aws:iam::123456789012:role/GroundTruthExecRole`,
        `set roleArn in gtkit.config.ts to ${made} (its policy covers this task), unless the job is meant to run with the other role`,
      ],
    ]);
    // The config wins: the request keeps its roleArn.
    expect(buildJob(validConfig(), await readJobInputs(dir.dir, file, validConfig())).request.RoleArn).toBe('arn:aws:iam::123456789012:role/GroundTruthExecRole');
  });

  it('is named after gtkit deploy --create-roles too (the deploy state), and not at all once the config names it', async () => {
    expect(roleWarnings(await readJobInputs(dir.dir, undefined, validConfig())).map((p) => p.message)).toEqual([
      `gtkit deploy --create-roles made the Ground Truth execution role ${made} for this job, but the request uses roleArn arn:aws:iam::123456789012:role/GroundTruthExecRole`,
    ]);
    const named = validConfig({ roleArn: made });
    expect(roleWarnings(await readJobInputs(dir.dir, undefined, named))).toEqual([]);
    expect(roleWarnings(await readJobInputs(dir.dir, join(dir.dir, 'stack.json'), named))).toEqual([]);
    // A stack without the output (made by hand) says nothing about roles.
    expect(roleWarnings(await readJobInputs(dir.dir, join(dir.dir, 'old-stack.json'), validConfig()))).toEqual([]);
  });
});

describe('readJobInputs after a deploy to another region', () => {
  it('says the recorded functions come from the last deploy, and that gtkit deploy is the fix', async () => {
    const moved = validConfig({ region: 'us-east-1', s3: { bucket: 'acme-sagemaker-gt', prefix: 'ticket-intent' } });
    const here = await makeTaskDir(moved, { '.gtkit/deploy-state.json': JSON.stringify({ ...state, functions: { acs: deployed('SageMaker-ticket-intent-acs') } }) });
    try {
      const inputs = await readJobInputs(here.dir, undefined, moved);
      expect(inputs.problems?.find((p) => p.path === 'region')).toEqual({
        severity: 'warning',
        path: 'region',
        message: 'the last gtkit deploy went to eu-west-1, the config says us-east-1: the functions it recorded are in eu-west-1',
        fix: 'run gtkit deploy (it deploys the functions to us-east-1 and records their ARNs)',
      });
    } finally {
      await here.cleanup();
    }
  });
});
