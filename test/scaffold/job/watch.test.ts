import { CreateLabelingJobCommand, DescribeLabelingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliError, ExitCode } from '../../../scaffold/cli/exit-codes.ts';
import { runJobCommand } from '../../../scaffold/commands/job-command.ts';
import { explainSageMakerError } from '../../../scaffold/job/submit.ts';
import { makeTaskDir } from '../../helpers/task-dir.ts';
import { submittableConfig as validConfig } from './fixtures.ts';
import { rejected } from '../../helpers/errors.ts';

const sagemaker = mockClient(SageMakerClient);
// --create asks S3 where the buckets are first: here, in the job's Region.
const s3 = mockClient(S3Client);
const inJobRegion = () => s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
inJobRegion();
const jobArn = 'arn:aws:sagemaker:eu-west-1:123456789012:labeling-job/ticket-intent-2026';
const awsError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, requestId: 'r-1' } });
const counters = (n: number) => ({ TotalLabeled: n, HumanLabeled: n, MachineLabeled: 0, Unlabeled: 10 - n, FailedNonRetryableError: 0 });

let task: { dir: string; cleanup: () => Promise<void> };
let stdout: string[];
let stderr: string[];
let sleeps: number[];
const deps = () => ({
  output: { out: (l: string) => stdout.push(l), err: (l: string) => stderr.push(l) },
  sagemaker: () => new SageMakerClient({ region: 'eu-west-1' }),
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
});
/** The CliError a run ends with (the test fails when it succeeds). */
const failure = (run: Promise<void>) => rejected(run, CliError);

beforeAll(async () => {
  task = await makeTaskDir(validConfig());
});
afterAll(async () => task.cleanup());
afterEach(() => {
  sagemaker.reset();
  s3.reset();
  inJobRegion();
  stdout = [];
  stderr = [];
  sleeps = [];
});
stdout = [];
stderr = [];
sleeps = [];

describe('gtkit job --watch', () => {
  it('retries a throttled poll and a dropped connection with backoff, and follows the job to the end', async () => {
    sagemaker.on(CreateLabelingJobCommand).resolves({ LabelingJobArn: jobArn });
    sagemaker
      .on(DescribeLabelingJobCommand)
      .resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: counters(2) })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolves({ LabelingJobStatus: 'Completed', LabelCounters: counters(10) });
    await runJobCommand(task.dir, { create: true, watch: true }, deps());
    expect(sagemaker.commandCalls(DescribeLabelingJobCommand)).toHaveLength(4);
    expect(sleeps).toEqual([30_000, 1000, 2000]);
    expect(stderr.filter((l) => l.includes('DescribeLabelingJob'))).toEqual(['  DescribeLabelingJob: ThrottlingException, retry 1 in 1.0 s', '  DescribeLabelingJob: ECONNRESET, retry 2 in 2.0 s']);
    expect(stdout[stdout.length - 1]).toBe('status Completed, labeled 10 (human 10, machine 0), unlabeled 0, failed 0');
  });

  it('Ctrl-C while watching says the job keeps running and how to follow or stop it, and exits 130', async () => {
    sagemaker.on(DescribeLabelingJobCommand).resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: counters(2) }).resolves({ LabelingJobStatus: 'Completed', LabelCounters: counters(10) });
    const signals = new EventEmitter();
    const exits: number[] = [];
    // Ctrl-C arrives during the wait between two polls (here the real process would end).
    const sleep = async () => void signals.emit('SIGINT');
    await runJobCommand(task.dir, { watch: true }, { ...deps(), sleep, signals, exit: (code) => void exits.push(code) });
    expect(exits).toEqual([130]);
    expect(stderr).toContain('stopped watching; the labeling job ticket-intent-2026 keeps running. Follow it again with gtkit job --watch, or stop it with: aws sagemaker stop-labeling-job --labeling-job-name ticket-intent-2026 --region eu-west-1');
    // The handler is gone once the watch is over: a later Ctrl-C is the shell's again.
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('gives up after 8 tries and says to watch again, not to create again (the job exists)', async () => {
    sagemaker.on(CreateLabelingJobCommand).resolves({ LabelingJobArn: jobArn });
    sagemaker.on(DescribeLabelingJobCommand).resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: counters(2) }).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const error = await failure(runJobCommand(task.dir, { create: true, watch: true }, deps()));
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toBe('following the labeling job ticket-intent-2026: AWS kept throttling the request after 8 attempts with backoff (Rate exceeded). Wait a minute and run gtkit job --watch (not --create: the job exists).');
    expect(sleeps).toEqual([30_000, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);

    sagemaker.on(DescribeLabelingJobCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND sagemaker.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' }));
    expect((await failure(runJobCommand(task.dir, { watch: true }, deps()))).message).toBe(
      'following the labeling job ticket-intent-2026: could not reach AWS: the host is unknown (ENOTFOUND: getaddrinfo ENOTFOUND sagemaker.eu-west-1.amazonaws.com). Check the network, proxy and region. If the job exists, it goes on without gtkit watching: gtkit job --watch follows it again.',
    );
  });

  it('a job that ends Stopped is a failure, and says who may have stopped it', async () => {
    sagemaker.on(DescribeLabelingJobCommand).resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: counters(2) }).resolves({ LabelingJobStatus: 'Stopped', LabelCounters: counters(3) });
    const error = await failure(runJobCommand(task.dir, { watch: true }, deps()));
    expect(error.exitCode).toBe(ExitCode.failure);
    expect(error.message).toBe(
      'the job ticket-intent-2026 was stopped (someone stopped it: the API does not say who; look for StopLabelingJob in CloudTrail). 3 object(s) were labeled before it stopped; their labels are under s3://acme-sagemaker-gt/ticket-intent/output/',
    );
  });

  it('a Stopped job with a reason, or with stopping conditions, says so', async () => {
    const limited = await makeTaskDir(validConfig({ stoppingConditions: { maxHumanLabeledObjectCount: 3 } }));
    sagemaker.on(DescribeLabelingJobCommand).resolves({ LabelingJobStatus: 'Stopped', LabelCounters: counters(3) });
    expect((await failure(runJobCommand(limited.dir, { watch: true }, deps()))).message).toBe(
      'the job ticket-intent-2026 was stopped (one of its stoppingConditions was reached, or someone stopped it: the API does not say who; look for StopLabelingJob in CloudTrail). 3 object(s) were labeled before it stopped; their labels are under s3://acme-sagemaker-gt/ticket-intent/output/',
    );
    sagemaker.on(DescribeLabelingJobCommand).resolves({ LabelingJobStatus: 'Stopped', FailureReason: 'Stopped by the workteam owner', LabelCounters: counters(0) });
    expect((await failure(runJobCommand(limited.dir, { watch: true }, deps()))).message).toBe(
      'the job ticket-intent-2026 was stopped: Stopped by the workteam owner. 0 object(s) were labeled before it stopped; their labels are under s3://acme-sagemaker-gt/ticket-intent/output/',
    );
    await limited.cleanup();
  });

  it('names a job that does not exist, with its region', async () => {
    sagemaker.on(DescribeLabelingJobCommand).rejects(awsError('ResourceNotFound', 'Requested resource not found.'));
    expect((await failure(runJobCommand(task.dir, { watch: true }, deps()))).message).toBe('no labeling job named "ticket-intent-2026" in eu-west-1; create it with gtkit job --create (or check jobName and region)');
    expect(sagemaker.commandCalls(DescribeLabelingJobCommand)).toHaveLength(1);
  });

  it('names a job that does not exist when SageMaker says so with a ValidationException, as its Describe calls do', async () => {
    sagemaker.on(DescribeLabelingJobCommand).rejects(awsError('ValidationException', 'Could not find requested job with name ticket-intent-2026'));
    expect((await failure(runJobCommand(task.dir, { watch: true }, deps()))).message).toBe('no labeling job named "ticket-intent-2026" in eu-west-1; create it with gtkit job --create (or check jobName and region)');
  });

  it('--create rejected for the account, not the request: says what to check, not "please report it" alone', async () => {
    sagemaker.on(CreateLabelingJobCommand).rejects(awsError('ValidationException', 'Cannot access manifest file s3://acme-sagemaker-gt/ticket-intent/input/manifest.jsonl.'));
    const message = (await failure(runJobCommand(task.dir, { create: true }, deps()))).message;
    expect(message).toContain('SageMaker rejected the request: Cannot access manifest file s3://acme-sagemaker-gt/ticket-intent/input/manifest.jsonl. If it names a file');
    expect(message).toContain('check that it exists in eu-west-1 and that arn:aws:iam::');
    expect(message).toContain('gtkit deploy uploads the template, label categories and manifest');
    expect(message).not.toContain('..');
  });

  it('--create seconds after --create-roles: a role SageMaker cannot assume yet is worth another try', async () => {
    sagemaker.on(CreateLabelingJobCommand).rejects(awsError('ValidationException', 'Could not assume role arn:aws:iam::111122223333:role/SageMaker-ticket-intent-groundtruth.'));
    const message = (await failure(runJobCommand(task.dir, { create: true }, deps()))).message;
    expect(message).toContain('A role made moments ago (gtkit deploy --create-roles) takes a few seconds to reach SageMaker: run gtkit job --create again');
  });

  it('--create meeting a 5xx says the job may exist and how to tell', async () => {
    sagemaker.on(CreateLabelingJobCommand).rejects(awsError('InternalFailure', 'We encountered an internal error.', 500));
    expect((await failure(runJobCommand(task.dir, { create: true }, { ...deps(), sagemaker: () => new SageMakerClient({ region: 'eu-west-1', maxAttempts: 1 }) }))).message).toBe(
      'SageMaker failed on its side while creating the labeling job "ticket-intent-2026" (InternalFailure: We encountered an internal error). The job may exist anyway: gtkit job --watch shows it; if it says there is no such job, run gtkit job --create again',
    );
  });

  it('--create on a name in use says the job may be yours and --watch follows it', async () => {
    sagemaker.on(CreateLabelingJobCommand).rejects(awsError('ResourceInUse', 'Job name ticket-intent-2026 already exists'));
    expect((await failure(runJobCommand(task.dir, { create: true, watch: true }, deps()))).message).toBe(
      'a labeling job named "ticket-intent-2026" already exists in this account and region. It may be yours (an earlier --create, perhaps one whose answer did not arrive): gtkit job --watch follows it. For a new job, change jobName (names are unique, case-insensitively, forever)',
    );
    expect(sagemaker.commandCalls(DescribeLabelingJobCommand)).toHaveLength(0);
  });
});

describe('gtkit job --create --watch --json', () => {
  it('prints one JSON document on stdout, at the end, with the final status; progress goes to stderr', async () => {
    sagemaker.on(CreateLabelingJobCommand).resolves({ LabelingJobArn: jobArn });
    sagemaker
      .on(DescribeLabelingJobCommand)
      .resolvesOnce({ LabelingJobStatus: 'InProgress', LabelCounters: counters(2) })
      .resolves({ LabelingJobStatus: 'Completed', LabelCounters: counters(10), LabelingJobOutput: { OutputDatasetS3Uri: 's3://acme-sagemaker-gt/ticket-intent/output/ticket-intent-2026/manifests/output/output.manifest' } });
    await runJobCommand(task.dir, { create: true, watch: true, json: true }, deps());
    const summary = JSON.parse(stdout.join('\n'));
    expect(summary).toMatchObject({ ok: true, jobArn, job: { status: 'Completed', labelCounters: counters(10), failureReason: null, outputDatasetS3Uri: 's3://acme-sagemaker-gt/ticket-intent/output/ticket-intent-2026/manifests/output/output.manifest' } });
    expect(summary.error).toBeUndefined();
    expect(stderr).toEqual(['status InProgress, labeled 2 (human 2, machine 0), unlabeled 8, failed 0', 'status Completed, labeled 10 (human 10, machine 0), unlabeled 0, failed 0, output: s3://acme-sagemaker-gt/ticket-intent/output/ticket-intent-2026/manifests/output/output.manifest']);
  });

  it('still prints the JSON (with the job ARN and the error) when the watch fails', async () => {
    sagemaker.on(CreateLabelingJobCommand).resolves({ LabelingJobArn: jobArn });
    sagemaker.on(DescribeLabelingJobCommand).resolves({ LabelingJobStatus: 'Failed', FailureReason: 'ClientError: Lambda returned invalid output', LabelCounters: counters(2) });
    const error = await failure(runJobCommand(task.dir, { create: true, watch: true, json: true }, deps()));
    expect(error.message).toBe('the job failed: ClientError: Lambda returned invalid output');
    expect(JSON.parse(stdout.join('\n'))).toMatchObject({ ok: false, jobArn, job: { status: 'Failed', failureReason: 'ClientError: Lambda returned invalid output' }, error: 'the job failed: ClientError: Lambda returned invalid output' });
  });
});

describe('explainSageMakerError while following a job', () => {
  it('access denied goes through the shared explanation: who, which action on which job, and the statement to add', () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sagemaker:DescribeLabelingJob on resource: arn:aws:sagemaker:us-east-1:123456789012:labeling-job/j because no identity-based policy allows the sagemaker:DescribeLabelingJob action'), { name: 'AccessDeniedException' });
    expect(explainSageMakerError(denied, { LabelingJobName: 'j' } as never, { phase: 'watch', region: 'us-east-1', createdNow: true })).toBe(
      'following the labeling job j: access denied: arn:aws:iam::123456789012:user/dev may not sagemaker:DescribeLabelingJob on arn:aws:sagemaker:us-east-1:123456789012:labeling-job/j. Add this statement to an IAM policy of arn:aws:iam::123456789012:user/dev: {"Effect":"Allow","Action":"sagemaker:DescribeLabelingJob","Resource":"arn:aws:sagemaker:us-east-1:123456789012:labeling-job/j"}. The job goes on without gtkit watching: gtkit job --watch (not --create: the job exists) follows it again.',
    );
    // --watch alone: the job may never have been created, so nothing says it exists.
    expect(explainSageMakerError(denied, { LabelingJobName: 'j' } as never, { phase: 'watch', region: 'us-east-1' })).toMatch(/ If the job exists, it goes on without gtkit watching: gtkit job --watch follows it again\.$/);
  });
});
