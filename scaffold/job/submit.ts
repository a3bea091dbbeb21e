import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  type CreateLabelingJobCommandInput,
  type DescribeLabelingJobCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { awsErrorName, explainAwsError, httpStatusOf, isThrottling } from '../deploy/aws-errors.ts';
import { isNetworkError, isTransient, realSleep, withRetry, type Sleep } from '../deploy/retry.ts';

/** What the command was doing when SageMaker answered with an error. */
export interface SageMakerErrorContext {
  /** `create`: CreateLabelingJob (the default); `watch`: DescribeLabelingJob of a job that may exist. */
  phase?: 'create' | 'watch';
  /** The job's region, named when there is no such job. */
  region?: string;
  /** The watch follows a job this command has just created (else one that may not exist: `--watch` alone). */
  createdNow?: boolean;
}

/** Turns a SageMaker error into a sentence that says what to do. */
export function explainSageMakerError(error: unknown, request?: CreateLabelingJobCommandInput, context: SageMakerErrorContext = {}): string {
  const name = awsErrorName(error);
  const message = (error as Error).message ?? String(error);
  const job = request?.LabelingJobName ?? '?';
  if (context.phase === 'watch') {
    if (isMissingJob(error)) return `no labeling job named "${job}" in ${context.region ?? 'this region'}; create it with gtkit job --create (or check jobName and region)`;
    // A job created just now runs on: --create again would only meet ResourceInUse.
    const again = context.createdNow ? 'gtkit job --watch (not --create: the job exists)' : 'gtkit job --watch';
    const explained = explainAwsError(error, { doing: `following the labeling job ${job}`, action: 'sagemaker:DescribeLabelingJob', withoutAws: 'follow the job in the SageMaker console', again: `run ${again}` });
    const goesOn = context.createdNow ? 'The job goes on without gtkit watching' : 'If the job exists, it goes on without gtkit watching';
    return explained.includes(again) ? explained : `${explained}${explained.endsWith('.') ? '' : '.'} ${goesOn}: ${again} follows it again.`;
  }
  switch (name) {
    case 'ResourceInUse':
      return `a labeling job named "${job}" already exists in this account and region. It may be yours (an earlier --create, perhaps one whose answer did not arrive): gtkit job --watch follows it. For a new job, change jobName (names are unique, case-insensitively, forever)`;
    case 'ResourceLimitExceeded':
      return `SageMaker refused: a service quota is reached (${message}). Stop finished jobs or ask for a quota increase in the Service Quotas console`;
    case 'ValidationException':
      return explainRejectedRequest(message, request, context.region);
    case 'AccessDeniedException':
    case 'AccessDenied':
      return `access denied: ${message}. Your credentials need sagemaker:CreateLabelingJob and iam:PassRole on ${request?.RoleArn ?? 'the execution role'}`;
    default:
      // A 5xx may come after SageMaker made the job: --create again would only meet ResourceInUse.
      if (isTransient(error) || (httpStatusOf(error) ?? 0) >= 500) {
        return `SageMaker failed on its side while creating the labeling job "${job}" (${name}: ${withoutFinalPeriod(message)}). The job may exist anyway: gtkit job --watch shows it; if it says there is no such job, run gtkit job --create again`;
      }
      // Credentials, expired sessions, throttling, the network: the same advice as for deploy.
      return explainAwsError(error, { doing: 'creating the labeling job', action: 'sagemaker:CreateLabelingJob', withoutAws: 'leave out --create: gtkit job then only writes the request JSON', again: 'run gtkit job --create again' });
  }
}

/**
 * A job that does not exist. DescribeLabelingJob's model names ResourceNotFound, but SageMaker's
 * Describe calls also answer a missing resource with a ValidationException ("Could not find …",
 * "Requested resource not found").
 */
function isMissingJob(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'ResourceNotFound' || (name === 'ValidationException' && /could not find|not found|does not exist/i.test((error as Error).message ?? ''));
}

const withoutFinalPeriod = (text: string) => text.replace(/\.+$/, '');

/**
 * CreateLabelingJob's ValidationException is about the account as often as about the request: a
 * file not on S3 or not readable by the role, a role SageMaker cannot assume (yet), a workteam or
 * function that does not exist. gtkit checks the request's form only, so the advice covers those.
 */
function explainRejectedRequest(message: string, request: CreateLabelingJobCommandInput | undefined, region: string | undefined): string {
  const said = `SageMaker rejected the request: ${withoutFinalPeriod(message)}.`;
  const role = request?.RoleArn ?? 'the execution role (roleArn)';
  if (/assume/i.test(message) && /role/i.test(message)) {
    return `${said} A role made moments ago (gtkit deploy --create-roles) takes a few seconds to reach SageMaker: run gtkit job --create again. Otherwise check that ${role} exists and its trust policy allows sagemaker.amazonaws.com`;
  }
  return `${said} If it names a file, bucket, workteam or function: check that it exists in ${region ?? 'the job\'s region'} and that ${role} may use it (gtkit deploy uploads the template, label categories and manifest, and records the functions). If it names a field, gtkit's checks missed a rule: please report it`;
}

export async function createLabelingJob(client: SageMakerClient, request: CreateLabelingJobCommandInput): Promise<string> {
  const out = await client.send(new CreateLabelingJobCommand(request));
  if (!out.LabelingJobArn) throw new Error('SageMaker returned no LabelingJobArn');
  return out.LabelingJobArn;
}

const finalStatuses = new Set(['Completed', 'Failed', 'Stopped']);

export interface WatchOptions {
  intervalMs?: number;
  sleep?: Sleep;
  maxPolls?: number;
  /** Tries of one poll when SageMaker throttles or the network fails (default 8: about 90 s of backoff). */
  attempts?: number;
  /** Told before each retry of a poll. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Polls a job until it ends, reporting each change of status or counters. A poll that is
 * throttled or meets a network or 5xx error is tried again with backoff (a job runs for hours;
 * one lost answer should not end the watch); other errors end it at once.
 */
export async function watchLabelingJob(client: SageMakerClient, jobName: string, onUpdate: (job: DescribeLabelingJobCommandOutput) => void, options: WatchOptions = {}): Promise<DescribeLabelingJobCommandOutput> {
  const sleep = options.sleep ?? realSleep;
  let last = '';
  for (let poll = 0; poll < (options.maxPolls ?? Number.POSITIVE_INFINITY); poll++) {
    const job = await withRetry(() => client.send(new DescribeLabelingJobCommand({ LabelingJobName: jobName })), {
      attempts: options.attempts ?? 8,
      baseMs: 1000,
      maxMs: 30_000,
      sleep,
      retryable: (e) => isThrottling(e) || isTransient(e) || isNetworkError(e),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    });
    const key = JSON.stringify([job.LabelingJobStatus, job.LabelCounters]);
    if (key !== last) onUpdate(job);
    last = key;
    if (finalStatuses.has(job.LabelingJobStatus ?? '')) return job;
    await sleep(options.intervalMs ?? 30_000);
  }
  throw new Error(`stopped watching ${jobName} after ${options.maxPolls} polls`);
}

export function formatJobProgress(job: DescribeLabelingJobCommandOutput): string {
  const c = job.LabelCounters ?? {};
  const parts = [`status ${job.LabelingJobStatus ?? '?'}`, `labeled ${c.TotalLabeled ?? 0} (human ${c.HumanLabeled ?? 0}, machine ${c.MachineLabeled ?? 0})`, `unlabeled ${c.Unlabeled ?? 0}`, `failed ${c.FailedNonRetryableError ?? 0}`];
  if (job.FailureReason) parts.push(`reason: ${job.FailureReason}`);
  if (job.LabelingJobOutput?.OutputDatasetS3Uri) parts.push(`output: ${job.LabelingJobOutput.OutputDatasetS3Uri}`);
  return parts.join(', ');
}

/**
 * Why a watched job that ended is a failure of the command, or undefined when it completed. The
 * API does not say who stopped a job; CloudTrail's StopLabelingJob event does.
 */
export function endedBadly(job: DescribeLabelingJobCommandOutput, request: CreateLabelingJobCommandInput): string | undefined {
  const name = request.LabelingJobName ?? '?';
  const labeled = job.LabelCounters?.TotalLabeled ?? 0;
  if (job.LabelingJobStatus === 'Failed') return `the job failed: ${job.FailureReason ?? 'no reason given'}`;
  if (job.LabelingJobStatus !== 'Stopped') return undefined;
  const why = job.FailureReason
    ? `: ${job.FailureReason}`
    : ` (${request.StoppingConditions ? 'one of its stoppingConditions was reached, or someone stopped it' : 'someone stopped it'}: the API does not say who; look for StopLabelingJob in CloudTrail)`;
  return `the job ${name} was stopped${why}. ${labeled} object(s) were labeled before it stopped; their labels are under ${request.OutputConfig?.S3OutputPath ?? 'the output path'}`;
}
