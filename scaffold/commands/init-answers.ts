import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import { CliError, ExitCode, UsageError } from '../cli/exit-codes.ts';
import { checkJobName, checkKeyPrefix, jobNameFrom, type InitAnswers } from '../init/init-task.ts';
import { parseTaskTypeFlag } from '../cli/task-type-flag.ts';
import { limits } from '../job/limits.ts';
import { regionProblem } from '../job/region.ts';
import { isS3FolderUri } from '../config/s3-folder.ts';

/** gtkit init's flags, as commander gives them. */
export interface InitFlags {
  type?: string;
  jobName?: string;
  labelAttribute?: string;
  labels?: string;
  title?: string;
  description?: string;
  region?: string;
  roleArn?: string;
  workforce?: string;
  workteamArn?: string;
  price?: string;
  bucket?: string;
  prefix?: string;
  inputTopic?: string;
  outputTopic?: string;
  dataPrefixes?: string;
  workers?: string;
  timeLimit?: string;
  gtkit?: string;
  force?: boolean;
  yes?: boolean;
  json?: boolean;
}

const jobNamePattern = limits.LabelingJobName.pattern;

function parseNumber(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  // Plain decimal digits only: Number() reads " " as 0, "0x20" as 32 and "1e3" as 1000.
  const written = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!written.test(value.trim())) throw new UsageError(`--${flag} must be ${integer ? 'a whole number, e.g. 3' : 'a number, e.g. 0.036'}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Flags → answers, checking each value; used without a terminal and with --yes. */
export function fromFlags(dir: string, flags: InitFlags): InitAnswers {
  if (flags.type === undefined) throw new UsageError(`--type is required without a terminal (or with --yes): one of ${taskTypeNames.join(', ')}`);
  const type = parseTaskTypeFlag(flags.type);
  // Before the prefix, which defaults to the job name: a bad name is the --job-name's fault.
  if (flags.jobName !== undefined) checkJobName(flags.jobName);
  if (flags.prefix !== undefined) checkKeyPrefix(flags.prefix);
  checkRegionFlag(flags.region);
  checkWorkforceFlags(flags);
  const labels = flags.labels?.split(',').map((l) => l.trim()).filter((l) => l !== '');
  if (flags.labels !== undefined && (!labels || labels.length === 0)) throw new UsageError('--labels needs at least one label, e.g. --labels cat,dog');
  // initTask refuses a label twice too (as labels[1]); here the message names the flag as typed.
  const twice = labels?.find((label, i) => labels.indexOf(label) !== i);
  if (twice !== undefined) throw new UsageError(`--labels names ${JSON.stringify(twice)} twice; give each label once, e.g. --labels cat,dog`);
  const out: InitAnswers = { dir, type };
  const streaming = streamingFromFlags(flags);
  if (streaming) out.streaming = streaming;
  const set = <K extends keyof InitAnswers>(key: K, value: InitAnswers[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('jobName', flags.jobName);
  set('labelAttributeName', flags.labelAttribute);
  set('labels', labels);
  set('title', flags.title);
  set('description', flags.description);
  set('region', flags.region);
  set('roleArn', flags.roleArn);
  set('workforce', flags.workforce as InitAnswers['workforce']);
  set('workteamArn', flags.workteamArn);
  set('priceUsd', parseNumber('price', flags.price, false));
  set('bucket', flags.bucket);
  set('prefix', flags.prefix);
  set('workersPerObject', parseNumber('workers', flags.workers, true));
  set('timeLimitSeconds', parseNumber('time-limit', flags.timeLimit, true));
  set('gtkitSpec', flags.gtkit);
  set('force', flags.force);
  if (out.workersPerObject !== undefined && (out.workersPerObject < 1 || out.workersPerObject > 9)) throw new UsageError(`--workers must be 1–9, got ${out.workersPerObject}`);
  return out;
}

/**
 * The `streaming` section from --input-topic, --output-topic and --data-prefixes. The last two
 * mean nothing without the first, so they are a usage error alone; the ARNs' own form is the job
 * check's (initTask names the flag).
 */
function streamingFromFlags(flags: InitFlags): InitAnswers['streaming'] {
  const input = flags.inputTopic?.trim();
  const alone = [flags.outputTopic !== undefined && '--output-topic', flags.dataPrefixes !== undefined && '--data-prefixes'].filter((f) => f !== false);
  if (input === undefined || input === '') {
    if (input === '') throw new UsageError('--input-topic needs the ARN of an SNS topic, e.g. --input-topic arn:aws:sns:us-east-1:123456789012:GroundTruth-in');
    if (alone.length > 0) throw new UsageError(`${alone.join(' and ')} ${alone.length === 1 ? 'belongs' : 'belong'} to a streaming job: give --input-topic <arn> too (the SNS topic Ground Truth takes objects from)`);
    return undefined;
  }
  const prefixes = flags.dataPrefixes?.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (flags.dataPrefixes !== undefined && (!prefixes || prefixes.length === 0)) throw new UsageError('--data-prefixes needs at least one S3 folder, e.g. --data-prefixes s3://my-bucket/incoming/');
  const bad = prefixes?.find((p) => !isS3FolderUri(p));
  if (bad !== undefined) throw new UsageError(`--data-prefixes takes S3 folders such as s3://my-bucket/incoming/, got ${JSON.stringify(bad)}`);
  const output = flags.outputTopic?.trim();
  return { inputTopicArn: input, ...(output ? { outputTopicArn: output } : {}), ...(prefixes ? { dataPrefixes: prefixes } : {}) };
}

/**
 * A bad --region on its own: the default bucket name and workteam ARN are made from it, and the
 * job check would otherwise blame --bucket and --workteam-arn too, flags the user never gave.
 */
function checkRegionFlag(region: string | undefined): void {
  const problem = region === undefined ? undefined : regionProblem(region);
  if (!problem) return;
  throw new UsageError(`--region: ${problem.message}; give --region ${problem.use}. Nothing was written`);
}

/**
 * Checks --workforce and the flags that go with it. A flag the workforce does not use would be
 * dropped without a word (the public crowd has one workteam per region; only the public crowd is
 * paid per task), so it is a usage error instead.
 */
function checkWorkforceFlags(flags: InitFlags): void {
  if (flags.workforce !== undefined && !['private', 'vendor', 'public'].includes(flags.workforce)) throw new UsageError(`--workforce must be private, vendor or public, got ${JSON.stringify(flags.workforce)}`);
  if (flags.workforce === undefined && flags.workteamArn !== undefined && flags.price !== undefined) {
    throw new UsageError('--workteam-arn (a private or vendor workforce) and --price (the public crowd) do not go together. Drop one, or say which workforce with --workforce');
  }
  const kind = flags.workforce ?? 'private';
  if (kind === 'public' && flags.workteamArn !== undefined) {
    throw new UsageError("--workteam-arn is for a private or vendor workforce; --workforce public always uses the region's public-crowd workteam. Drop --workteam-arn, or use --workforce private or vendor");
  }
  if (kind !== 'public' && flags.price !== undefined) {
    throw new UsageError(`--price is what the public crowd is paid per task; a ${kind} workforce${flags.workforce === undefined ? ' (the default without --workforce)' : ''} does not use it. Drop --price, or use --workforce public`);
  }
}

/** Asks, on a terminal, for what the flags did not give. */
export async function promptMissing(dir: string, flags: InitFlags): Promise<InitAnswers> {
  const p = await import('@clack/prompts');
  const bail = <T>(value: T | symbol): T => {
    if (p.isCancel(value)) {
      p.cancel('nothing was written');
      throw new CliError('cancelled', ExitCode.interrupted);
    }
    return value as T;
  };
  // Flags that contradict each other are refused before any question; without --workforce, the
  // question below offers only the workforces the other flags fit.
  if (flags.workforce !== undefined || (flags.workteamArn !== undefined && flags.price !== undefined)) checkWorkforceFlags(flags);
  if (flags.type !== undefined) parseTaskTypeFlag(flags.type);
  // As fromFlags does, but before the questions rather than after them.
  if (flags.jobName !== undefined) checkJobName(flags.jobName);
  checkRegionFlag(flags.region);
  p.intro('gtkit init');
  const type: string = flags.type ?? bail<string>(await p.select({ message: 'Task type', options: taskTypeNames.map((t) => ({ value: t, label: t })) }));
  const jobName: string = flags.jobName ?? bail<string>(await p.text({ message: 'Labeling job name', initialValue: jobNameFrom(dir), validate: (v) => (jobNamePattern.test(v ?? '') ? undefined : `1–63 ${limits.LabelingJobName.patternHelp}`) }));
  // Only the workforces the given flags fit: --workteam-arn rules out the public crowd, --price the others.
  const kinds = [{ value: 'private', label: 'private team' }, { value: 'vendor', label: 'vendor' }, { value: 'public', label: 'public crowd (Mechanical Turk)' }].filter((k) =>
    k.value === 'public' ? flags.workteamArn === undefined : flags.price === undefined,
  );
  const workforce: string = flags.workforce ?? bail<string>(await p.select({ message: 'Workforce', options: kinds }));
  const labels: string = flags.labels ?? bail<string>(await p.text({ message: 'Labels (comma-separated, empty for the sample labels)', defaultValue: '', placeholder: 'cat, dog' }));
  const bucket: string = flags.bucket ?? bail<string>(await p.text({ message: 'S3 bucket (empty for a placeholder you edit later)', defaultValue: '', placeholder: 'sagemaker-my-bucket' }));
  p.outro('writing the task folder');
  return fromFlags(dir, { ...flags, type, jobName, workforce, ...(labels ? { labels } : {}), ...(bucket ? { bucket } : {}) });
}
