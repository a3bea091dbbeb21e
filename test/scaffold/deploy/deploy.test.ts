import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionCommand, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTaskLambdas } from '../../../build.ts';
import { CliError, ExitCode, UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { runDeployCommand } from '../../../scaffold/commands/deploy-command.ts';
import { runJobCommand } from '../../../scaffold/commands/job-command.ts';
import { deployTask, DeployError, DeployStepError, type DeployClients } from '../../../scaffold/deploy/deploy.ts';
import { readDeployState } from '../../../scaffold/deploy/state.ts';
import { readJobInputs } from '../../../scaffold/job/job-inputs.ts';
import type { LoadedTask } from '../../../scaffold/task/load-task.ts';
import { copyFixture } from '../build/fixture.ts';
import { account, arnOf, awsError } from './fake-lambda.ts';
import { deployHarness } from './harness.ts';

const bucket = 'acme-sagemaker-gt';
const harness = deployHarness([bucket], 'gtkit-deploy-');
const { lambdaMock, iamMock, stsMock } = harness;
const preName = 'SageMaker-ticket-intent-pre';
const acsName = 'SageMaker-ticket-intent-acs';
const lambdaRole = 'arn:aws:iam::111122223333:role/SageMaker-ticket-intent-lambda';

let counter = 0;
let lines: string[];
let sleeps: number[];

/** A fresh copy of the fixture task, so each test starts without deploy state. */
async function freshTask(): Promise<LoadedTask> {
  counter += 1;
  return copyFixture(join(harness.root, `task-${counter}`), { linkGtkit: true });
}

/** The harness's clients, with each wait between retries recorded in `sleeps`. */
function clients(overrides: Partial<DeployClients> = {}): DeployClients {
  return harness.clients({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}
const progress = (line: string) => lines.push(line);
const text = async (key: string) => (await harness.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();

beforeEach(() => {
  lines = [];
  sleeps = [];
});

describe('gtkit deploy: create, unchanged, update', () => {
  it('create path: uploads the job files to S3, creates both functions on nodejs24.x, waits, publishes versions, records the ARNs for gtkit job', async () => {
    const task = await freshTask();
    const result = await deployTask(task, {}, clients(), progress);

    // S3 (s3rver): template, label categories from the config, manifest.
    expect(await text('tickets/templates/template.liquid.html')).toBe(await readFile(task.paths.template, 'utf8'));
    expect(JSON.parse((await text('tickets/config/label-categories.json')) ?? '')).toEqual({ 'document-version': '2018-11-28', labels: [{ label: 'refund' }, { label: 'delivery' }, { label: 'other' }] });
    expect(await text('tickets/input/manifest.jsonl')).toBe(await readFile(task.paths.manifest, 'utf8'));
    expect(result.uploads).toEqual({
      template: `s3://${bucket}/tickets/templates/template.liquid.html`,
      labelCategories: `s3://${bucket}/tickets/config/label-categories.json`,
      manifest: `s3://${bucket}/tickets/input/manifest.jsonl`,
    });

    // Lambda: created with the configured settings and the built zip.
    const built = await buildTaskLambdas(task);
    const creates = lambdaMock.commandCalls(CreateFunctionCommand).map((c) => c.args[0].input);
    expect(creates.map((c) => c.FunctionName)).toEqual([preName, acsName]);
    expect(creates[0]).toMatchObject({ Runtime: 'nodejs24.x', Handler: 'index.handler', Role: lambdaRole, MemorySize: 256, Timeout: 30, PackageType: 'Zip', Publish: false });
    expect(creates[1]).toMatchObject({ MemorySize: 1024, Timeout: 300, Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: acsName } }, Tags: { 'created-by': 'gtkit', 'gtkit-job': 'ticket-intent' } });
    expect(Buffer.from(creates[0]?.Code?.ZipFile ?? []).equals(Buffer.from(built.pre.zip))).toBe(true);
    expect(lambdaMock.commandCalls(PublishVersionCommand).map((c) => c.args[0].input)).toEqual([
      { FunctionName: preName, CodeSha256: built.pre.codeSha256, Description: `gtkit ${built.pre.codeSha256}` },
      { FunctionName: acsName, CodeSha256: built.acs.codeSha256, Description: `gtkit ${built.acs.codeSha256}` },
    ]);
    expect(result.functions.pre).toMatchObject({ action: 'created', arn: arnOf(preName), versionArn: `${arnOf(preName)}:1`, codeSha256: built.pre.codeSha256 });

    // The deploy state, and gtkit job filling it into the request.
    const state = await readDeployState(task.dir);
    expect(state).toMatchObject({ version: 1, region: 'eu-west-1', account, uploads: result.uploads });
    expect(state?.functions.acs).toMatchObject({ name: acsName, arn: arnOf(acsName), versionArn: `${arnOf(acsName)}:1`, codeSha256: built.acs.codeSha256, runtime: 'nodejs24.x' });
    const out: string[] = [];
    await runJobCommand(task.dir, { json: true }, { output: { out: (l) => out.push(l), err: () => {} } });
    const request = JSON.parse(out.join('\n')).request;
    expect(request.HumanTaskConfig.PreHumanTaskLambdaArn).toBe(arnOf(preName));
    expect(request.HumanTaskConfig.AnnotationConsolidationConfig.AnnotationConsolidationLambdaArn).toBe(arnOf(acsName));
    expect(request.HumanTaskConfig.UiConfig.UiTemplateS3Uri).toBe(result.uploads.template);
    expect(request.LabelCategoryConfigS3Uri).toBe(result.uploads.labelCategories);

    // Progress for every step.
    const headers = lines.filter((l) => !l.startsWith('  ')).map((l) => l.split(':')[0]);
    expect(headers).toEqual(['build', 'account', 'upload', 'lambda', 'lambda', 'state']);
    expect(lines).toContain("  load: importing both bundles, as Lambda's cold start does");
    expect(lines).toContain(`  ${preName}: waiting until active`);
    // Each function's log group made before its first run, with lambdas.logRetentionDays (30 by default).
    expect(result.logGroups).toEqual([
      { functionName: preName, logGroup: `/aws/lambda/${preName}`, retentionDays: 30, status: 'created' },
      { functionName: acsName, logGroup: `/aws/lambda/${acsName}`, retentionDays: 30, status: 'created' },
    ]);
    expect([...harness.logGroups]).toEqual([
      [`/aws/lambda/${preName}`, 30],
      [`/aws/lambda/${acsName}`, 30],
    ]);
    expect(lines).toContain(`  log group /aws/lambda/${acsName}: created, retention 30 days`);
    expect(lines.some((l) => l.includes('aws logs'))).toBe(false);
  });

  it('unchanged path: same CodeSha256 and settings, nothing uploaded, no new version (PublishVersion returns the last one), the recorded version kept', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    lambdaMock.resetHistory();
    harness.logsMock.resetHistory();
    const result = await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(result.functions.pre).toMatchObject({ action: 'unchanged', changes: [], versionArn: `${arnOf(preName)}:1` });
    expect(result.functions.acs?.action).toBe('unchanged');
    const called = lambdaMock.calls().map((c) => (c.args[0] as object).constructor.name);
    expect(called.filter((n) => n !== 'GetFunctionCommand')).toEqual(['PublishVersionCommand', 'PublishVersionCommand']);
    // One GetFunction per function: the look that tells whose it is also gives the update its current settings.
    expect(called.filter((n) => n === 'GetFunctionCommand')).toHaveLength(2);
    expect(harness.fake.functions.get(preName)?.versions).toHaveLength(1);
    expect(lines.some((l) => l.includes(`${preName}: unchanged (CodeSha256`) && l.includes('nothing uploaded'))).toBe(true);
    // The log groups are there: their retention is set again (one call each), so they follow the config.
    expect(result.logGroups.map((g) => g.status)).toEqual(['set', 'set']);
    expect(harness.logsMock.calls().map((c) => c.args[0].input)).toEqual([
      { logGroupName: `/aws/lambda/${preName}`, retentionInDays: 30 },
      { logGroupName: `/aws/lambda/${acsName}`, retentionInDays: 30 },
    ]);
    expect(harness.logsMock.commandCalls(CreateLogGroupCommand)).toHaveLength(0);
  });

  it('log groups: a retention changed in the config reaches groups that exist; a dry run lists the steps and calls nothing', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    task.config.lambdas.logRetentionDays = 90;
    const dry = await deployTask(task, { dryRun: true, skipUploads: true }, clients(), () => {});
    expect(dry.plan.filter((p) => p.includes('log group'))).toEqual([
      `create log group /aws/lambda/${preName} unless it exists, and set its retention to 90 days (lambdas.logRetentionDays)`,
      `create log group /aws/lambda/${acsName} unless it exists, and set its retention to 90 days (lambdas.logRetentionDays)`,
    ]);
    expect(dry.logGroups).toEqual([]);
    expect([...harness.logGroups.values()]).toEqual([30, 30]);
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.logGroups.map((g) => [g.status, g.retentionDays])).toEqual([
      ['set', 90],
      ['set', 90],
    ]);
    expect([...harness.logGroups.values()]).toEqual([90, 90]);
  });

  it('log groups: a refused CloudWatch Logs call is a warning that names the permission and gives the AWS CLI commands; the deploy succeeds', async () => {
    const task = await freshTask();
    const denied = (action: string) => awsError('AccessDeniedException', `User: arn:aws:iam::${account}:user/dev is not authorized to perform: ${action} on resource: arn:aws:logs:eu-west-1:${account}:log-group:/aws/lambda/${preName}`, 400);
    harness.logsMock.on(CreateLogGroupCommand).rejects(denied('logs:CreateLogGroup'));
    const result = await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(result.functions.pre?.action).toBe('created');
    expect(result.functions.acs?.action).toBe('created');
    expect((await readDeployState(task.dir))?.functions.acs?.name).toBe(acsName);
    expect(result.logGroups[0]).toMatchObject({ status: 'failed', missingPermission: { action: 'logs:CreateLogGroup', resource: `arn:aws:logs:eu-west-1:${account}:log-group:/aws/lambda/${preName}` } });
    expect(result.logGroups[0]?.commands).toEqual([
      `aws logs create-log-group --log-group-name /aws/lambda/${preName} --region eu-west-1`,
      `aws logs put-retention-policy --log-group-name /aws/lambda/${preName} --retention-in-days 30 --region eu-west-1`,
    ]);
    expect(result.warnings[0]).toBe(
      `creating log group /aws/lambda/${preName}: access denied: arn:aws:iam::${account}:user/dev may not logs:CreateLogGroup on arn:aws:logs:eu-west-1:${account}:log-group:/aws/lambda/${preName}. Add this statement to an IAM policy of arn:aws:iam::${account}:user/dev: {"Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"arn:aws:logs:eu-west-1:${account}:log-group:/aws/lambda/${preName}"}; /aws/lambda/${preName} keeps the retention it has (none for a group Lambda made: its lines stay for ever): give it lambdas.logRetentionDays (30 days) with aws logs create-log-group --log-group-name /aws/lambda/${preName} --region eu-west-1 and aws logs put-retention-policy --log-group-name /aws/lambda/${preName} --retention-in-days 30 --region eu-west-1`,
    );
    expect(lines).toContain(`warning: ${result.warnings[0]}`);

    // A group that exists, with PutRetentionPolicy refused: that permission is the one named.
    harness.logsMock.on(PutRetentionPolicyCommand).rejects(denied('logs:PutRetentionPolicy'));
    const again = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(again.logGroups.map((g) => g.missingPermission?.action)).toEqual(['logs:PutRetentionPolicy', 'logs:PutRetentionPolicy']);
    expect(again.functions.pre?.action).toBe('unchanged');
  });

  it('log groups: one Lambda made meanwhile (ResourceAlreadyExistsException) is fine, and is not called created', async () => {
    const task = await freshTask();
    let first = true;
    harness.logsMock.on(PutRetentionPolicyCommand).callsFake(() => {
      if (!first) return {};
      first = false;
      throw awsError('ResourceNotFoundException', 'The specified log group does not exist.');
    });
    harness.logsMock.on(CreateLogGroupCommand).rejects(awsError('ResourceAlreadyExistsException', 'The specified log group already exists'));
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.logGroups.map((g) => g.status)).toEqual(['set', 'set']);
    expect(result.warnings).toEqual([]);
  });

  it('a deploy that changed a setting but failed at PublishVersion publishes it on the next run', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    task.config.lambdas.pre.memoryMb = 512;
    harness.fake.failNext.set('PublishVersion', [awsError('AccessDeniedException', `User: arn:aws:iam::${account}:user/dev is not authorized to perform: lambda:PublishVersion on resource: ${arnOf(preName)}`, 403)]);
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow(DeployStepError);
    expect(harness.fake.functions.get(preName)?.config.MemorySize).toBe(512);

    const result = await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(result.functions.pre).toMatchObject({ action: 'updated', changes: ['$LATEST had changed since version 1'], versionArn: `${arnOf(preName)}:2` });
    expect(harness.fake.functions.get(preName)?.versions.map((v) => JSON.parse(v.config).MemorySize)).toEqual([256, 512]);
    expect((await readDeployState(task.dir))?.functions.pre?.versionArn).toBe(`${arnOf(preName)}:2`);
    expect(lines).toContain(`  ${preName}: $LATEST differs from the recorded version 1 (an earlier deploy did not finish, or a change by hand): published it`);
    expect(lines).toContain(`  updated ($LATEST had changed since version 1): ${arnOf(preName)}, version 2`);
    expect(result.functions.acs).toMatchObject({ action: 'unchanged', versionArn: `${arnOf(acsName)}:1` });
  });

  it('a deploy with another account\'s credentials does not reuse the functions and roles recorded for the other account', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    const file = join(task.dir, '.gtkit', 'deploy-state.json');
    const other = JSON.parse((await readFile(file, 'utf8')).replaceAll(account, '999988887777'));
    await writeFile(file, JSON.stringify({ ...other, roles: { lambdaExecution: 'arn:aws:iam::999988887777:role/SageMaker-ticket-intent-lambda' } }));
    harness.fake.functions.clear();
    harness.fake.failNext.set('CreateFunction', [undefined as never, awsError('AccessDeniedException', `User: arn:aws:iam::${account}:user/dev is not authorized to perform: lambda:CreateFunction on resource: ${arnOf(acsName)}`, 403)]);
    await expect(deployTask(task, { skipUploads: true }, clients(), progress)).rejects.toThrow(DeployStepError);
    expect(lines).toContain(`warning: the last deploy went to account 999988887777, this one to ${account}: its functions and roles are not reused`);
    const state = await readDeployState(task.dir);
    expect(state?.account).toBe(account);
    expect(state?.functions).toEqual({ pre: expect.objectContaining({ arn: arnOf(preName) }) });
    expect(state?.roles).toBeUndefined();

    // The other account's role is not handed to Lambda either.
    await writeFile(file, JSON.stringify({ ...other, roles: { lambdaExecution: 'arn:aws:iam::999988887777:role/SageMaker-ticket-intent-lambda' } }));
    delete task.config.lambdas.executionRoleArn;
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow('the Lambdas need an execution role: set lambdas.executionRoleArn in gtkit.config.ts, or deploy with --create-roles');
  });

  it('unchanged code deployed before without a state file: no upload, and the existing version is looked up, not duplicated', async () => {
    const first = await freshTask();
    await deployTask(first, { skipUploads: true }, clients(), () => {});
    const second = await freshTask(); // same code, no .gtkit/deploy-state.json
    lambdaMock.resetHistory();
    const result = await deployTask(second, { skipUploads: true }, clients(), progress);
    expect(lambdaMock.commandCalls(UpdateFunctionCodeCommand)).toHaveLength(0);
    expect(result.functions.pre).toMatchObject({ action: 'unchanged', versionArn: `${arnOf(preName)}:1` });
    expect(harness.fake.functions.get(preName)?.versions).toHaveLength(1);
  });

  it('update path: changed code is uploaded, changed settings are updated (keeping env vars set by hand), then a version is published', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true, runtime: 'nodejs22.x' }, clients(), () => {});
    const acs = harness.fake.functions.get(acsName);
    if (acs) acs.config.Environment = { Variables: { ...acs.config.Environment?.Variables, TEAM_SETTING: 'keep-me' } };
    await writeFile(task.paths.acs, (await readFile(task.paths.acs, 'utf8')).replace("'answer has no category.label'", "'the answer has no category.label'"));
    task.config.lambdas.acs.memoryMb = 2048;
    lambdaMock.resetHistory();

    const result = await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(result.functions.pre).toMatchObject({ action: 'updated', changes: ['runtime nodejs22.x → nodejs24.x'], versionArn: `${arnOf(preName)}:2` });
    expect(result.functions.acs).toMatchObject({ action: 'updated', changes: ['code', 'runtime nodejs22.x → nodejs24.x', 'memory 1024 → 2048'], versionArn: `${arnOf(acsName)}:2` });
    const codeUpdates = lambdaMock.commandCalls(UpdateFunctionCodeCommand).map((c) => c.args[0].input.FunctionName);
    expect(codeUpdates).toEqual([acsName]);
    const settings = lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).find((c) => c.args[0].input.FunctionName === acsName)?.args[0].input;
    expect(settings).toMatchObject({ Runtime: 'nodejs24.x', MemorySize: 2048, Environment: { Variables: { TEAM_SETTING: 'keep-me', NODE_OPTIONS: '--enable-source-maps' } } });
    // Each change is followed by the "updated" waiter (GetFunction polls), before the version.
    const order = lambdaMock.calls().map((c) => (c.args[0] as object).constructor.name).filter((n) => n !== 'GetFunctionCommand');
    expect(order).toEqual(['UpdateFunctionConfigurationCommand', 'PublishVersionCommand', 'UpdateFunctionCodeCommand', 'UpdateFunctionConfigurationCommand', 'PublishVersionCommand']);
    expect((await readDeployState(task.dir))?.functions.acs?.versionArn).toBe(`${arnOf(acsName)}:2`);
  });

  it('deploys on nodejs22.x on request', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true, runtime: 'nodejs22.x' }, clients(), progress);
    expect(lambdaMock.commandCalls(CreateFunctionCommand).map((c) => c.args[0].input.Runtime)).toEqual(['nodejs22.x', 'nodejs22.x']);
    expect((await readDeployState(task.dir))?.functions.pre?.runtime).toBe('nodejs22.x');
  });
});

describe('gtkit deploy: waiting, throttling, failures', () => {
  it('waits while a new function is Pending and an update is InProgress', async () => {
    const task = await freshTask();
    harness.fake.pendingStates.set(preName, [{ State: 'Pending' }, { State: 'Pending' }]);
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    const polls = lambdaMock.commandCalls(GetFunctionCommand).filter((c) => c.args[0].input.FunctionName === preName);
    expect(polls.length).toBeGreaterThanOrEqual(4); // lookup, two Pending, Active
    await writeFile(task.paths.pre, `${await readFile(task.paths.pre, 'utf8')}\nexport const extra = 1;\n`);
    harness.fake.pendingStates.set(preName, [{ LastUpdateStatus: 'InProgress' }, { LastUpdateStatus: 'InProgress' }, { LastUpdateStatus: 'InProgress' }]);
    const result = await deployTask(task, { skipUploads: true }, clients(), () => {});
    expect(result.functions.pre?.action).toBe('updated');
  });

  it('explains a function that fails to become active, with Lambda\'s reason', async () => {
    const task = await freshTask();
    // Lambda reports Failed to the waiter, and again when gtkit asks why.
    harness.fake.pendingStates.set(preName, [{ State: 'Failed', StateReason: 'The role is not valid for Lambda' }, { State: 'Failed', StateReason: 'The role is not valid for Lambda' }]);
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow(`${preName} did not become active (Failed: The role is not valid for Lambda); fix the cause and deploy again`);
  });

  it('retries throttling with bounded backoff and says so', async () => {
    const task = await freshTask();
    harness.fake.failNext.set('GetFunction', [awsError('TooManyRequestsException', 'Rate exceeded', 429), awsError('TooManyRequestsException', 'Rate exceeded', 429)]);
    await deployTask(task, { skipUploads: true }, clients(), progress);
    expect(sleeps.slice(0, 2)).toEqual([500, 1000]);
    expect(lines).toContain(`  ${preName}: TooManyRequestsException, retry 1 in 0.5 s`);
    expect(lambdaMock.commandCalls(CreateFunctionCommand)).toHaveLength(2);
  });

  it('gives up after the last attempt and explains the throttling', async () => {
    const task = await freshTask();
    harness.fake.failNext.set('CreateFunction', Array.from({ length: 6 }, () => awsError('TooManyRequestsException', 'Rate exceeded', 429)));
    const error = await deployTask(task, { skipUploads: true }, clients(), () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployStepError);
    expect((error as Error).message).toBe(`creating function ${preName}: AWS kept throttling the request after 6 attempts with backoff (Rate exceeded). Wait a minute and deploy again; nothing already deployed is lost.`);
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('AccessDenied: says which action on which resource is missing, for whom, and the statement to add', async () => {
    const task = await freshTask();
    lambdaMock
      .on(CreateFunctionCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          `User: arn:aws:iam::${account}:user/dev is not authorized to perform: lambda:CreateFunction on resource: ${arnOf(preName)} because no identity-based policy allows the lambda:CreateFunction action`,
          403,
        ),
      );
    const error = (await deployTask(task, { skipUploads: true }, clients(), () => {}).catch((e: unknown) => e)) as DeployStepError;
    expect(error).toBeInstanceOf(DeployStepError);
    expect(error.message).toBe(
      `creating function ${preName}: access denied: arn:aws:iam::${account}:user/dev may not lambda:CreateFunction on ${arnOf(preName)}. Add this statement to an IAM policy of arn:aws:iam::${account}:user/dev: {"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"${arnOf(preName)}"}.`,
    );
    expect(error.missingPermission).toEqual({ action: 'lambda:CreateFunction', resource: arnOf(preName) });
  });

  it('AccessDenied on iam:PassRole names the role', async () => {
    const task = await freshTask();
    lambdaMock.on(CreateFunctionCommand).rejects(awsError('AccessDeniedException', `User: arn:aws:sts::${account}:assumed-role/Dev/alice is not authorized to perform: iam:PassRole on resource: ${lambdaRole}`, 403));
    await expect(deployTask(task, { skipUploads: true }, clients(), () => {})).rejects.toThrow(
      `may not iam:PassRole on ${lambdaRole}. Add this statement to an IAM policy of arn:aws:sts::${account}:assumed-role/Dev/alice: {"Effect":"Allow","Action":"iam:PassRole","Resource":"${lambdaRole}"}. iam:PassRole is what lets you hand the execution role to Lambda.`,
    );
  });

  it('AccessDenied from S3 without details: names the permission the upload needs', async () => {
    const task = await freshTask();
    const s3Mock = mockClient(S3Client);
    try {
      s3Mock.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
      s3Mock.on(HeadObjectCommand).rejects(awsError('Forbidden', '', 403));
      const denied = clients({ s3: new S3Client({ region: 'eu-west-1' }) });
      await expect(deployTask(task, {}, denied, () => {})).rejects.toThrow(
        `uploading s3://${bucket}/tickets/templates/template.liquid.html: access denied: your AWS credentials may not s3:PutObject on arn:aws:s3:::${bucket}/tickets/templates/template.liquid.html (AWS did not name the permission; this is the one this step needs).`,
      );
    } finally {
      s3Mock.restore();
    }
  });

  it('explains a missing bucket (real S3-protocol server)', async () => {
    const task = await freshTask();
    task.config.s3.bucket = 'no-such-gtkit-bucket';
    await expect(deployTask(task, {}, clients(), () => {})).rejects.toThrow(/^uploading s3:\/\/no-such-gtkit-bucket\/tickets\/templates\/template\.liquid\.html: the bucket does not exist .*Create it in the job's region, or fix s3\.bucket/);
  });

  it('records what was done before a failure', async () => {
    const task = await freshTask();
    lambdaMock.on(CreateFunctionCommand, { FunctionName: acsName }).rejects(awsError('CodeStorageExceededException', 'Code storage limit exceeded.'));
    await expect(deployTask(task, {}, clients(), () => {})).rejects.toThrow(/code storage is full/);
    const state = await readDeployState(task.dir);
    expect(state?.uploads.manifest).toBe(`s3://${bucket}/tickets/input/manifest.jsonl`);
    expect(state?.functions.pre?.arn).toBe(arnOf(preName));
    expect(state?.functions.acs).toBeUndefined();
  });
});

describe('gtkit deploy --create-roles', () => {
  beforeEach(() => {
    iamMock.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'The role cannot be found.', 404));
    iamMock.on(CreateRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${account}:role/${input.RoleName}` } }));
    iamMock.on(PutRolePolicyCommand).resolves({});
    iamMock.on(AttachRolePolicyCommand).resolves({});
  });

  it('makes a role per function and Ground Truth\'s, with least-privilege inline policies, and deploys each function with its own', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    task.config.roleArn = `arn:aws:iam::${account}:role/SomeOtherRole`;
    // A new role is not assumable by Lambda for a few seconds.
    harness.fake.failNext.set('CreateFunction', [awsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.')]);
    const result = await deployTask(task, { createRoles: true, skipUploads: true }, clients(), progress);
    const roles = iamMock.commandCalls(CreateRoleCommand).map((c) => c.args[0].input);
    expect(roles.map((r) => r.RoleName)).toEqual(['SageMaker-ticket-intent-pre-lambda', 'SageMaker-ticket-intent-acs-lambda', 'SageMaker-ticket-intent-groundtruth']);
    expect(roles.map((r) => JSON.parse(r.AssumeRolePolicyDocument ?? '{}').Statement[0].Principal)).toEqual([{ Service: 'lambda.amazonaws.com' }, { Service: 'lambda.amazonaws.com' }, { Service: 'sagemaker.amazonaws.com' }]);
    const policies = iamMock.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input);
    expect(policies.map((p) => p.PolicyName)).toEqual(['gtkit-pre', 'gtkit-acs', 'gtkit-groundtruth']);
    const [prePolicy, acsPolicy, gtPolicy] = policies.map((p) => JSON.parse(p.PolicyDocument ?? '{}') as { Statement: Array<{ Sid: string; Action: unknown; Resource: unknown }> });
    expect(acsPolicy?.Statement.find((s) => s.Sid === 'ReadJobOutput')?.Resource).toBe(`arn:aws:s3:::${bucket}/tickets/output/*`);
    // The PRE parses untrusted manifest lines: it cannot read the output, nor write or delete the ACS's state.
    expect(prePolicy?.Statement.map((s) => s.Sid)).toEqual(['WriteOwnLogs']);
    expect(gtPolicy?.Statement.find((s) => s.Sid === 'InvokeTaskLambdas')?.Resource).toEqual([arnOf(preName), `${arnOf(preName)}:*`, arnOf(acsName), `${arnOf(acsName)}:*`]);
    expect(iamMock.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
    // The PRE's first CreateFunction was refused (the new role not assumable yet) and retried.
    expect(lambdaMock.commandCalls(CreateFunctionCommand).map((c) => [c.args[0].input.FunctionName, c.args[0].input.Role])).toEqual([
      [preName, `arn:aws:iam::${account}:role/SageMaker-ticket-intent-pre-lambda`],
      [preName, `arn:aws:iam::${account}:role/SageMaker-ticket-intent-pre-lambda`],
      [acsName, `arn:aws:iam::${account}:role/SageMaker-ticket-intent-acs-lambda`],
    ]);
    expect(result.roles?.groundTruthExecution).toBe(`arn:aws:iam::${account}:role/SageMaker-ticket-intent-groundtruth`);
    expect((await readDeployState(task.dir))?.roles).toEqual({
      preExecution: `arn:aws:iam::${account}:role/SageMaker-ticket-intent-pre-lambda`,
      acsExecution: `arn:aws:iam::${account}:role/SageMaker-ticket-intent-acs-lambda`,
      groundTruthExecution: `arn:aws:iam::${account}:role/SageMaker-ticket-intent-groundtruth`,
    });
    expect(lines).toContain('  role SageMaker-ticket-intent-pre-lambda: created, inline policy gtkit-pre set');
    expect(lines).toContain('  role SageMaker-ticket-intent-acs-lambda: created, inline policy gtkit-acs set');
    expect(lines.some((l) => l.startsWith('note: set roleArn in') && l.endsWith('SageMaker-ticket-intent-groundtruth so the job runs with the role gtkit made'))).toBe(true);
  });

  it('a deploy to another region says the roles it made are scoped to the old one, and what to do (deploy and gtkit job)', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    await deployTask(task, { createRoles: true, skipUploads: true }, clients(), progress);
    const state = await readDeployState(task.dir);
    expect(state?.rolesRegion).toBe('eu-west-1');
    const moved = { ...task, config: { ...task.config, region: 'eu-central-1', roleArn: state?.roles?.groundTruthExecution ?? '' } };
    const kept = await deployTask(moved, { dryRun: true, skipUploads: true }, clients(), progress);
    expect(kept.warnings).toContain(
      `arn:aws:iam::${account}:role/SageMaker-ticket-intent-pre-lambda, arn:aws:iam::${account}:role/SageMaker-ticket-intent-acs-lambda and arn:aws:iam::${account}:role/SageMaker-ticket-intent-groundtruth (made by --create-roles) let the Lambdas log and the job invoke them only in eu-west-1, and this deploy goes to eu-central-1: deploy with --create-roles to scope them to eu-central-1`,
    );
    const rescoped = await deployTask(moved, { dryRun: true, createRoles: true, skipUploads: true }, clients(), progress);
    expect(rescoped.warnings.some((w) => w.startsWith('--create-roles rescopes') && w.endsWith('a job still running in eu-west-1 with them can no longer invoke its functions there'))).toBe(true);
    const inputs = await readJobInputs(task.dir, undefined, moved.config);
    expect(inputs.problems).toContainEqual({
      severity: 'warning',
      path: 'roleArn',
      message: `arn:aws:iam::${account}:role/SageMaker-ticket-intent-groundtruth was made by gtkit deploy --create-roles for eu-west-1; its policy lets the job invoke the functions there, not in eu-central-1`,
      fix: 'run gtkit deploy --create-roles (it scopes the role to eu-central-1)',
    });
    // In its own region nothing is said.
    expect((await readJobInputs(task.dir, undefined, { ...task.config, roleArn: moved.config.roleArn })).problems?.some((p) => p.message.includes('--create-roles for'))).toBeFalsy();
  });

  it('keeps existing roles it made for this job and rewrites their inline policies', async () => {
    const task = await freshTask();
    const tags = [{ Key: 'created-by', Value: 'gtkit' }, { Key: 'gtkit-job', Value: task.config.jobName }];
    iamMock.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${account}:role/${input.RoleName}`, Tags: tags } }));
    await deployTask(task, { createRoles: true, skipUploads: true }, clients(), progress);
    expect(iamMock.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(PutRolePolicyCommand)).toHaveLength(3);
    expect(lines).toContain('  role SageMaker-ticket-intent-groundtruth: exists, inline policy gtkit-groundtruth set');
  });

  it('explains an IAM AccessDenied with an explicit deny', async () => {
    const task = await freshTask();
    iamMock
      .on(CreateRoleCommand)
      .rejects(awsError('AccessDenied', `User: arn:aws:iam::${account}:user/dev is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::${account}:role/SageMaker-ticket-intent-lambda with an explicit deny in a service control policy`, 403));
    await expect(deployTask(task, { createRoles: true, skipUploads: true }, clients(), () => {})).rejects.toThrow(
      `creating role SageMaker-ticket-intent-pre-lambda: access denied: arn:aws:iam::${account}:user/dev may not iam:CreateRole on arn:aws:iam::${account}:role/SageMaker-ticket-intent-lambda. An explicit deny in a service control policy blocks it, so adding an Allow will not help`,
    );
  });
});

describe('gtkit deploy --upload-data', () => {
  /** A task whose manifest names images: two with local copies under s3/ (one key with a space, as written), one without, one that tries to leave s3/. */
  async function taskWithImages(): Promise<LoadedTask> {
    const task = await freshTask();
    task.config.s3.prefix = `data-${counter}`;
    const local = join(task.dir, 's3', bucket, `data-${counter}`, 'images');
    await mkdir(local, { recursive: true });
    await writeFile(join(local, 'a.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]));
    await writeFile(join(local, 'b photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    await writeFile(join(task.dir, 'secret.txt'), 'not for S3');
    const uri = (key: string) => `s3://${bucket}/data-${counter}/${key}`;
    const lines = [
      { source: 'text', 'source-ref': uri('images/a.png') },
      { source: 'text', 'source-ref': uri('images/b photo.jpg'), extra: uri('images/a.png') },
      { source: 'text', 'source-ref': uri('images/gone.png') },
      { source: 'text', 'source-ref': `s3://${bucket}/../../secret.txt` },
    ];
    await writeFile(task.paths.manifest, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    return task;
  }

  it('uploads each local copy the manifest names once, byte for byte with its content type, and names the ones it cannot find', async () => {
    const task = await taskWithImages();
    const result = await deployTask(task, { uploadData: true }, clients(), progress);
    const key = (name: string) => `data-${counter}/images/${name}`;
    const a = await harness.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key('a.png') }));
    expect(Buffer.from((await a.Body?.transformToByteArray()) ?? [])).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255]));
    expect(a.ContentType).toBe('image/png');
    expect((await harness.s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key('b photo.jpg') }))).ContentType).toBe('image/jpeg');
    expect(result.dataObjects).toEqual({ uploaded: 2, unchanged: 0, missing: [`s3://${bucket}/../../secret.txt`, `s3://${bucket}/data-${counter}/images/gone.png`] });
    expect(result.warnings).toContain(`2 data object(s) the manifest names have no local copy under s3/ and must already be on S3 (first: s3://${bucket}/../../secret.txt)`);
    expect(lines).toContain('upload: 2 data object(s) from s3/');
  });

  it('--dry-run plans the data upload and puts nothing on S3; --skip-uploads with --upload-data is a usage error', async () => {
    const task = await taskWithImages();
    const result = await deployTask(task, { uploadData: true, dryRun: true }, clients(), progress);
    expect(result.plan.filter((p) => p.startsWith(`upload 2 data object(s) the manifest names from ${task.dir}/s3/ (`) && p.endsWith(' KB)'))).toHaveLength(1);
    expect((await harness.s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `data-${counter}/` }))).KeyCount ?? 0).toBe(0);
    const error = await runDeployCommand(task.dir, { uploadData: true, skipUploads: true }, { out: () => {}, err: () => {} }, () => clients()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
  });
});

describe('gtkit deploy --dry-run and checks before AWS', () => {
  it('prints the plan and calls nothing', async () => {
    const task = await freshTask();
    const before = await harness.s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dry/' }));
    task.config.s3.prefix = 'dry';
    const result = await deployTask(task, { dryRun: true }, clients(), progress);
    expect(lambdaMock.calls()).toHaveLength(0);
    expect(stsMock.calls()).toHaveLength(0);
    expect(iamMock.calls()).toHaveLength(0);
    expect(harness.logsMock.calls()).toHaveLength(0);
    expect((await harness.s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'dry/' }))).KeyCount).toBe(before.KeyCount ?? 0);
    expect(await readDeployState(task.dir)).toBeUndefined();
    // Three uploads; per function its create or update and its log group; the state.
    expect(result.plan).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith('plan: '))).toEqual(result.plan.map((p) => `plan: ${p}`));
    expect(result.plan[3]).toMatch(new RegExp(`^create or update: Lambda ${preName} \\(nodejs24\\.x, index\\.handler, 256 MB, 30 s, .* zip, CodeSha256 \\S+\\), then publish a version$`));
    expect(lines[lines.length - 1]).toBe('dry run: nothing was changed');
  });

  it('compares with the last deploy in the plan', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    const result = await deployTask(task, { dryRun: true }, clients(), progress);
    expect(result.plan.filter((p) => p.startsWith('check (code unchanged since the last deploy)'))).toHaveLength(2);
  });

  it('needs an execution role (dry run: a warning; deploy: an error before any AWS call)', async () => {
    const task = await freshTask();
    delete task.config.lambdas.executionRoleArn;
    const dry = await deployTask(task, { dryRun: true }, clients(), progress);
    expect(dry.warnings).toContain('the Lambdas need an execution role: set lambdas.executionRoleArn in gtkit.config.ts, or deploy with --create-roles');
    await expect(deployTask(task, {}, clients(), () => {})).rejects.toThrow(DeployError);
    expect(stsMock.calls()).toHaveLength(0);
  });

  it('refuses bad function names before any AWS call, and warns about names the managed policy does not cover', async () => {
    const task = await freshTask();
    task.config.lambdas.pre.functionName = 'my pre!';
    task.config.lambdas.acs.functionName = 'x'.repeat(65);
    const error = await deployTask(task, { dryRun: true }, clients(), () => {}).catch((e: unknown) => e);
    expect((error as Error).message).toContain('lambdas.pre.functionName: "my pre!" is not a Lambda function name; use 1–64 letters, digits, hyphens or underscores');
    expect((error as Error).message).toContain('lambdas.acs.functionName');
    task.config.lambdas.pre.functionName = 'ticket-pre';
    task.config.lambdas.acs.functionName = 'ticket-acs';
    const dry = await deployTask(task, { dryRun: true }, clients(), progress);
    expect(dry.warnings[0]).toMatch(/^lambdas\.pre\.functionName: ticket-pre contains none of GtRecipe, LabelingFunction, SageMaker, sagemaker, Sagemaker.*rename it \(e\.g\. SageMaker-ticket-pre\), deploy with --create-roles/);
    const withRoles = await deployTask(task, { dryRun: true, createRoles: true }, clients(), () => {});
    expect(withRoles.warnings).toEqual([]);
  });

  it('refuses nodejs20.x from the config', async () => {
    const task = await freshTask();
    (task.config.lambdas as { runtime?: string }).runtime = 'nodejs20.x';
    await expect(deployTask(task, { dryRun: true }, clients(), () => {})).rejects.toThrow('lambdas.runtime "nodejs20.x" is not supported: use nodejs24.x or nodejs22.x (nodejs20.x left standard support on 2026-04-30)');
  });

  it('says how to recover from a damaged deploy-state file', async () => {
    const task = await freshTask();
    await deployTask(task, { skipUploads: true }, clients(), () => {});
    await writeFile(join(task.dir, '.gtkit', 'deploy-state.json'), '{"version": 1, "region": "eu-west-1", "functions": {"pre": {"arn": "nope"}}, "uploads": {}}');
    await expect(deployTask(task, { dryRun: true }, clients(), () => {})).rejects.toThrow(/deploy-state\.json: not a valid deploy state:\n {2}functions\.pre\.name: expected a Lambda function name\n {2}functions\.pre\.arn: expected a Lambda function ARN/);
  });
});

describe('the gtkit deploy command', () => {
  const capture = () => {
    const out: string[] = [];
    return { out, output: { out: (l: string) => out.push(l), err: (l: string) => out.push(l) } };
  };

  it('--json prints the result and no progress', async () => {
    const task = await freshTask();
    const { out, output } = capture();
    await runDeployCommand(task.dir, { json: true, skipUploads: true }, output, () => clients());
    expect(out).toHaveLength(1);
    const result = JSON.parse(out[0] ?? '');
    expect(result.ok).toBe(true);
    expect(result.functions.pre).toMatchObject({ action: 'created', arn: arnOf(preName) });
    expect(result.build.acs.codeSha256).toMatch(/=$/);
  });

  it('exit code 1 with the explanation for an AWS error, JSON details with --json', async () => {
    const task = await freshTask();
    stsMock.on(GetCallerIdentityCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired', 403));
    const { out, output } = capture();
    const error = (await runDeployCommand(task.dir, { json: true }, output, () => clients()).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(ExitCode.failure);
    expect(error.message).toBe('finding your AWS account: your AWS session has expired (The security token included in the request is expired). Sign in again (aws sso login, or fresh keys) and deploy again.');
    expect(JSON.parse(out[0] ?? '')).toMatchObject({ ok: false, awsError: 'ExpiredTokenException', step: { action: 'sts:GetCallerIdentity' } });
  });

  it('exit code 2 for usage errors', async () => {
    const task = await freshTask();
    for (const flags of [{ runtime: 'nodejs20.x' }, { runtime: 'python3.12' }, { sdk: 'both' }, { emitCloudformation: '' }, { emitCloudformation: 'x.json', dryRun: true }]) {
      const error = await runDeployCommand(task.dir, flags, capture().output, () => clients()).catch((e: unknown) => e);
      expect(error, JSON.stringify(flags)).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    }
    const twenty = await runDeployCommand(task.dir, { runtime: 'nodejs20.x' }, capture().output, () => clients()).catch((e: unknown) => e);
    expect((twenty as Error).message).toBe('--runtime must be nodejs24.x or nodejs22.x (nodejs20.x left standard support on 2026-04-30), got "nodejs20.x"');
    await expect(runDeployCommand(join(harness.root, 'not-a-task'), {}, capture().output, () => clients())).rejects.toMatchObject({ exitCode: ExitCode.usage });
  });

  it('colours step lines only when allowed (NO_COLOR wins)', async () => {
    const task = await freshTask();
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    try {
      process.env.FORCE_COLOR = '1';
      delete process.env.NO_COLOR;
      const coloured = capture();
      await runDeployCommand(task.dir, { dryRun: true }, coloured.output, () => clients());
      expect(coloured.out.some((l) => l.includes('\u001b['))).toBe(true);
      process.env.NO_COLOR = '1';
      const plain = capture();
      await runDeployCommand(task.dir, { dryRun: true }, plain.output, () => clients());
      expect(plain.out.some((l) => l.includes('\u001b['))).toBe(false);
      expect(plain.out.some((l) => /^plan: (upload|leave) /.test(l))).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
