import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../../scaffold/commands/deploy.ts';
import { runJobCommand } from '../../../scaffold/commands/job.ts';
import { deployTask, DeployError, type DeployClients } from '../../../scaffold/deploy/deploy.ts';
import { readDeployState } from '../../../scaffold/deploy/state.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

const lambda = mockClient(LambdaClient);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const bucket = 'sagemaker-us-east-1-123456789012-groundtruth';
let s3: LocalS3;
let root: string;
let task: LoadedTask;
const lines: string[] = [];
const progress = (l: string) => lines.push(l);

function clients(): DeployClients {
  return { lambda: new LambdaClient({ region: 'us-east-1' }), iam: new IAMClient({ region: 'us-east-1' }), sts: new STSClient({ region: 'us-east-1' }), s3: s3.client, sleep: async () => {} };
}

const arnOf = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

beforeAll(async () => {
  s3 = await startLocalS3([bucket]);
  root = await mkdtemp(join(tmpdir(), 'gtkit-deploy-'));
  await initTask({ dir: join(root, 'task'), type: 'text-classification', jobName: 'intent-job' });
  task = await loadTask(join(root, 'task'));
  task.config.lambdas.executionRoleArn = 'arn:aws:iam::123456789012:role/SageMaker-intent-job-lambda';
});
afterAll(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  lambda.reset();
  iam.reset();
  sts.reset();
  lines.length = 0;
});

function mockCreatePath() {
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  const notFound = Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' });
  let created = new Set<string>();
  lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
    if (!created.has(input.FunctionName)) throw notFound;
    return { FunctionName: input.FunctionName, FunctionArn: arnOf(input.FunctionName), State: 'Active', LastUpdateStatus: 'Successful' };
  });
  lambda.on(CreateFunctionCommand).callsFake((input: { FunctionName: string }) => {
    created.add(input.FunctionName);
    return { FunctionArn: arnOf(input.FunctionName) };
  });
  lambda.on(PublishVersionCommand).callsFake((input: { FunctionName: string }) => ({ FunctionArn: `${arnOf(input.FunctionName)}:1` }));
  return () => (created = new Set());
}

describe('gtkit deploy', () => {
  it('create path: uploads the job files to S3, creates both functions on nodejs24.x, publishes versions, records the ARNs', async () => {
    mockCreatePath();
    const result = await deployTask(task, {}, clients(), progress);
    expect(result.functions.pre).toMatchObject({ action: 'created', arn: arnOf('SageMaker-intent-job-pre'), versionArn: `${arnOf('SageMaker-intent-job-pre')}:1` });
    const create = lambda.commandCalls(CreateFunctionCommand)[0]?.args[0].input;
    expect(create).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Role: task.config.lambdas.executionRoleArn, MemorySize: 256, Timeout: 30 });
    const template = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'intent-job/templates/template.liquid.html' }));
    expect(await template.Body?.transformToString()).toContain('crowd-classifier');
    const labels = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'intent-job/config/label-categories.json' }));
    expect(JSON.parse((await labels.Body?.transformToString()) ?? '{}')).toMatchObject({ 'document-version': '2018-11-28' });
    const state = await readDeployState(task.dir);
    expect(state?.functions.acs?.arn).toBe(arnOf('SageMaker-intent-job-acs'));
    expect(lines.join('\n')).toContain('recorded the ARNs');
    // gtkit job now references the deployed ARNs.
    const out: string[] = [];
    await runJobCommand(task.dir, { json: true }, { output: { out: (l) => out.push(l), err: () => {} } });
    expect(JSON.parse(out[0] ?? '{}').request.HumanTaskConfig.PreHumanTaskLambdaArn).toBe(arnOf('SageMaker-intent-job-pre'));
  });

  it('unchanged path: same code SHA-256 and settings, no update and no new version', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    const state = await readDeployState(task.dir);
    const sha = state?.functions.pre?.codeSha256;
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => ({
      FunctionName: input.FunctionName,
      FunctionArn: arnOf(input.FunctionName),
      CodeSha256: input.FunctionName.endsWith('-pre') ? sha : state?.functions.acs?.codeSha256,
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Role: task.config.lambdas.executionRoleArn,
      MemorySize: input.FunctionName.endsWith('-pre') ? 256 : 1024,
      Timeout: input.FunctionName.endsWith('-pre') ? 30 : 300,
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      State: 'Active',
      LastUpdateStatus: 'Successful',
    }));
    const result = await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(result.functions.pre?.action).toBe('unchanged');
    expect(result.functions.acs?.action).toBe('unchanged');
    expect(lambda.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(0);
    expect(lambda.commandCalls(PublishVersionCommand)).toHaveLength(0);
  });

  it('update path: changed code is uploaded, changed settings updated, then a version is published; throttling is retried', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => ({ FunctionName: input.FunctionName, FunctionArn: arnOf(input.FunctionName), CodeSha256: 'old', Runtime: 'nodejs22.x', Handler: 'index.handler', State: 'Active', LastUpdateStatus: 'Successful' }));
    lambda
      .on(UpdateFunctionCodeCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))
      .resolves({});
    lambda.on(UpdateFunctionConfigurationCommand).resolves({});
    lambda.on(PublishVersionCommand).callsFake((input: { FunctionName: string }) => ({ FunctionArn: `${arnOf(input.FunctionName)}:7` }));
    const result = await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(result.functions.acs).toMatchObject({ action: 'updated-code', versionArn: `${arnOf('SageMaker-intent-job-acs')}:7` });
    expect(lambda.commandCalls(UpdateFunctionCodeCommand).length).toBe(3); // one throttled, then pre and acs
    expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0]?.args[0].input.Runtime).toBe('nodejs24.x');
    expect(lines.some((l) => l.includes('TooManyRequestsException, retry 1'))).toBe(true);
  });

  it('explains AccessDenied: which action on which resource is missing', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
    lambda.on(GetFunctionConfigurationCommand).rejects(Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' }));
    lambda.on(CreateFunctionCommand).rejects(
      Object.assign(new Error('User: arn:aws:iam::123456789012:user/dev is not authorized to perform: lambda:CreateFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:SageMaker-intent-job-pre because no identity-based policy allows the lambda:CreateFunction action'), { name: 'AccessDeniedException' }),
    );
    const run = deployTask(task, { skipUploads: true }, clients(), progress);
    await expect(run).rejects.toBeInstanceOf(DeployError);
    await expect(run).rejects.toThrow('arn:aws:iam::123456789012:user/dev lacks the permission lambda:CreateFunction on arn:aws:lambda:us-east-1:123456789012:function:SageMaker-intent-job-pre');
  });

  it('--create-roles makes both roles with least-privilege inline policies', async () => {
    mockCreatePath();
    iam.on(GetRoleCommand).rejects(Object.assign(new Error('not found'), { name: 'NoSuchEntityException' }));
    iam.on(CreateRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { Arn: `arn:aws:iam::123456789012:role/${input.RoleName}` } }));
    iam.on(PutRolePolicyCommand).resolves({});
    iam.on(AttachRolePolicyCommand).resolves({});
    const { executionRoleArn: _ignored, ...lambdas } = task.config.lambdas;
    const withoutRole = { ...task, config: { ...task.config, lambdas } };
    await deployTask(withoutRole, { createRoles: true, skipUploads: true }, clients(), progress);
    const policies = iam.commandCalls(PutRolePolicyCommand).map((c) => JSON.parse(c.args[0].input.PolicyDocument ?? '{}'));
    expect(JSON.stringify(policies[0])).toContain(`arn:aws:s3:::${bucket}/intent-job/output/*`);
    expect(JSON.stringify(policies[1])).toContain('lambda:InvokeFunction');
    expect(iam.commandCalls(AttachRolePolicyCommand)[0]?.args[0].input.PolicyArn).toBe('arn:aws:iam::aws:policy/AmazonSageMakerGroundTruthExecution');
    expect(lambda.commandCalls(CreateFunctionCommand)[0]?.args[0].input.Role).toBe('arn:aws:iam::123456789012:role/SageMaker-intent-job-lambda');
  });

  it('--dry-run prints the plan and calls nothing', async () => {
    await deployTask(task, { dryRun: true }, clients(), progress);
    expect(sts.calls()).toHaveLength(0);
    expect(lambda.calls()).toHaveLength(0);
    expect(lines.filter((l) => l.startsWith('plan: '))).toHaveLength(6);
  });

  it('refuses nodejs20.x', async () => {
    await expect(runDeployCommand(task.dir, { runtime: 'nodejs20.x' })).rejects.toThrow(/nodejs20\.x left standard support/);
  });

  it('--emit-cloudformation writes a template with both functions, both roles and the ARN outputs', async () => {
    const file = join(root, 'stack.json');
    const out: string[] = [];
    await runDeployCommand(task.dir, { emitCloudformation: file }, { out: (l) => out.push(l), err: () => {} });
    const template = JSON.parse(await readFile(file, 'utf8'));
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(Object.entries(template.Resources).map(([k, v]) => `${k}:${(v as { Type: string }).Type}`).sort()).toEqual([
      'ConsolidationFunction:AWS::Lambda::Function',
      'GroundTruthExecutionRole:AWS::IAM::Role',
      'LambdaExecutionRole:AWS::IAM::Role',
      'PreAnnotationFunction:AWS::Lambda::Function',
    ]);
    expect(template.Resources.PreAnnotationFunction.Properties).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', FunctionName: 'SageMaker-intent-job-pre' });
    expect(Object.keys(template.Outputs).sort()).toEqual(['ConsolidationLambdaArn', 'GroundTruthExecutionRoleArn', 'PreAnnotationLambdaArn']);
    expect(out.join('\n')).toContain('aws cloudformation deploy --template-file');
  });
});
