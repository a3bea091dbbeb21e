import {
  CreateLabelingJobCommand,
  DescribeLabelingJobCommand,
  type CreateLabelingJobCommandInput,
  type DescribeLabelingJobCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { explainAwsError } from '../deploy/aws-errors.ts';

/** Turns a SageMaker error into a sentence that says what to do. */
export function explainSageMakerError(error: unknown, request?: CreateLabelingJobCommandInput, doing = 'creating the labeling job'): string {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = (error as Error).message ?? String(error);
  switch (name) {
    case 'ResourceInUse':
      return `a labeling job named "${request?.LabelingJobName ?? '?'}" already exists in this account and region (names are unique, case-insensitively, forever): change jobName`;
    case 'ResourceLimitExceeded':
      return `SageMaker refused: a service quota is reached (${message}). Stop finished jobs or ask for a quota increase in the Service Quotas console`;
    case 'ValidationException':
      return `SageMaker rejected the request: ${message}. gtkit's checks passed, so this is a rule gtkit does not know yet — please report it`;
    case 'AccessDeniedException':
    case 'AccessDenied':
      return `access denied: ${message}. Your credentials need sagemaker:CreateLabelingJob and iam:PassRole on ${request?.RoleArn ?? 'the execution role'}`;
    default:
      // Credentials, expired sessions, throttling, the network: the same advice as for deploy.
      return explainAwsError(error, { doing, action: doing === 'creating the labeling job' ? 'sagemaker:CreateLabelingJob' : 'sagemaker:DescribeLabelingJob', withoutAws: 'leave out --create: gtkit job then only writes the request JSON', again: 'run gtkit job --create again' });
  }
}

export async function createLabelingJob(client: SageMakerClient, request: CreateLabelingJobCommandInput): Promise<string> {
  const out = await client.send(new CreateLabelingJobCommand(request));
  if (!out.LabelingJobArn) throw new Error('SageMaker returned no LabelingJobArn');
  return out.LabelingJobArn;
}

const finalStatuses = new Set(['Completed', 'Failed', 'Stopped']);

/** Polls a job until it ends, reporting each change of status or counters. */
export async function watchLabelingJob(
  client: SageMakerClient,
  jobName: string,
  onUpdate: (job: DescribeLabelingJobCommandOutput) => void,
  options: { intervalMs?: number; sleep?: (ms: number) => Promise<void>; maxPolls?: number } = {},
): Promise<DescribeLabelingJobCommandOutput> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = '';
  for (let poll = 0; poll < (options.maxPolls ?? Number.POSITIVE_INFINITY); poll++) {
    const job = await client.send(new DescribeLabelingJobCommand({ LabelingJobName: jobName }));
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
