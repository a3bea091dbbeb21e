import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { fileSystemMessage, fileSystemReason } from '../cli/output.ts';
import { writeWhole } from '../cli/write-whole.ts';
import { shownPath } from '../cli/paths.ts';
import { unusedAnswersNote } from '../run/answers-file.ts';
import { FolderError, makeFolder, makeFolderOfFlag } from '../cli/make-folder.ts';
import { LockWriteError, takeOutputLock } from '../cli/output-lock.ts';
import { andList } from '../../lambdas/contracts/list-text.ts';
import { missingTaskFileFinding, missingTaskFiles } from '../task/task-files.ts';
import { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import { joinS3Uri, parseS3Uri, type ObjectStore } from '../../lambdas/io/object-store.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { maskFolder } from '../../lambdas/task-types/mask-output.ts';
import { ObjectWriteError } from '../../lambdas/contracts/errors.ts';
import { dryRun, DryRunError, type DryRunOptions, type DryRunProblem, type DryRunResult } from '../run/dry-run.ts';
import { jobOutputLayout } from '../run/layout.ts';
import { jobLocations } from '../job/locations.ts';
import { problemText } from '../run/format-summary.ts';
import type { RunProgress } from '../run/progress.ts';
import { explainAwsError } from '../deploy/aws-errors.ts';
import { s3Refusal } from './s3-refusal.ts';
import { causeChain } from '../deploy/cause-chain.ts';
import { loadTask, type LoadedTask } from '../task/load-task.ts';
import { otherGtkitNote } from '../task/task-gtkit.ts';
import { checkS3Endpoint, storeFor, taskParts, unreachable, withEnv, type StoreChoice } from '../task/task-parts.ts';

export interface RunFlags {
  simulate?: string;
  seed?: string;
  spammers?: string;
  truthField?: string;
  batchSize?: string;
  onBadLine?: string;
  s3Endpoint?: string;
  s3?: boolean;
  out?: string;
  json?: boolean;
  now?: string;
  source?: boolean;
  strict?: boolean;
}

/** A run that stopped (a bad line under --on-bad-line fail, a lint error, a failed ACS batch), with what it found. */
export class RunFailedError extends CliError {
  constructor(
    message: string,
    readonly problems: DryRunProblem[],
  ) {
    super(message);
    this.name = 'RunFailedError';
  }
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a whole number ≥ 1, got ${JSON.stringify(value)}`);
  return n;
}

/** A finished run: what it did, where its output manifest and job files are, and whether its manifest is only a sample (a streaming job). */
export interface RunOutcome {
  run: DryRunResult;
  localManifest: string;
  jobRootShown: string;
  /** Where a semantic-segmentation task's ACS wrote its masks (each output line's label is one of them); undefined for other types. */
  masksShown?: string;
  /** With --simulate, what the answers file held and the run left aside (answers captured in the preview are easy to think replayed); no problem, so --strict does not fail on it. */
  unusedAnswers?: string;
  streaming: boolean;
}

/** What to do when the run's output folder refuses files: change --out, or the task folder it defaults to. */
function outAdvice(out: string | undefined): string {
  return out !== undefined ? 'give --out a folder gtkit may write' : 'check the task folder and its permissions, or give --out another folder';
}

/** The flags that shape simulated workers only: without --simulate nothing reads them. */
const simulateOnlyFlags = [
  ['seed', '--seed'],
  ['spammers', '--spammers'],
  ['truthField', '--truth-field'],
] as const;

/**
 * Parses the flags, runs the job and writes `output.manifest` beside the job files; `onProgress`
 * hears where the run is, `onNote` what the user should know that is no problem of the run.
 * One run at a time per output folder: a second one is refused while the first works.
 */
export async function runTask(dir: string, flags: RunFlags, onProgress?: (progress: RunProgress) => void, onNote?: (note: string) => void): Promise<RunOutcome> {
  const task = await loadTask(dir);
  const otherGtkit = otherGtkitNote(task.dir);
  if (otherGtkit) (onNote ?? ((note: string) => process.stderr.write(`${note}\n`)))(`note: ${otherGtkit}`);
  // Every missing file at once, in lint's words, before anything is bundled or run.
  const missing = missingTaskFiles(task);
  if (missing.length > 0) throw new CliError(missing.map((which) => missingTaskFileFinding(task, which)).map((f) => `${f.file}: ${f.message}\n  fix: ${f.hint}`).join('\n'));
  const workers = positiveInt('simulate', flags.simulate);
  if (workers !== undefined && workers > 9) throw new UsageError(`--simulate must be 1–9 (Ground Truth allows at most 9 workers per object), got ${workers}`);
  // Number('') is 0: an empty value must not pass as a number.
  const spammers = flags.spammers === undefined ? 0 : flags.spammers.trim() === '' ? NaN : Number(flags.spammers);
  if (!(spammers >= 0 && spammers <= 1)) throw new UsageError(`--spammers must be a share from 0 to 1, got ${JSON.stringify(flags.spammers)}`);
  const seed = flags.seed === undefined ? 1 : /^\s*[+-]?\d+\s*$/.test(flags.seed) ? Number(flags.seed) : NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${JSON.stringify(flags.seed)}`);
  // A good value that nothing would read: said, not ignored (a bad one is said as such first).
  const withoutSimulate = simulateOnlyFlags.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
  if (workers === undefined && withoutSimulate.length > 0) throw new UsageError(`${andList(withoutSimulate)} ${withoutSimulate.length === 1 ? 'goes' : 'go'} with --simulate <workers>; without it the answers come from the answers file and no worker is simulated (e.g. gtkit run --simulate 3 ${withoutSimulate[0]} …)`);
  if (flags.onBadLine !== undefined && flags.onBadLine !== 'skip' && flags.onBadLine !== 'fail') throw new UsageError(`--on-bad-line must be skip or fail, got ${JSON.stringify(flags.onBadLine)}`);
  const now = parseNow(flags.now);
  if (flags.s3 && flags.s3Endpoint !== undefined) throw new UsageError('--s3 (real S3) and --s3-endpoint (an S3-protocol server) exclude each other; give one');
  const outDir = flags.out ?? join(task.dir, '.gtkit', 'run');
  const choice: StoreChoice = flags.s3Endpoint ? { kind: 's3', endpoint: checkS3Endpoint(flags.s3Endpoint), region: task.config.region } : flags.s3 ? { kind: 's3', region: task.config.region } : { kind: 'local', root: join(outDir, 's3') };
  const { store, env: storeEnv } = storeFor(choice);
  // The handlers' structured logs would drown the summary; warnings and errors still show.
  const env = { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN', ...storeEnv };
  const options: DryRunOptions = { batchSize: positiveInt('batch-size', flags.batchSize) ?? 100, onBadLine: (flags.onBadLine as 'skip' | 'fail' | undefined) ?? 'skip', now };
  if (onProgress) options.onProgress = onProgress;
  if (workers !== undefined) options.simulate = { workers, seed, spammers, truthField: flags.truthField ?? 'truth' };
  const localManifest = join(outDir, 'output.manifest');
  if (flags.out !== undefined && existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out ${flags.out}: is a file; give a folder (the run writes output.manifest and the job files under s3/ there)`);
  // Made before the run, one level at a time: the stores' recursive mkdir would never return under /proc.
  if (flags.out !== undefined) await makeFolderOfFlag(outDir, '--out', flags.out);
  else
    await makeFolder(outDir).catch((error: unknown) => {
      if (error instanceof FolderError) throw new CliError(`${error.message}; ${outAdvice(undefined)}`);
      throw error;
    });
  const release = lockRunFolder(outDir, flags.out, onNote);
  try {
    return await runLocked(task, flags, { localManifest, store, choice, env, options });
  } finally {
    release();
  }
}

/**
 * Takes the output folder's lock, or says which run holds it. A folder that refuses the lock
 * file refuses the run's files too: with --out, a usage error (exit code 2) naming the flag, as
 * a folder that cannot be made is one.
 */
function lockRunFolder(outDir: string, out: string | undefined, onNote?: (note: string) => void): () => void {
  try {
    return takeOutputLock(join(outDir, 'output.manifest.lock'), {
      command: 'gtkit run',
      writing: `the folder ${shownPath(outDir)}`,
      elsewhere: 'give --out another folder',
      ...(onNote ? { onNote } : {}),
    });
  } catch (error) {
    if (!(error instanceof LockWriteError)) throw error;
    if (out !== undefined) throw new UsageError(`--out ${out}: cannot write in ${shownPath(outDir)}: ${error.reason}; ${outAdvice(out)}`);
    throw new CliError(`cannot write in ${shownPath(outDir)}: ${error.reason}; ${outAdvice(undefined)}`);
  }
}

interface RunPlan {
  localManifest: string;
  store: ObjectStore;
  choice: StoreChoice;
  env: Record<string, string>;
  options: DryRunOptions;
}

/** The run itself, once its folder is its own. */
async function runLocked(task: LoadedTask, flags: RunFlags, { localManifest, store, choice, env, options }: RunPlan): Promise<RunOutcome> {
  // An earlier run's output manifest would pass for this run's if this one stops before writing its own.
  await rm(localManifest, { force: true }).catch((error: unknown) => {
    const shown = shownPath(localManifest);
    const why = (error as NodeJS.ErrnoException).code === 'ERR_FS_EISDIR' ? `${shown}: is a folder, where the run writes its output manifest; move it away` : (fileSystemMessage(error) ?? `${shown}: ${(error as Error).message}`);
    throw new CliError(`${why}${flags.out !== undefined ? ' (or give --out another folder)' : ''}`);
  });
  // Each local run starts afresh: worker responses and carried state of an earlier run would mix into this one.
  // Through the store, which refuses a prefix (`s3.prefix: "../.."`) that would reach outside its folder.
  const jobRoot = jobOutputLayout(jobLocations(task.config).outputPath, task.config.jobName).jobRoot;
  if (store instanceof LocalObjectStore) {
    await store.removePrefix(jobRoot).catch((error: unknown) => {
      const check = flags.out !== undefined ? `check --out ${flags.out} (a folder gtkit may write), and s3.prefix and jobName in the config` : 'check s3.prefix and jobName in the config';
      throw new CliError(`cannot keep the job's files in ${shownPath(store.root)}: ${(error as Error).message}; ${check}`);
    });
  }
  let run: DryRunResult;
  try {
    run = await withEnv(env, async () => dryRun(task, await taskParts(task, store, flags.source ? 'source' : 'bundle'), options));
  } catch (error) {
    if (error instanceof DryRunError) {
      // The message already holds a problem that stopped the run (a failed ACS batch); list only the others.
      const details = error.problems
        .filter((p) => p.message !== error.message)
        .slice(0, 20)
        .map((p) => `\n  (${p.stage}) ${p.where}: ${problemText(p)}`)
        .join('');
      throw new RunFailedError(`${error.message}${details}`, error.problems);
    }
    const refused = choice.kind === 's3' ? (unreachable(error, choice.endpoint) ?? s3Refused(error, choice.endpoint)) : localRefused(error, choice.root, flags.out);
    if (refused) throw new CliError(refused);
    throw error;
  }
  // Whole or not at all: a Ctrl-C during the write must not leave half a manifest that passes for this run's.
  await writeWhole(localManifest, run.outputManifestText, outAdvice(flags.out));
  const shown = (uri: string) => (store instanceof LocalObjectStore ? shownPath(store.pathFor(uri)) : uri);
  const masks = getTaskType(task.config.type).answerKind === 'mask' ? { masksShown: `${shown(joinS3Uri(jobOutputLayout(jobLocations(task.config).outputPath, task.config.jobName).annotations, maskFolder))}/` } : {};
  const unusedAnswers = options.simulate ? await unusedAnswersNote(task.paths.answers, shownPath(task.paths.answers)) : undefined;
  return { run, localManifest: shownPath(localManifest), jobRootShown: shown(run.jobRootUri), ...masks, ...(unusedAnswers ? { unusedAnswers } : {}), streaming: task.config.streaming !== undefined };
}

/**
 * S3 turned the run away (no credentials, credentials it does not accept, access denied, no such
 * bucket), in deploy's words for each (`explainAwsError`), with what to do instead; undefined for
 * any other error. The stores wrap S3's error, so each link of the cause chain is looked at.
 */
export function s3Refused(error: unknown, endpoint: string | undefined): string | undefined {
  const flag = endpoint ? `--s3-endpoint ${endpoint}` : '--s3';
  const uri = (error as { uri?: unknown } | null)?.uri;
  const object = typeof uri === 'string' && uri.startsWith('s3://') ? parseS3Uri(uri) : undefined;
  const refused = s3Refusal(error, { noSuchBucket: true });
  if (refused === undefined) return undefined;
  return explainAwsError(refused, {
    doing: `writing the job files with ${flag}${typeof uri === 'string' ? ` (${uri})` : ''}`,
    action: 's3:PutObject',
    ...(object ? { resource: `arn:aws:s3:::${object.bucket}/${object.key}` } : {}),
    withoutAws: endpoint ? "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the server's key, or leave the flag out to write to a local folder" : 'use --s3-endpoint for an S3-protocol server, or leave the flag out to write to a local folder',
    again: 'run gtkit run again',
  });
}

/**
 * The local folder of the job files refused a write (a read-only --out, a full disk), in words
 * that name the folder and the flag; undefined for any other error (a bug stays one, with its stack).
 */
export function localRefused(error: unknown, root: string, out: string | undefined): string | undefined {
  // Only the store's writes: a file the run reads (the manifest, a PRE's) is named by its own error.
  if (![...causeChain(error)].some((link) => link instanceof ObjectWriteError)) return undefined;
  for (const link of causeChain(error)) {
    const reason = fileSystemReason(link);
    if (reason === undefined) continue;
    const path = (link as NodeJS.ErrnoException).path;
    const where = path !== undefined && path !== root ? `${shownPath(path)}: ` : '';
    return `cannot write the job files in ${shownPath(root)}: ${where}${reason}; ${outAdvice(out)}${out !== undefined ? ` (now ${out})` : ''}`;
  }
  return undefined;
}

/** `--now`: a date as ISO 8601 writes it (`2026-11-23` or `2026-11-23T10:00:00Z`); Date alone would take `1` as the year 2001. */
function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const iso = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim());
  const date = iso ? new Date(value.trim()) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now must be an ISO date such as 2026-11-23T10:00:00Z, got ${JSON.stringify(value)}`);
  return date;
}
