import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTaskLambdas, type BuiltTaskLambdas } from '../../../build.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { runJobCommand } from '../../../scaffold/commands/job-command.ts';
import { cloudFormationNextSteps, cloudFormationTemplate, codeKey, stackName, stackOutputsFile, substitutePseudoParameters, type CloudFormationTemplate } from '../../../scaffold/deploy/cloudformation.ts';
import { buildLabelCategoryConfig } from '../../../scaffold/job/label-categories.ts';
import { jobLocations } from '../../../scaffold/job/locations.ts';
import { arnsFromStackOutputs } from '../../../scaffold/deploy/state.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-cfn-');
let task: LoadedTask;
let built: BuiltTaskLambdas;
let template: CloudFormationTemplate;

beforeAll(async () => {
  task = await copyFixture(join(temp.path, 'task'), { linkGtkit: true });
  built = await buildTaskLambdas(task);
  template = cloudFormationTemplate(task.config, built, { runtime: 'nodejs24.x', dataPrefixes: ['s3://acme-data/images/'] });
}, 60_000);

const pseudo = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue']);
const requiredProperties: Record<string, string[]> = {
  'AWS::Lambda::Function': ['Code', 'Role', 'Runtime', 'Handler'],
  'AWS::Lambda::Version': ['FunctionName'],
  'AWS::IAM::Role': ['AssumeRolePolicyDocument'],
  'AWS::Logs::LogGroup': [],
};
/** The values AWS::Logs::LogGroup's RetentionInDays takes. */
const retentionValues = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Structural checks `aws cloudformation deploy` would fail on: unknown keys, dangling references, missing properties. */
function problemsOf(t: CloudFormationTemplate): string[] {
  const problems: string[] = [];
  const allowedTop = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Resources', 'Outputs', 'Conditions', 'Mappings', 'Rules', 'Transform'];
  for (const key of Object.keys(t)) if (!allowedTop.includes(key)) problems.push(`unknown top-level key ${key}`);
  const names = new Set([...Object.keys(t.Resources), ...Object.keys(t.Parameters)]);
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`));
    if (!value || typeof value !== 'object') return;
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0].match(/^(Ref|Fn::.*)$/)) {
      const [fn, arg] = entries[0];
      if (fn === 'Ref' && !(typeof arg === 'string' && (names.has(arg) || pseudo.has(arg)))) problems.push(`${path}: Ref to unknown ${String(arg)}`);
      else if (fn === 'Fn::GetAtt' && !(Array.isArray(arg) && arg.length === 2 && t.Resources[String(arg[0])])) problems.push(`${path}: GetAtt of unknown ${JSON.stringify(arg)}`);
      else if (fn === 'Fn::Sub') {
        if (typeof arg !== 'string') problems.push(`${path}: Fn::Sub without a string`);
        // `${!…}` is Fn::Sub's literal form, not a variable.
        for (const [, name] of String(arg).matchAll(/\$\{([^!}][^}]*)\}/g)) if (!pseudo.has(name ?? '') && !names.has((name ?? '').split('.')[0] ?? '')) problems.push(`${path}: Fn::Sub of unknown ${name}`);
      } else if (!['Ref', 'Fn::GetAtt', 'Fn::Sub'].includes(fn)) problems.push(`${path}: unexpected ${fn}`);
      return;
    }
    for (const [k, v] of entries) visit(v, `${path}.${k}`);
  };
  for (const [id, resource] of Object.entries(t.Resources)) {
    if (!/^[A-Za-z0-9]{1,255}$/.test(id)) problems.push(`bad logical id ${id}`);
    for (const p of requiredProperties[resource.Type] ?? ['?']) if (!(p in resource.Properties)) problems.push(`${id}: ${resource.Type} lacks ${p}`);
    for (const d of resource.DependsOn ?? []) if (!t.Resources[d]) problems.push(`${id}: DependsOn unknown ${d}`);
    if (resource.Type === 'AWS::Logs::LogGroup' && !retentionValues.includes(resource.Properties.RetentionInDays as number)) problems.push(`${id}: RetentionInDays ${String(resource.Properties.RetentionInDays)} is not one CloudWatch Logs takes`);
    visit(resource.Properties, `Resources.${id}.Properties`);
  }
  for (const [id, output] of Object.entries(t.Outputs)) {
    if (output.Value === undefined) problems.push(`Outputs.${id}: no Value`);
    visit(output.Value, `Outputs.${id}.Value`);
  }
  // Plain strings must not carry ${…}: without Fn::Sub CloudFormation would keep them literally.
  const plain = JSON.stringify(t, (k, v) => (k === 'Fn::Sub' ? undefined : v));
  if (plain.includes('${AWS::')) problems.push('a ${AWS::…} placeholder outside Fn::Sub');
  return problems;
}

describe('gtkit deploy --emit-cloudformation', () => {
  it('is a structurally valid template that aws cloudformation deploy accepts as a file', () => {
    expect(problemsOf(template)).toEqual([]);
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    // Over 51,200 bytes `aws cloudformation deploy` needs --s3-bucket.
    expect(Buffer.byteLength(JSON.stringify(template, null, 2))).toBeLessThan(51_200);
  });

  it('has both functions, a version of each, a role per function and Ground Truth\'s, the log groups and the outputs with the ARNs', () => {
    const types = Object.fromEntries(Object.entries(template.Resources).map(([k, v]) => [k.replace(/Version[0-9A-F]{8}$/, 'Version'), v.Type]));
    expect(types).toEqual({
      PreAnnotationRole: 'AWS::IAM::Role',
      ConsolidationRole: 'AWS::IAM::Role',
      GroundTruthExecutionRole: 'AWS::IAM::Role',
      PreAnnotationLogGroup: 'AWS::Logs::LogGroup',
      PreAnnotationFunction: 'AWS::Lambda::Function',
      PreAnnotationFunctionVersion: 'AWS::Lambda::Version',
      ConsolidationLogGroup: 'AWS::Logs::LogGroup',
      ConsolidationFunction: 'AWS::Lambda::Function',
      ConsolidationFunctionVersion: 'AWS::Lambda::Version',
    });
    expect(template.Resources.PreAnnotationFunction?.Properties).toMatchObject({
      FunctionName: 'SageMaker-ticket-intent-pre',
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 30,
      Role: { 'Fn::GetAtt': ['PreAnnotationRole', 'Arn'] },
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'PreCodeKey' } },
    });
    expect(template.Resources.ConsolidationFunction?.Properties.Role).toEqual({ 'Fn::GetAtt': ['ConsolidationRole', 'Arn'] });
    // The tags gtkit deploy gives, with the build of the gtkit that built the code, so a later gtkit deploy can tell another gtkit's.
    expect(template.Resources.ConsolidationFunction?.Properties.Tags).toEqual([
      { Key: 'created-by', Value: 'gtkit' },
      { Key: 'gtkit-job', Value: 'ticket-intent' },
      { Key: 'gtkit-build', Value: built.acs.gtkitBuild },
    ]);
    expect(built.acs.gtkitBuild).toMatch(/^[0-9a-f]{12}$/);
    const version = Object.entries(template.Resources).find(([k]) => k.startsWith('ConsolidationFunctionVersion'))?.[1];
    expect(version?.Properties).toMatchObject({ FunctionName: { Ref: 'ConsolidationFunction' }, CodeSha256: built.acs.codeSha256 });
    expect(version).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(Object.keys(template.Outputs).sort()).toEqual([
      'ConsolidationLambdaArn',
      'ConsolidationLambdaVersionArn',
      'ConsolidationRoleArn',
      'GroundTruthExecutionRoleArn',
      'PreAnnotationLambdaArn',
      'PreAnnotationLambdaVersionArn',
      'PreAnnotationRoleArn',
    ]);
    expect(template.Outputs.PreAnnotationLambdaArn?.Value).toEqual({ 'Fn::GetAtt': ['PreAnnotationFunction', 'Arn'] });
    expect(template.Parameters.PreCodeKey?.Default).toBe(codeKey(task.config, built.pre));
    expect(template.Parameters.PreCodeKey?.Default).toMatch(/^tickets\/lambda\/pre-[0-9a-f]{16}\.zip$/);
  });

  it('carries the same least-privilege policies as --create-roles, account and region left to CloudFormation', () => {
    const gt = JSON.stringify(template.Resources.GroundTruthExecutionRole?.Properties);
    expect(gt).not.toContain('111122223333');
    expect(gt).toContain('{"Fn::Sub":"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:SageMaker-ticket-intent-pre"}');
    expect(gt).toContain('{"Fn::Sub":"arn:${AWS::Partition}:s3:::acme-data/images/*"}');
    expect(gt).not.toContain('ManagedPolicyArns');
    const acsRole = JSON.stringify(template.Resources.ConsolidationRole?.Properties);
    const preRole = JSON.stringify(template.Resources.PreAnnotationRole?.Properties);
    for (const role of [acsRole, preRole]) expect(role).toContain('"Principal":{"Service":"lambda.amazonaws.com"}');
    expect(acsRole).toContain('acme-sagemaker-gt/tickets/output/*');
    // The PRE parses untrusted manifest lines: nothing of the job's output, no write, no delete.
    expect(preRole).not.toMatch(/tickets\/output|s3:PutObject|s3:DeleteObject/);
    expect(preRole).toContain('log-group:/aws/lambda/SageMaker-ticket-intent-pre');
    expect(preRole).not.toContain('SageMaker-ticket-intent-acs');
    expect(acsRole).not.toContain('kms:');
    const withKey = cloudFormationTemplate({ ...task.config, s3: { ...task.config.s3, kmsKeyId: 'alias/labels' } }, built, { runtime: 'nodejs22.x' });
    expect(problemsOf(withKey)).toEqual([]);
    // An alias grants the keys that carry it (an alias ARN as Resource would grant nothing).
    expect(JSON.stringify(withKey.Resources.ConsolidationRole)).toContain('"Resource":{"Fn::Sub":"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*"},"Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/labels"}}');
    expect(withKey.Resources.ConsolidationFunction?.Properties.Runtime).toBe('nodejs22.x');
    // A text classifier's Lambdas never read the data; a named-entity task's PRE reads its text, and its ACS never.
    expect(acsRole).not.toContain('acme-data');
    expect(preRole).not.toContain('acme-data');
    const ner = cloudFormationTemplate({ ...task.config, type: 'named-entity', labels: [{ label: 'person' }] }, built, { runtime: 'nodejs24.x', dataPrefixes: ['s3://acme-data/docs/'] });
    expect(problemsOf(ner)).toEqual([]);
    expect(JSON.stringify(ner.Resources.ConsolidationRole?.Properties)).not.toContain('acme-data');
    const nerRole = JSON.stringify(ner.Resources.PreAnnotationRole?.Properties);
    expect(nerRole).toContain('"Sid":"ReadSourceText","Effect":"Allow","Action":"s3:GetObject","Resource":[{"Fn::Sub":"arn:${AWS::Partition}:s3:::acme-data/docs/*"}]');
    expect(nerRole).toContain('"Action":"s3:ListBucket","Resource":[{"Fn::Sub":"arn:${AWS::Partition}:s3:::acme-data"}]');
  });

  it('declares both functions\' log groups with lambdas.logRetentionDays (30 by default), before the functions, and no KMS key', () => {
    expect(template.Resources.PreAnnotationLogGroup?.Properties).toMatchObject({ LogGroupName: '/aws/lambda/SageMaker-ticket-intent-pre', RetentionInDays: 30 });
    expect(template.Resources.ConsolidationLogGroup?.Properties).toMatchObject({ LogGroupName: '/aws/lambda/SageMaker-ticket-intent-acs', RetentionInDays: 30 });
    expect(template.Resources.PreAnnotationFunction?.DependsOn).toEqual(['PreAnnotationLogGroup']);
    expect(template.Resources.ConsolidationFunction?.DependsOn).toEqual(['ConsolidationLogGroup']);
    const year = cloudFormationTemplate({ ...task.config, lambdas: { ...task.config.lambdas, logRetentionDays: 365 }, s3: { ...task.config.s3, kmsKeyId: 'alias/labels' } }, built, { runtime: 'nodejs24.x' });
    expect(problemsOf(year)).toEqual([]);
    expect(year.Resources.ConsolidationLogGroup?.Properties.RetentionInDays).toBe(365);
    // The reference says nothing of log groups and the job's S3 key: CloudWatch Logs' own encryption.
    expect(year.Resources.ConsolidationLogGroup?.Properties).not.toHaveProperty('KmsKeyId');
  });

  it('is deterministic, and a code change means a new code key and a new version resource', async () => {
    expect(JSON.stringify(cloudFormationTemplate(task.config, built, { runtime: 'nodejs24.x', dataPrefixes: ['s3://acme-data/images/'] }))).toBe(JSON.stringify(template));
    const changedTask = await copyFixture(join(temp.path, 'changed'));
    await writeFile(changedTask.paths.acs, `${await readFile(changedTask.paths.acs, 'utf8')}\nexport const marker = 1;\n`);
    const changed = cloudFormationTemplate(task.config, await buildTaskLambdas(changedTask), { runtime: 'nodejs24.x' });
    expect(changed.Parameters.AcsCodeKey?.Default).not.toBe(template.Parameters.AcsCodeKey?.Default);
    expect(changed.Parameters.PreCodeKey?.Default).toBe(template.Parameters.PreCodeKey?.Default);
    const versions = (t: CloudFormationTemplate) => Object.keys(t.Resources).filter((k) => k.includes('Version')).sort();
    expect(versions(changed)[0]).not.toBe(versions(template)[0]);
    expect(versions(changed)[1]).toBe(versions(template)[1]);
  });

  it('the command writes the template and says how to deploy it; gtkit job takes the ARNs from the stack outputs', async () => {
    const file = join(temp.path, 'out', 'stack.template.json');
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: file }, { out: (l) => out.push(l), err: () => {} });
    const written = JSON.parse(await readFile(file, 'utf8')) as CloudFormationTemplate;
    expect(problemsOf(written)).toEqual([]);
    expect(out.join('\n')).toContain(
      `aws cloudformation deploy --template-file ${file} --stack-name ${stackName(task.config)} --capabilities CAPABILITY_IAM --region eu-west-1 --parameter-overrides CodeBucket=acme-sagemaker-gt PreCodeKey=${codeKey(task.config, built.pre)} AcsCodeKey=${codeKey(task.config, built.acs)}`,
    );
    expect(out.join('\n')).toContain(`aws s3 cp ${built.acs.zipFile} s3://acme-sagemaker-gt/${codeKey(task.config, built.acs)}`);
    // The stack holds no job files: the request names them, so the steps copy them as gtkit deploy uploads them.
    const where = jobLocations(task.config);
    const labelFile = join(task.dir, '.gtkit', 'label-categories.json');
    expect(out.join('\n')).toContain(`aws s3 cp ${task.paths.template} ${where.template} --metadata gtkit-job=ticket-intent`);
    expect(out.join('\n')).toContain(`aws s3 cp ${task.paths.manifest} ${where.manifest} --metadata gtkit-job=ticket-intent`);
    expect(out.join('\n')).toContain(`aws s3 cp ${labelFile} ${where.labelCategories} --metadata gtkit-job=ticket-intent`);
    // The zips belong to no job's files: no job recorded on them.
    expect(out.filter((l) => l.includes('.zip') && l.includes('--metadata'))).toEqual([]);
    expect(JSON.parse(await readFile(labelFile, 'utf8'))).toEqual(buildLabelCategoryConfig(task.config));
    // The outputs go to a file of their own, not over the template.
    expect(out.join('\n')).toContain(`> ${join(temp.path, 'out', 'stack.template-outputs.json')}`);

    // What describe-stacks prints once the stack exists.
    const fnArn = (n: string) => `arn:aws:lambda:eu-west-1:111122223333:function:${n}`;
    const values: Record<string, string> = {
      PreAnnotationLambdaArn: fnArn('SageMaker-ticket-intent-pre'),
      ConsolidationLambdaArn: fnArn('SageMaker-ticket-intent-acs'),
      PreAnnotationLambdaVersionArn: `${fnArn('SageMaker-ticket-intent-pre')}:1`,
      ConsolidationLambdaVersionArn: `${fnArn('SageMaker-ticket-intent-acs')}:1`,
      PreAnnotationRoleArn: 'arn:aws:iam::111122223333:role/gtkit-ticket-intent-PreAnnotationRole-1A2B',
      ConsolidationRoleArn: 'arn:aws:iam::111122223333:role/gtkit-ticket-intent-ConsolidationRole-5E6F',
      GroundTruthExecutionRoleArn: 'arn:aws:iam::111122223333:role/gtkit-ticket-intent-GroundTruthExecutionRole-3C4D',
    };
    const described = { Stacks: [{ StackName: stackName(task.config), Outputs: Object.keys(written.Outputs).map((k) => ({ OutputKey: k, OutputValue: values[k] ?? '', Description: written.Outputs[k]?.Description })) }] };
    expect(arnsFromStackOutputs(described)).toMatchObject({ pre: values.PreAnnotationLambdaArn, groundTruthRole: values.GroundTruthExecutionRoleArn });
    // An older gtkit's stack, with its one role of both functions, gives its functions all the same.
    const older = { Outputs: [{ OutputKey: 'PreAnnotationLambdaArn', OutputValue: values.PreAnnotationLambdaArn }, { OutputKey: 'ConsolidationLambdaArn', OutputValue: values.ConsolidationLambdaArn }, { OutputKey: 'LambdaExecutionRoleArn', OutputValue: 'arn:aws:iam::111122223333:role/old' }] };
    expect(arnsFromStackOutputs(older as never)).toEqual({ pre: values.PreAnnotationLambdaArn, acs: values.ConsolidationLambdaArn });
    // An older stack's update: what happens to its shared role, and the log groups Lambda made already.
    const note = out.find((l) => l.includes('older gtkit')) ?? '';
    expect(note).toContain('CloudFormation deletes the old LambdaExecutionRole');
    expect(note).toContain('aws logs delete-log-group --log-group-name /aws/lambda/SageMaker-ticket-intent-pre --region eu-west-1');
    // Said as a condition the reader checks first, and the deletion only after the deploy line stopped at a group: a new stack never runs it.
    expect(note).toMatch(/^ {2}# Only for a stack an older gtkit made \(aws cloudformation describe-stacks --stack-name gtkit-ticket-intent --region eu-west-1 lists an output LambdaExecutionRoleArn; a new stack skips this\): /);
    expect(note.indexOf('If the deploy line then stops at a log group')).toBeLessThan(note.indexOf('aws logs delete-log-group'));
    const stackFile = join(temp.path, 'stack.json');
    await writeFile(stackFile, JSON.stringify(described));
    const jobOut: string[] = [];
    await runJobCommand(task.dir, { json: true, stackOutputs: stackFile }, { output: { out: (l) => jobOut.push(l), err: () => {} } });
    const request = JSON.parse(jobOut.join('\n')).request;
    expect(request.HumanTaskConfig.PreHumanTaskLambdaArn).toBe(values.PreAnnotationLambdaArn);
    expect(request.HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn).toBe(values.ConsolidationLambdaArn);
  });

  it('--json prints the template path, resources, outputs and next steps', async () => {
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: join(temp.path, 'j.json'), json: true, runtime: 'nodejs22.x' }, { out: (l) => out.push(l), err: () => {} });
    const result = JSON.parse(out.join('\n'));
    expect(result.ok).toBe(true);
    expect(result.outputs).toContain('GroundTruthExecutionRoleArn');
    expect(result.next).toHaveLength(9);
    expect(JSON.parse(await readFile(join(temp.path, 'j.json'), 'utf8')).Resources.PreAnnotationFunction.Properties.Runtime).toBe('nodejs22.x');
  });
});

describe('manifest folders with ${…}, * and ?', () => {
  it('stay literal: IAM\'s ${$} ${*} ${?}, written ${!…} so Fn::Sub leaves them alone', () => {
    const odd = cloudFormationTemplate(task.config, built, { runtime: 'nodejs24.x', dataPrefixes: ['s3://acme-data/imgs/${batch}/', 's3://acme-data/imgs*/', 's3://acme-data/q?/'] });
    expect(problemsOf(odd)).toEqual([]);
    const read = (odd.Resources.GroundTruthExecutionRole?.Properties.Policies as Array<{ PolicyDocument: { Statement: Array<{ Sid: string; Resource: unknown }> } }>)[0]?.PolicyDocument.Statement.find((x) => x.Sid === 'ReadTaskFilesAndData')?.Resource;
    expect(read).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::acme-sagemaker-gt/tickets/*' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::acme-data/imgs/${!$}{batch}/*' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::acme-data/imgs${!*}/*' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::acme-data/q${!?}/*' },
    ]);
  });
});

describe('cloudFormationNextSteps', () => {
  it('quotes paths with spaces for the shell and names the task folder for gtkit job', () => {
    const spaced = { ...built, pre: { ...built.pre, zipFile: '/tmp/my task/.gtkit/build/pre.zip' }, acs: { ...built.acs, zipFile: "/tmp/my task/.gtkit/build/it's.zip" } };
    const steps = cloudFormationNextSteps(task.config, spaced, '/tmp/my task/stack out.json', '/tmp/my task', [{ file: '/tmp/my task/template.liquid.html', uri: 's3://acme-sagemaker-gt/tickets/templates/template.liquid.html' }]);
    expect(steps).toEqual([
      `aws s3 cp '/tmp/my task/.gtkit/build/pre.zip' s3://acme-sagemaker-gt/${codeKey(task.config, built.pre)}`,
      `aws s3 cp '/tmp/my task/.gtkit/build/it'\\''s.zip' s3://acme-sagemaker-gt/${codeKey(task.config, built.acs)}`,
      "aws s3 cp '/tmp/my task/template.liquid.html' s3://acme-sagemaker-gt/tickets/templates/template.liquid.html --metadata gtkit-job=ticket-intent",
      expect.stringMatching(/^# Only for a stack an older gtkit made /),
      `aws cloudformation deploy --template-file '/tmp/my task/stack out.json' --stack-name gtkit-ticket-intent --capabilities CAPABILITY_IAM --region eu-west-1 --parameter-overrides CodeBucket=acme-sagemaker-gt PreCodeKey=${codeKey(task.config, built.pre)} AcsCodeKey=${codeKey(task.config, built.acs)}`,
      "aws cloudformation describe-stacks --stack-name gtkit-ticket-intent --region eu-west-1 > '/tmp/my task/stack out-outputs.json'",
      "gtkit job '/tmp/my task' --stack-outputs '/tmp/my task/stack out-outputs.json'",
    ]);
  });

  it('names the zips\' keys in the deploy line: an existing stack keeps its last parameter values, so a rebuilt function would keep its old zip', () => {
    const deployLine = (b: BuiltTaskLambdas) => cloudFormationNextSteps(task.config, b, '/t/stack.json').find((s) => s.startsWith('aws cloudformation deploy')) ?? '';
    const rebuilt = { ...built, acs: { ...built.acs, zip: new Uint8Array([...built.acs.zip, 0]) } };
    const template = cloudFormationTemplate(task.config, rebuilt, { runtime: 'nodejs24.x' });
    const overrides = deployLine(rebuilt).split(' --parameter-overrides ')[1]?.split(' ') ?? [];
    // Every parameter of the template, with the value this build needs (the defaults count only when the stack is created).
    expect(Object.fromEntries(overrides.map((w) => w.split('=') as [string, string]))).toEqual(Object.fromEntries(Object.entries(template.Parameters).map(([k, p]) => [k, p.Default])));
    expect(deployLine(rebuilt)).not.toBe(deployLine(built));
  });

  it('saves the stack outputs beside the template, never over it (the README names the template stack.json)', () => {
    const steps = cloudFormationNextSteps(task.config, built, join(process.cwd(), 'stack.json'));
    expect(steps.at(-2)).toBe('aws cloudformation describe-stacks --stack-name gtkit-ticket-intent --region eu-west-1 > stack-outputs.json');
    expect(steps.at(-1)).toBe('gtkit job --stack-outputs stack-outputs.json');
    expect(stackOutputsFile('/t/cfn/stack.template.json')).toBe('/t/cfn/stack.template-outputs.json');
    expect(stackOutputsFile('/t/stack-outputs')).toBe('/t/stack-outputs-outputs.json');
  });

  it('uploads with the task\'s KMS key when it has one, as gtkit deploy does', () => {
    const config = { ...task.config, s3: { ...task.config.s3, kmsKeyId: 'alias/gt-output' } };
    const steps = cloudFormationNextSteps(config, built, '/t/stack.json', '/t', [{ file: '/t/manifest.jsonl', uri: 's3://acme-sagemaker-gt/tickets/input/manifest.jsonl' }]);
    const copies = steps.filter((s) => s.startsWith('aws s3 cp'));
    expect(copies).toHaveLength(3);
    for (const line of copies) expect(line).toMatch(/ --sse aws:kms --sse-kms-key-id alias\/gt-output$/);
  });
});

describe('substitutePseudoParameters', () => {
  it('wraps only strings with ${AWS::…} and leaves the rest alone', () => {
    expect(substitutePseudoParameters({ a: 'arn:${AWS::Partition}:x', b: ['plain', 3, null, true], c: { d: '${NotPseudo}' } })).toEqual({
      a: { 'Fn::Sub': 'arn:${AWS::Partition}:x' },
      b: ['plain', 3, null, true],
      c: { d: '${NotPseudo}' },
    });
  });

  it('writes any other ${ of a substituted string as ${!, the literal form', () => {
    expect(substitutePseudoParameters('arn:${AWS::Partition}:s3:::b/${batch}/${*}/${AWS::Region}')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b/${!batch}/${!*}/${AWS::Region}' });
  });
});
