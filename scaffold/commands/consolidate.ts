import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Command } from 'commander';
import { describeType, isObject, type JsonObject } from '../../lambdas/contracts/check.ts';
import { ContractError } from '../../lambdas/contracts/errors.ts';
import type { DataObject } from '../../lambdas/contracts/pre.ts';
import { describeSpec } from '../../lambdas/consolidation/options.ts';
import { algorithms, type AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import { acsHandler } from '../../lambdas/handlers/acs.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';
import { silentLogger } from '../../lambdas/handlers/logger.ts';
import { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import { taskConsolidation } from '../../lambdas/task-types/consolidate.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import { labelingJobArn } from '../../lambdas/testing/events.ts';
import { parseTaskTypeFlag } from '../cli/task-type-flag.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { processOutput, type Output } from '../cli/output.ts';
import { onLeaving, removeOnTheWayOut } from '../cli/stop-signals.ts';
import { writeWhole } from '../cli/write-whole.ts';
import { jsonFailure } from '../cli/json-failure.ts';
import { cannotWriteIn, checkOutputFileFlag } from '../cli/make-folder.ts';
import { LockWriteError, takeOutputLock } from '../cli/output-lock.ts';
import { progressReporter, type ProgressReporterOptions } from '../run/progress-reporter.ts';
import { consolidateProgressLine, type ConsolidateProgress } from './consolidate-progress.ts';
import { shownPath } from '../cli/paths.ts';
import { labelNames } from '../config/define-task.ts';
import { functionSettings } from '../deploy/function-settings.ts';
import type { CapturedAnswer } from '../run/answers-file.ts';
import { AcsBatchError, consolidateInBatches, type BatchJob, type ConsolidationObject } from '../run/consolidate-batches.ts';
import { creationDate, fileTimestamp, jobOutputLayout } from '../run/layout.ts';
import { readManifest, reasonWithFix } from '../run/manifest.ts';
import { jsonLinesRows } from '../run/json-lines.ts';
import { labeledLine } from '../run/output-manifest.ts';
import { setAsideAnswers } from '../run/summary.ts';
import { readWorkerResponses, SeveralJobsError } from '../run/replay.ts';
import { importHandler, type LambdaHandler } from '../task/load-handlers.ts';
import { loadTask } from '../task/load-task.ts';
import { withEnv } from '../task/with-env.ts';
import { checkS3Endpoint, localS3Client as storeClient, unreachable } from '../task/task-parts.ts';
import { explainAwsError } from '../deploy/aws-errors.ts';
import { joinS3Uri, parseS3Uri } from '../../lambdas/io/object-store.ts';
import { maskFolder } from '../../lambdas/task-types/mask-output.ts';
import { mapLimited } from '../../lambdas/handlers/concurrency.ts';
import { s3Refusal } from './s3-refusal.ts';
import { compareIds } from '../../lambdas/consolidation/order.ts';
import type { AnswerKind } from '../../lambdas/consolidation/types.ts';
import { exactConfidenceKey, inspectConsolidation, posteriorKinds, posteriorsKey, withPosteriors, type Inspection, type WorkerRow } from './consolidate-inspect.ts';
import { checkCarriesState, finalState, seedState } from './consolidate-state.ts';
import { readPrior, type PriorRead } from './consolidate-prior.ts';
import { classMismatchPhrase, stateClassMismatch } from '../../lambdas/task-types/carried-state-fit.ts';
import { batchesOf, objectsInNoRequest, parseBatchOrder } from './consolidate-batching.ts';
import { checkDistinctFiles } from './consolidate-files.ts';
import { readEarlierOutput } from './consolidate-patch.ts';
import { failedCount, failedObjects, namedAtMost, objectProblem, problemLine, type UnansweredLine } from './consolidate-report.ts';
import { goldScoreLines, readGoldFile, scoreOutput } from './consolidate-gold.ts';
import type { ReplacedResponse, ReplayProblem } from '../run/replay.ts';

interface ConsolidateFlags {
  task?: string;
  type?: string;
  algorithm?: string;
  field?: string;
  labelAttribute?: string;
  labels?: string;
  manifest?: string;
  out?: string;
  batchSize?: string;
  region?: string;
  s3Endpoint?: string;
  json?: boolean;
  options?: string;
  strict?: boolean;
  masks?: string;
  workers?: string;
  posteriors?: boolean;
  prior?: string;
  stateOut?: string;
  gold?: string;
  onlyFailed?: string;
  batches?: string;
  rest?: string;
}

/** `progress`: where the progress line goes (stderr by default, only on a terminal; tests give a stand-in stream, clock and timer). */
export function registerConsolidateCommand(program: Command, output: Output = processOutput, progress: ProgressReporterOptions = { stream: process.stderr, sharing: [process.stdout] }): Command {
  return program
    .command('consolidate')
    .description("Re-run consolidation on a finished job's worker responses")
    .argument('<source>', 'folder holding annotations/worker-response/ (e.g. <S3OutputPath>/<job>/), or an s3:// prefix')
    .option('--task <dir>', "use that task's own ACS (acs.ts) and config")
    .option('--type <type>', `task type, with --algorithm: ${taskTypeNames.join(', ')}`)
    .option('--algorithm <name>', 'consolidation algorithm (default: the type\'s default)')
    .option('--options <json>', 'the algorithm\'s options as JSON, e.g. \'{"quorum":0.6}\' (with --type)')
    .option('--field <name>', 'the answer field to consolidate (found automatically when answers have only one)')
    .option('--label-attribute <name>', 'label attribute name for the output (default: the task\'s, or "label")')
    .option('--labels <list>', 'comma-separated label categories (default: the task\'s, or those seen in the answers)')
    .option('--manifest <file>', 'the input manifest: output lines are its lines plus the label (datasetObjectId = the line\'s 0-based position, blank lines not counted); without it, each line has the datasetObjectId and the source or source-ref the job\'s consolidation requests name')
    .option('-o, --out <file>', 'output manifest to write', 'output.manifest')
    .option('--masks <dir>', 'semantic segmentation: folder to write the consolidated mask PNGs to, each line\'s label the path of its PNG there; a new or empty folder, or one gtkit consolidate wrote before (its PNGs are replaced) (default: <out> without its extension, plus "-masks", beside it)')
    .option('--only-failed <output.manifest>', 'patch an earlier output: re-consolidate only the objects whose line there holds a consolidationError or no label, and keep every other line byte for byte; the output is that manifest with those lines relabelled (instead of --manifest; -o may be that file, to patch it in place)')
    .option('--batch-size <n>', 'objects per ACS invocation: the objects in datasetObjectId order, cut every <n> (with --batches job, those no consolidation request names); a learning algorithm carries its state from batch to batch, so its labels can depend on <n>', '500')
    .option('--batches <order>', 'how the objects are cut into ACS batches: "id-order" (datasetObjectId order, --batch-size at a time) or "job" (the job\'s own batches, as its consolidation requests under annotations/consolidated-annotation/consolidation-request/ name them, in the order it sent them; objects in no request follow, --batch-size at a time), which reproduces the job\'s own labels', 'id-order')
    .option('--prior <file|folder>', 'start the carried state from this instead of afresh (a learning algorithm; with --task, the task config\'s): the job\'s annotations/gtkit-state/ folder (local, or s3:// with the source\'s --s3-endpoint and --region), every batch\'s part added up as the ACS adds them, or a file written by --state-out (one part of that folder holds one batch\'s counts only)')
    .option('--state-out <file>', 'write the carried state after the last batch to this file (a learning algorithm; with --task, the task config\'s); --prior and the library\'s `prior` take it')
    .option('--rest <file>', 'write the input manifest\'s lines that got no label here (no worker answered them, or their consolidation failed), as they are, to feed the next job (with --manifest; a file of its own, not one another flag reads or writes)')
    .option('--workers <file.jsonl>', 'write a JSON line per worker: {worker, quality, answers, algorithm, measures} as the algorithm estimated them, for every kind of answer ("measures" says what its quality is; "answers" counts what it is measured on: the objects the worker answered, but for box-merge its boxes, keypoint-merge its points and span-vote its spans, an answer with no usable point or span counting as one) (with --type)')
    .option('--posteriors', `add the algorithm's "${posteriorsKey}" (label → probability) and "${exactConfidenceKey}" to each line's metadata (with --type, class and multi-label answers, the ones with posteriors); "confidence" stays rounded to 2 decimals, as Ground Truth writes it`)
    .option('--gold <file>', 'score the labels against gold: CSV lines datasetObjectId,label (header optional) or JSON lines {"datasetObjectId","label"}; prints accuracy, per-class precision/recall/F1 and a confusion matrix (class labels only)')
    .option('--region <region>', 'AWS region for an s3:// source', process.env.AWS_REGION ?? 'us-east-1')
    .option('--s3-endpoint <url>', 'read s3:// from an S3-protocol endpoint (e.g. s3rver) instead of AWS')
    .option('--strict', 'exit with code 1 when any object is not consolidated or any file or line has a problem (default: only when no object is)')
    .option('--json', 'print a JSON summary (no progress on stderr)')
    .addHelpText('after', () => `\n${algorithmsHelp()}\n\n${stateHelp}`)
    .action(async (source: string, flags: ConsolidateFlags) => {
      // Drawn on a terminal only: a log gets the summary alone, and --json is read by a program.
      // A Ctrl-C is said either way (as gtkit run says it), and --json answers it with its one document too.
      const show = !flags.json && Boolean(progress.stream.isTTY);
      const reporter = progressReporter({ ...progress, show, ...(flags.json ? { onInterrupted: (line: string) => output.out(jsonFailure('consolidate', line)) } : {}) }, consolidateProgressLine);
      let summary: Awaited<ReturnType<typeof consolidateCommand>>;
      try {
        // A note (a lock taken over from a process that is no more) comes before any progress is drawn.
        summary = await consolidateCommand(source, flags, reporter.update, (note) => output.err(note));
      } finally {
        // Before the summary or the error: a progress line left behind would garble it.
        reporter.finish();
      }
      if (flags.json) output.out(JSON.stringify(summary, null, 2));
      else {
        output.out(`${summary.objects} objects from ${summary.files} worker-response files, ${summary.answers} answers; ${summary.failed} not consolidated`);
        // Class indices in the output follow the label order; a guessed order may not be the job's.
        if (summary.labelsFrom === 'answers' && summary.labels.length > 0)
          output.err(`labels: ${summary.labels.join(', ')} (seen in the answers, sorted); the output's class indices follow this order, so give --labels in the job's order (or --task) to match the job's output`);
        if (summary.linesWithoutAnswers) output.err(`${summary.linesWithoutAnswers} ${summary.onlyFailed ? 'unlabelled line(s) of the earlier output' : 'manifest line(s)'} have no worker response (expired, or kept from workers by the PRE); copied to the output unchanged`);
        // Lines known by id alone cannot be joined back to the data without the input manifest.
        if (summary.sourcesFrom !== 'manifest' && summary.objectsWithData < summary.objects)
          output.err(`${summary.objects - summary.objectsWithData} of ${summary.objects} objects are known by datasetObjectId only (no consolidation request names their data); give --manifest <the job's input manifest> for whole lines`);
        for (const w of summary.warnings.slice(0, 20)) output.err(`warning: ${w}`);
        if (summary.warnings.length > 20) output.err(`… ${summary.warnings.length - 20} more warnings (see --json)`);
        for (const p of summary.problems.slice(0, 20)) output.err(`problem: ${problemLine(p)}`);
        if (summary.problems.length > 20) output.err(`… ${summary.problems.length - 20} more problems (see --json)`);
        for (const note of replacedNotes(summary.replacedAnswers, 3)) output.err(note);
        if (summary.onlyFailed) output.out(`only the failed: ${summary.onlyFailed.relabelled} unlabelled line(s) of ${summary.onlyFailed.file} re-consolidated, ${summary.onlyFailed.kept} kept as they were`);
        if (summary.jobBatches !== undefined) output.out(`batches: ${summary.jobBatches} of the job's own, ${summary.batches - summary.jobBatches} more of objects no consolidation request names`);
        output.out(`output manifest: ${summary.out}`);
        if (summary.rest) output.out(`rest: ${summary.rest.lines} line(s) of the input manifest got no label; written unchanged to ${summary.rest.file} for the next job`);
        if (summary.workersFile) output.out(`workers: ${summary.workersFile.workers} in ${summary.workersFile.file}`);
        if (summary.stateOut) output.out(`state after the last batch: ${summary.stateOut}`);
        if (summary.gold) for (const line of goldScoreLines(summary.gold, flags.gold ?? '')) output.out(line);
        if (summary.masks) output.out(`masks: ${summary.masks.files} PNG files in ${summary.masks.folder} (each line's label is its file's path)`);
      }
      // The output is written either way (failures keep their answers); the exit code tells a script whether to trust it.
      if (summary.error !== undefined) throw new CliError(summary.error);
    });
}

/**
 * Consolidates the worker responses at `source` and writes the output manifest; `onProgress`
 * hears where it is, `onNote` what the user should know that is no problem of the output. One
 * consolidate at a time per output file (as one gtkit run per folder): a second one writing the
 * same file is refused while the first works.
 */
export async function consolidateCommand(source: string, flags: ConsolidateFlags, onProgress?: (progress: ConsolidateProgress) => void, onNote?: (note: string) => void) {
  if (!flags.task && !flags.type) throw new UsageError('give --task <dir> (that task\'s ACS) or --type <task-type> [--algorithm <name>]');
  if (flags.task && flags.type) throw new UsageError('--task and --type exclude each other');
  if (flags.task) {
    // With --task the task's own acs.ts decides these; a flag that would be ignored is a usage error.
    const ignored = (['algorithm', 'options', 'field', 'labels'] as const).filter((f) => flags[f] !== undefined);
    if (ignored.length > 0) throw new UsageError(`${ignored.map((f) => `--${f}`).join(', ')} ${ignored.length === 1 ? 'goes' : 'go'} with --type; with --task, the task's own acs.ts and config decide ${ignored.length === 1 ? 'it' : 'them'}`);
    // The task's acs.ts returns labels only; its carried state (--prior, --state-out) is where its ACS keeps it, under the job's annotations.
    const unseen = (['workers', 'posteriors'] as const).filter((f) => flags[f] !== undefined);
    if (unseen.length > 0) throw new UsageError(`${unseen.map((f) => `--${f}`).join(', ')} ${unseen.length === 1 ? 'goes' : 'go'} with --type: with --task, the task's own acs.ts consolidates, and gtkit sees only the labels it returns, not its algorithm's result (the output lines, --gold, --prior, --state-out and the replaced answers are there either way); use --type <the task's type> --algorithm <its algorithm> for them`);
  }
  if (flags.onlyFailed !== undefined && flags.manifest !== undefined) throw new UsageError("--only-failed and --manifest exclude each other: --only-failed's earlier output is the input, each line kept or relabelled");
  // --only-failed's lines are an earlier output's (labels and failure reasons in them), not the lines a next job can take as they are.
  if (flags.rest !== undefined && flags.onlyFailed !== undefined) throw new UsageError("--rest does not go with --only-failed: it writes input-manifest lines, and --only-failed's lines are an earlier output's; for the rest, run gtkit consolidate again with --manifest <the job's input manifest> --rest <file> (with --batches job, which reproduces the job's own labels)");
  if (flags.rest !== undefined && flags.manifest === undefined) throw new UsageError("--rest goes with --manifest <the job's input manifest>: it writes that manifest's lines that got no label");
  parseBatchOrder(flags.batches);
  const batchSize = Number(flags.batchSize ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--batch-size must be a whole number ≥ 1, got ${JSON.stringify(flags.batchSize)}`);
  const out = flags.out ?? 'output.manifest';
  // Before the work, not after it: 50,000 objects take seconds to read and consolidate.
  await checkOutputFileFlag(out, '-o', "the output manifest's file name", 'output.manifest');
  if (flags.masks !== undefined && flags.masks.trim() === '') throw new UsageError('--masks needs a folder name, e.g. --masks masks');
  if (flags.workers !== undefined) await checkOutputFileFlag(flags.workers, '--workers', 'the workers file\'s name', 'workers.jsonl');
  if (flags.stateOut !== undefined) await checkOutputFileFlag(flags.stateOut, '--state-out', 'the state file\'s name', 'state.json');
  if (flags.rest !== undefined) await checkOutputFileFlag(flags.rest, '--rest', 'the file for the lines without a label', 'rest.manifest');
  await checkDistinctFiles(
    [['--manifest', flags.manifest], ['--only-failed', flags.onlyFailed], ['--gold', flags.gold], ['--prior', flags.prior]],
    [['-o', out], ['--rest', flags.rest], ['--workers', flags.workers], ['--state-out', flags.stateOut]],
    // Patching an earlier output in place: it is read whole before the patched one replaces it whole.
    [['-o', '--only-failed']],
  );
  if (!source.startsWith('s3://')) await checkSourceFolder(source);
  const release = lockOutputFile(out, onNote);
  try {
    return await consolidateInto(out, source, flags, batchSize, onProgress);
  } finally {
    release();
  }
}

/** Takes the lock of the output file (`<out>.lock`, the name gtkit run's lock has beside its output.manifest), or says who holds it. */
function lockOutputFile(out: string, onNote?: (note: string) => void): () => void {
  try {
    return takeOutputLock(`${resolve(out)}.lock`, { command: 'gtkit consolidate', writing: shownPath(resolve(out)), elsewhere: 'give -o another file', ...(onNote ? { onNote } : {}) });
  } catch (error) {
    // Its folder refuses files (checked writable, as root may find it is not): the flag's usage error, as checkOutputFileFlag says it.
    if (error instanceof LockWriteError) throw cannotWriteIn('-o', out, dirname(resolve(out)), error.reason);
    throw error;
  }
}

/** The consolidation itself, once the output file is its own. */
async function consolidateInto(out: string, source: string, flags: ConsolidateFlags, batchSize: number, onProgress?: (progress: ConsolidateProgress) => void) {
  onProgress?.({ step: 'read', objects: 0, objectsDone: 0 });
  const s3Client = () => (flags.s3Endpoint ? storeClient(checkS3Endpoint(flags.s3Endpoint), flags.region ?? 'us-east-1') : new S3Client({ region: flags.region ?? 'us-east-1' }));
  const s3 = source.startsWith('s3://') ? s3Client() : undefined;
  const batchOrder = parseBatchOrder(flags.batches);
  // The earlier output of --only-failed is the input manifest, each of its lines kept or relabelled.
  const inputFile = flags.manifest ?? flags.onlyFailed;
  // Without an input manifest, the job's consolidation requests still tell which data each object is; with --batches job, they are its batches.
  const onFilesRead = onProgress && ((filesRead: number, files: number) => onProgress({ step: 'read', objects: 0, objectsDone: 0, filesRead, files }));
  const replay = await readWorkerResponses(source, s3, { dataObjects: !inputFile, requests: batchOrder === 'job', ...(onFilesRead ? { onFilesRead } : {}) }).catch((error: unknown) => {
    // Its message already says which folders to give instead.
    if (error instanceof SeveralJobsError) throw new CliError(error.message);
    // Credentials or a network in the way: in the words gtkit run --s3 uses, since the folder is not what to change.
    const s3Problem = s3 ? (unreachable(error, flags.s3Endpoint) ?? s3ListingRefused(error, source, flags.s3Endpoint)) : undefined;
    if (s3Problem) throw new CliError(s3Problem);
    // An unreadable folder or a bucket that is not there is the user's to fix: say so without a stack.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot read worker responses from ${source}: ${message}; ${whereTheResponsesAre}`);
  });
  if (replay.files === 0) throw new CliError(replay.problems[0] ? problemLine(replay.problems[0]) : `${source}: no worker-response files`);
  // What is wrong with the consolidation requests (they only add each line's data) and advice on --prior: --strict does not count them.
  const warnings = [...replay.dataProblems];

  const task = flags.task ? await loadTask(flags.task) : undefined;
  const attr = flags.labelAttribute ?? task?.config.labelAttributeName ?? 'label';
  let acs: LambdaHandler;
  let labels = flags.labels?.split(',').map((l) => l.trim()).filter(Boolean) ?? (task ? labelNames(task.config) : []);
  let labelsFrom: 'flag' | 'task' | 'answers' | 'none' = flags.labels !== undefined ? 'flag' : task ? 'task' : 'none';
  let answers = replay.answers;
  // What the algorithm itself returned (--workers, --posteriors): with --type only.
  let inspection: Inspection | undefined;
  let algorithmName: AlgorithmName;
  let kind: AnswerKind;
  if (task) {
    acs = await importHandler(task.paths.acs);
    kind = getTaskType(task.config.type).answerKind;
    // The scaffolded acs.ts consolidates with the config's algorithm and carries its state under the job's annotations, where --prior seeds it.
    algorithmName = task.config.consolidation.algorithm;
  } else {
    const type = getTaskType(parseTaskTypeFlag(flags.type ?? ''));
    answers = remapField(replay.answers, type.answerField, flags.field);
    if (labels.length === 0) {
      labels = labelsSeen(answers);
      if (labels.length > 0) labelsFrom = 'answers';
    }
    const options = parseOptionsFlag(flags.options);
    // --algorithm is any string here; taskConsolidation checks it, and usage() names a wrong one.
    const algorithm = (flags.algorithm ?? type.defaultAlgorithm) as AlgorithmName;
    // The algorithm's own result of each batch goes to the inspection, when one is asked for below.
    const consolidation = usage(() => taskConsolidation(type, { algorithm, options, labels, onResult: (result) => inspection?.onResult(result) }));
    kind = type.answerKind;
    algorithmName = algorithm;
    // Every algorithm reports its workers (ConsolidationResult.workers), so --workers serves every kind.
    if (flags.posteriors && !posteriorKinds.includes(kind))
      throw new UsageError(`--posteriors takes class and multi-label answers, whose algorithms give class posteriors; ${type.name} answers are ${kind}, whose metadata keeps its own rounded confidences (use --workers for what ${algorithm} estimated of each worker)`);
    inspection = flags.workers !== undefined || flags.posteriors ? inspectConsolidation(algorithm) : undefined;
    // The whole TaskConsolidation, so that no field of it (decode, say) can be left out here.
    acs = acsHandler({ logger: silentLogger, ...consolidation }) as LambdaHandler;
  }
  if (flags.stateOut !== undefined) checkCarriesState('--state-out', algorithmName);
  const prior = flags.prior !== undefined ? await readPriorFlag(flags.prior, algorithmName, s3 ? () => s3 : s3Client) : undefined;
  if (prior) {
    warnings.push(...prior.warnings);
    // A state of other classes (a renamed label, another task's state) is used in part, as the ACS uses it, and said; of no shared class, refused.
    const mismatch = stateClassMismatch(prior.state, labels);
    if (mismatch?.shared === 0) throw new UsageError(`--prior ${flags.prior}: ${classMismatchPhrase(mismatch, 'nothing of it would be used')}; give a state of this task's labels, or --labels in the job's order`);
    if (mismatch) warnings.push(`--prior ${flags.prior}: ${classMismatchPhrase(mismatch, '')}`);
    // A part of the state left out changes every label this run gives: a problem, which --strict counts.
    for (const message of prior.leftOut) replay.problems.push({ stage: 'acs', where: `--prior ${flags.prior}`, message });
  }
  if (flags.gold !== undefined && kind !== 'class') throw new UsageError(`--gold scores single class labels (accuracy, precision, recall, F1); ${flags.task ? "the task's" : flags.type} answers are ${kind}`);
  const gold = flags.gold !== undefined ? await readGoldFile(flags.gold) : undefined;
  const jobName = task?.config.jobName ?? jobNameOf(source);

  // The input manifest gives each object its line; without it, the consolidation requests give
  // its data (`source-ref` or `source`), and an object they do not name is known by id only.
  const lines = new Map<string, JsonObject>();
  const lineNumbers = new Map<string, number>();
  // --only-failed: each earlier line as written, for those this run does not relabel.
  const earlier = flags.onlyFailed !== undefined ? await readEarlierOutput(flags.onlyFailed, attr) : undefined;
  if (flags.manifest) {
    const m = await readManifest(flags.manifest);
    for (const line of m.lines) {
      lines.set(line.datasetObjectId, line.dataObject as JsonObject);
      lineNumbers.set(line.datasetObjectId, line.lineNumber);
    }
    for (const p of m.problems) replay.problems.push({ stage: 'manifest', where: `${flags.manifest}:${p.lineNumber}`, message: reasonWithFix(p) });
  }
  if (earlier) {
    for (const w of earlier.lines) {
      if (w.repeated) continue;
      if (w.line) lines.set(w.datasetObjectId, w.line);
      lineNumbers.set(w.datasetObjectId, w.lineNumber);
    }
    replay.problems.push(...earlier.problems);
  }
  const sourcesFrom = inputFile ? 'manifest' : replay.dataObjects.size > 0 ? 'consolidation-requests' : 'none';
  const answered = [...answers.keys()].sort((a, b) => Number(a) - Number(b) || compareIds(a, b));
  // --only-failed relabels the lines the earlier output left unlabelled (and objects it has no line for), and nothing else.
  const ids = earlier ? answered.filter((id) => earlier.unlabelled.has(id) || !lineNumbers.has(id)) : answered;
  const { batches, fromJob } = batchesOf(ids, batchSize, batchOrder === 'job' ? replay.requestBatches : undefined);
  // --batches job promises the job's own labels; objects outside its requests cannot have them for sure.
  if (batchOrder === 'job' && fromJob < batches.length) replay.problems.push(objectsInNoRequest(batches.slice(fromJob), replay.requestBatches.length));
  const tell = (step: ConsolidateProgress['step'], objectsDone: number) => onProgress?.({ step, objects: ids.length, objectsDone });
  tell('consolidate', 0);
  // A Ctrl-C or SIGTERM ends the process without reaching the finally below; the batches' files would
  // stay in the temp folder. The clean-up is in place before the folder is made (its name is picked
  // first): a signal that comes as mkdtemp returns would otherwise find nothing to remove.
  const scratch = join(tmpdir(), `gtkit-consolidate-${randomUUID()}`);
  const leave = onLeaving(() => removeOnTheWayOut(scratch));
  const now = new Date();
  try {
    await mkdir(scratch, { mode: 0o700 });
    const store = new LocalObjectStore(scratch);
    const layout = jobOutputLayout('s3://gtkit-replay/output', jobName);
    if (prior) await seedState(store, layout.annotations, algorithmName, prior.state);
    const job: BatchJob = {
      labelAttributeName: attr,
      labelingJobArn: labelingJobArn(jobName),
      roleArn: task?.config.roleArn ?? 'arn:aws:iam::123456789012:role/replay',
      labels,
      workersPerObject: task?.config.task.workersPerObject ?? mostAnswers(answers),
      acsFunctionName: task?.config.lambdas.acs.functionName ?? 'gtkit-replay',
      // The task's own timeout, as the dry run uses; without a task, the default one.
      ...(task ? { acsTimeoutSeconds: functionSettings(task.config, 'acs').timeoutSeconds, acsMemoryMb: functionSettings(task.config, 'acs').memoryMb } : {}),
      acs,
      store,
      layout,
      stamp: fileTimestamp(now),
    };
    const objectOf = (id: string): ConsolidationObject => ({ datasetObjectId: id, dataObject: (lines.get(id) ?? replay.dataObjects.get(id) ?? {}) as DataObject, answers: answers.get(id) ?? [] });
    // The ACS's own INFO lines would land on stdout before the summary (and break --json).
    const contents = await withEnv({ GTKIT_LOCAL_S3_ROOT: scratch, POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' }, () =>
      consolidateInBatches(job, batches.map((batchIds) => batchIds.map(objectOf)), (done) => tell('consolidate', done)),
    );
    const ctx = { labelAttributeName: attr, jobName, creationDate: creationDate(now) };
    // Each output line labelled in this run by datasetObjectId, for --gold and the failures.
    const byId = new Map<string, JsonObject>();
    const holdingLabel: string[] = [];
    // Each labelled line, with the answers the ACS set aside and what the line had to leave out of its answer said among the problems (as gtkit run says them).
    const labeled = (id: string, input: JsonObject): JsonObject => {
      let content = withFileFailure(contents.get(id) ?? {}, attr, replay.unusable.get(id)?.reason);
      content = withLostFilesNote(content, attr, replay.lostFiles.get(id));
      if (flags.posteriors) content = withPosteriors(content, attr, inspection?.items.get(id));
      for (const r of setAsideAnswers(content, attr)) replay.problems.push(objectProblem(id, `the answer of ${r.workerId} was set aside: ${r.reason}`));
      // An unlabelled line of --only-failed's earlier output is there to be relabelled.
      if (!earlier && (Object.hasOwn(input, attr) || Object.hasOwn(input, `${attr}-metadata`))) holdingLabel.push(id);
      const { line, problem } = labeledLine(input, content, ctx);
      if (problem) replay.problems.push(objectProblem(id, problem));
      byId.set(id, line);
      return line;
    };
    tell('write', ids.length);
    // A line as an object, or (--only-failed, a line this run leaves alone) the text it had.
    const outLines: Array<JsonObject | string> = [];
    // Manifest lines no worker answered (expired, or kept from workers by the PRE: the answers cannot tell which) are copied as they are, and counted.
    const unanswered: UnansweredLine[] = [];
    if (earlier) {
      for (const w of earlier.lines) {
        // A line repeating an earlier line's datasetObjectId is not that object's (the first is): kept as it is.
        const relabel = !w.repeated && w.line !== undefined && contents.has(w.datasetObjectId);
        if (!relabel && !w.repeated && earlier.unlabelled.has(w.datasetObjectId)) unanswered.push({ line: w.lineNumber, datasetObjectId: w.datasetObjectId });
        outLines.push(relabel ? labeled(w.datasetObjectId, w.line as JsonObject) : w.text);
      }
    } else if (flags.manifest) {
      for (const [id, input] of [...lines].sort((a, b) => Number(a[0]) - Number(b[0]))) {
        const isAnswered = contents.has(id);
        if (!isAnswered) unanswered.push({ line: lineNumbers.get(id) ?? 0, datasetObjectId: id });
        outLines.push(isAnswered ? labeled(id, input) : input);
      }
    } else {
      for (const id of ids) outLines.push(labeled(id, { datasetObjectId: id, ...replay.dataObjects.get(id) }));
    }
    // Answers for an object the manifest lacks (another manifest? a line deleted?) still get their line, at the end, by id.
    if (inputFile)
      for (const id of ids)
        if (!lineNumbers.has(id)) {
          replay.problems.push(objectProblem(id, `it has answers but no line in ${inputFile}; written at the end with its id only`));
          outLines.push(labeled(id, { datasetObjectId: id }));
        }
    if (holdingLabel.length > 0) replay.problems.push({ stage: 'manifest', where: flags.manifest ?? '', message: labelAlreadyThere(holdingLabel, attr, lines) });
    // The masks a semantic-segmentation ACS wrote under the job's annotations would go with the scratch folder: they are kept beside the output.
    const masks = await keepMasks(store, layout.annotations, flags.masks ?? defaultMasksFolder(out));
    // The ACS labelled each line with its mask's URI in the scratch store, which is gone after the run: the label becomes the kept file's path.
    if (masks)
      for (const line of outLines) {
        const path = typeof line !== 'string' && typeof line[attr] === 'string' ? masks.paths.get(line[attr]) : undefined;
        if (path !== undefined && typeof line !== 'string') line[attr] = path;
      }
    // Whole or not at all: a Ctrl-C during the write leaves the old file as it was.
    await writeWhole(out, outLines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + (outLines.length ? '\n' : ''), 'give -o a file in a folder gtkit may write');
    const workersFile = inspection && flags.workers !== undefined ? await writeWorkers(flags.workers, inspection.workers()) : undefined;
    const stateOut = flags.stateOut !== undefined ? await writeState(flags.stateOut, await finalState(store, layout.annotations, algorithmName), replay.problems) : undefined;
    const failed = failedCount(byId, attr);
    const rest = flags.rest !== undefined && flags.manifest !== undefined ? await writeRest(flags.rest, flags.manifest, lines, lineNumbers, (id) => !contents.has(id) || isConsolidationFailure(byId.get(id)?.[attr])) : undefined;
    // Said in the --json summary too (as gtkit run --json does), not only on stderr.
    const error =
      ids.length > 0 && failed === ids.length
        ? `none of the ${ids.length} objects was consolidated; see the consolidationError of any line in ${shownPath(out)}`
        : flags.strict && (failed > 0 || replay.problems.length > 0)
          ? `--strict: ${failed} not consolidated, ${replay.problems.length} problem(s)`
          : undefined;
    const withData = inputFile ? ids.filter((id) => lines.has(id)).length : ids.filter((id) => replay.dataObjects.has(id)).length;
    const onlyFailed = earlier && flags.onlyFailed !== undefined ? { file: shownPath(flags.onlyFailed), relabelled: ids.filter((id) => lineNumbers.has(id)).length, kept: earlier.lines.length - ids.filter((id) => lineNumbers.has(id)).length } : undefined;
    return {
      ok: error === undefined,
      ...(error !== undefined ? { error } : {}),
      out: shownPath(out),
      ...(masks ? { masks: { folder: masks.folder, files: masks.files } } : {}),
      labels,
      labelsFrom,
      sourcesFrom,
      objectsWithData: withData,
      ...(inputFile ? { linesWithoutAnswers: unanswered.length, unansweredLines: unanswered.slice(0, namedAtMost) } : {}),
      ...(onlyFailed ? { onlyFailed } : {}),
      warnings,
      files: replay.files,
      objects: ids.length,
      answers: ids.reduce((n, id) => n + (answers.get(id)?.length ?? 0), 0),
      batches: batches.length,
      ...(batchOrder === 'job' ? { jobBatches: fromJob } : {}),
      failed,
      failedObjects: failedObjects(byId, attr, replay.unusable),
      answersReplaced: replay.replaced.length,
      replacedAnswers: replay.replaced,
      ...(workersFile ? { workersFile } : {}),
      ...(stateOut ? { stateOut } : {}),
      ...(rest ? { rest } : {}),
      ...(gold ? { gold: scoreOutput(byId, attr, gold, labels) } : {}),
      problems: replay.problems,
    };
  } catch (error) {
    if (error instanceof AcsBatchError) throw new CliError(error.message);
    throw error;
  } finally {
    leave();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** --prior read, its S3 trouble (credentials, a network, access) said in --prior's words rather than as a stack. */
async function readPriorFlag(prior: string, name: AlgorithmName, s3: () => S3Client): Promise<PriorRead> {
  try {
    return await readPrior(prior, name, s3);
  } catch (error) {
    if (error instanceof UsageError || !prior.startsWith('s3://')) throw error;
    throw new CliError(`--prior ${prior}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Writes --rest: the input manifest's lines (as the file has them) whose object got no label here,
 * in manifest order, so that they can be the next job's manifest.
 */
async function writeRest(file: string, manifest: string, lines: ReadonlyMap<string, JsonObject>, lineNumbers: ReadonlyMap<string, number>, unlabelled: (id: string) => boolean): Promise<{ file: string; lines: number }> {
  const rows = jsonLinesRows(await readFile(manifest, 'utf8'));
  const kept = [...lines.keys()]
    .filter(unlabelled)
    .map((id) => lineNumbers.get(id) ?? 0)
    .sort((a, b) => a - b)
    .map((n) => rows[n - 1] ?? '');
  await writeWhole(file, kept.map((row) => `${row}\n`).join(''), 'give --rest a file in a folder gtkit may write');
  return { file: shownPath(file), lines: kept.length };
}

/**
 * A labelled object that lost some of its worker-response files (cut short, unreadable) says so in
 * its metadata's `consolidation-note`: it was labelled from fewer answers than its workers gave.
 */
function withLostFilesNote(content: JsonObject, attr: string, lost: { lost: number; files: number } | undefined): JsonObject {
  const metadata = content[`${attr}-metadata`] ?? {};
  if (lost === undefined || !isObject(metadata) || isConsolidationFailure(content[attr])) return content;
  const note = `${lost.lost} of ${lost.files} worker-response files could not be read (see the problems); labelled from the answers in the others`;
  const before = typeof metadata['consolidation-note'] === 'string' && metadata['consolidation-note'] !== '' ? `${metadata['consolidation-note']}; ` : '';
  return { ...content, [`${attr}-metadata`]: { ...metadata, 'consolidation-note': `${before}${note}` } };
}

/** One problem for the input lines that already hold the label attribute (as gtkit run finds it): the output replaces what they hold. */
function labelAlreadyThere(ids: readonly string[], attr: string, lines: ReadonlyMap<string, JsonObject>): string {
  const first = lines.get(ids[0] as string);
  const metadata = first?.[`${attr}-metadata`];
  const job = isObject(metadata) && typeof metadata['job-name'] === 'string' ? ` (job-name ${JSON.stringify(metadata['job-name'])})` : '';
  return `${ids.length} input line(s) already hold "${attr}" or "${attr}-metadata", the first datasetObjectId ${ids[0]}${job}; the output replaces them with this consolidation's label. Give --label-attribute another name to keep both side by side`;
}

/** The job's name as its folder names it (`<S3OutputPath>/<job-name>/`), for the lines' `job-name`; "replay" when the source names none. */
export function jobNameOf(source: string): string {
  const folder = source.replace(/\/+$/, '').replace(/(?:^|\/)annotations(?:\/worker-response)?$/, '');
  const name = folder.startsWith('s3://') ? (folder.slice('s3://'.length).split('/').slice(1).pop() ?? '') : basename(resolve(folder));
  return name === '' ? 'replay' : name;
}

/** Writes --workers: one JSON line per worker, sorted by id. */
async function writeWorkers(file: string, rows: readonly WorkerRow[]): Promise<{ file: string; workers: number }> {
  await writeWhole(file, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''), 'give --workers a file in a folder gtkit may write');
  return { file: shownPath(file), workers: rows.length };
}

/** Writes --state-out; a run that carried no state (no batch had answers to learn from) says so among the problems instead. */
async function writeState(file: string, state: unknown, problems: ReplayProblem[]): Promise<string | undefined> {
  if (state === undefined) {
    problems.push({ stage: 'acs', where: file, message: 'no state was carried for --state-out (no batch had answers to learn from, or the ACS keeps its state elsewhere); nothing written' });
    return undefined;
  }
  await writeWhole(file, `${JSON.stringify(state)}\n`, 'give --state-out a file in a folder gtkit may write');
  return shownPath(file);
}

/**
 * An object the ACS could not consolidate because its worker-response file could not be read (or
 * held no usable answer) says that in its consolidationError: the ACS saw no answer and would say
 * "no worker answered", which sends the reader looking for workers, not for the file.
 */
function withFileFailure(content: JsonObject, attr: string, fileFailure: string | undefined): JsonObject {
  const label = content[attr];
  if (fileFailure === undefined || !isConsolidationFailure(label)) return content;
  return { ...content, [attr]: { ...label, consolidationError: fileFailure } };
}

/** `output.manifest` → `output-masks`, beside it. */
function defaultMasksFolder(out: string): string {
  const name = basename(out);
  const dot = name.lastIndexOf('.');
  return join(dirname(out), `${dot > 0 ? name.slice(0, dot) : name}-masks`);
}

/** The file that marks a folder as gtkit consolidate's masks, so that a later run may empty it of its PNGs and of nothing else. */
const masksMarker = '.gtkit-masks';

/**
 * Copies the mask PNGs the ACS wrote under `<annotations>/gtkit-masks/` to `folder` and returns
 * each URI's file path (absolute). The folder is made when missing; an earlier run's PNGs there are
 * removed first, so it holds this run's masks only. A folder holding anything gtkit did not write
 * (no marker, or not empty) is refused: it may be the user's.
 */
async function keepMasks(store: LocalObjectStore, annotations: string, folder: string): Promise<{ folder: string; files: number; paths: Map<string, string> } | undefined> {
  const uriPrefix = `${joinS3Uri(annotations, maskFolder)}/`;
  const uris = await store.list(uriPrefix);
  if (uris.length === 0) return undefined;
  await emptyMasksFolder(folder);
  const paths = new Map(uris.map((uri) => [uri, resolve(folder, uri.slice(uriPrefix.length))]));
  await mapLimited(uris, 16, async (uri) => writeWhole(paths.get(uri) as string, await store.getBytes(uri), 'give --masks a folder gtkit may write'));
  return { folder: shownPath(folder), files: uris.length, paths };
}

/** Makes `folder` ready for this run's masks: made and marked when missing or empty, emptied of its PNGs when an earlier run marked it, refused otherwise. */
async function emptyMasksFolder(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    names = [];
  }
  if (names.length > 0 && !names.includes(masksMarker)) {
    throw new CliError(`the masks folder ${shownPath(folder)} already holds files gtkit consolidate did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); give --masks a new or empty folder, or empty this one`);
  }
  await Promise.all(names.filter((n) => n.toLowerCase().endsWith('.png')).map((n) => rm(join(folder, n), { force: true })));
  if (!names.includes(masksMarker)) await writeWhole(join(folder, masksMarker), 'Mask PNGs written by gtkit consolidate; the next run into this folder removes its PNGs first.\n', 'give --masks a folder gtkit may write');
}

/** One note per replaced answer (the first `shown`), then how many more, as gtkit run says them. */
function replacedNotes(replaced: readonly ReplacedResponse[], shown: number): string[] {
  const notes = replaced.slice(0, shown).map((r) => `note: worker ${JSON.stringify(r.workerId)} answered object ${r.datasetObjectId} again: ${r.where} is replaced by ${r.replacedBy}; only the later answer counts`);
  if (replaced.length > shown) notes.push(`note: … ${replaced.length - shown} more answer(s) replaced the same way, ${replaced.length} in all (see --json)`);
  return notes;
}

/** How batches, the carried state and the metadata's confidence work, under the algorithms in --help. */
const stateHelp = [
  'Batches and state: the objects, in datasetObjectId order, are consolidated --batch-size at a time; --batches job',
  "replays the job's own batches instead, in the order it sent them. A learning algorithm (dawid-skene and its",
  'variants, box-merge, pixel-vote) carries its state from batch to batch, starting afresh (the job\'s',
  'annotations/gtkit-state/ is not read; give --prior for it), so its labels can change with the batches.',
  "Fix and patch: --only-failed <the job's output.manifest> --batches job --prior <job>/annotations/gtkit-state/",
  "relabels the objects the job failed on, from the worker quality the job learned, and keeps every other line.",
  'A worker who answered an object twice (a later iteration, a later file, or later in one file) counts once, with',
  'the later answer; each replaced answer is reported.',
  `Confidence: "confidence" in the metadata is rounded to 2 decimals, as Ground Truth writes it; --posteriors adds`,
  `"${exactConfidenceKey}" (the algorithm's own number) and "${posteriorsKey}" ({ label: probability }).`,
].join('\n');

/** What to give as the source, said when the source is what is wrong. */
const whereTheResponsesAre = 'give the folder (or s3:// prefix) that holds annotations/worker-response/, i.e. <S3OutputPath>/<job-name>/';

/** A local source that is not there, or is a file, is a wrong command line (exit code 2), as a missing task folder is for the other verbs. */
async function checkSourceFolder(source: string): Promise<void> {
  const found = await stat(source).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (found instanceof Error) {
    // Any other refusal (permission denied on a folder above) is for the listing to name.
    if (found.code === 'ENOENT' || found.code === 'ENOTDIR') throw new UsageError(`${source}: no such folder; ${whereTheResponsesAre}`);
    return;
  }
  if (!found.isDirectory()) throw new UsageError(`${source}: is a file, not a folder; ${whereTheResponsesAre}`);
}

/** S3 turned the listing away (no or bad credentials, access denied), in deploy's words, with what to do instead; undefined for any other error. */
function s3ListingRefused(error: unknown, source: string, endpoint: string | undefined): string | undefined {
  const refused = s3Refusal(error, { noSuchBucket: false });
  if (refused === undefined) return undefined;
  const { bucket } = parseS3Uri(source);
  return explainAwsError(refused, {
    doing: `listing the worker responses under ${source}${endpoint ? ` with --s3-endpoint ${endpoint}` : ''}`,
    action: 's3:ListBucket',
    resource: `arn:aws:s3:::${bucket}`,
    withoutAws: endpoint ? "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the server's key" : "give a local copy of the job's folder instead (aws s3 sync where AWS works)",
    again: 'run gtkit consolidate again',
  });
}

/** The most answers any object has (at least 1): the job's workers per object, as far as the answers tell. A loop, not Math.max(...): V8 refuses ~120,000 arguments. */
function mostAnswers(answers: Map<string, CapturedAnswer[]>): number {
  let most = 1;
  for (const list of answers.values()) most = Math.max(most, list.length);
  return most;
}

/** The algorithms by answer kind, each with the options `--options` takes (from the registry, so it cannot drift). */
export function algorithmsHelp(): string {
  const lines = ['Algorithms (--algorithm, by the answers they take) and their options (--options):'];
  for (const a of Object.values(algorithms)) {
    lines.push(`  ${a.name} [${a.kind}]: ${a.description}`);
    for (const [name, spec] of Object.entries(a.optionSpecs)) lines.push(`      ${name}: ${describeSpec(spec)}; ${spec.what}`);
  }
  return lines.join('\n');
}

/** An unknown or unfitting --algorithm, or bad --options, is a bad flag value: exit code 2, no stack, in flag terms. */
function usage<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (!(error instanceof ContractError)) throw new UsageError(`--algorithm: ${error instanceof Error ? error.message : String(error)}`);
    throw new UsageError(
      error.issues
        .map((i) => (i.path.startsWith('consolidation.options') ? `--options ${i.path.slice('consolidation.options.'.length)}: ${i.problem}` : `--algorithm: ${i.problem}`))
        .join('\n'),
    );
  }
}

/** `--options` as a JSON object (checked against the algorithm later, with the others). */
function parseOptionsFlag(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--options must be a JSON object, e.g. '{"quorum":0.6}': ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new UsageError(`--options must be a JSON object, e.g. '{"quorum":0.6}', got ${describeType(value)}`);
  return value;
}

/** Moves the chosen answer field to where the task type reads it; finds it when there is only one. */
function remapField(answers: Map<string, CapturedAnswer[]>, target: string, field: string | undefined): Map<string, CapturedAnswer[]> {
  const keys = new Set<string>();
  for (const list of answers.values()) for (const a of list) for (const k of Object.keys(a.answerContent)) keys.add(k);
  // No usable answer at all: nothing to move, and every object comes out as a failure that says so.
  if (keys.size === 0 && field === undefined) return answers;
  const chosen = field ?? (keys.has(target) ? target : keys.size === 1 ? [...keys][0] : undefined);
  if (!chosen) throw new UsageError(`the answers have several fields (${[...keys].sort().join(', ')}); pick one with --field`);
  if (!keys.has(chosen)) throw new UsageError(`no answer has the field "${chosen}"; fields seen: ${[...keys].sort().join(', ')}`);
  const out = new Map<string, CapturedAnswer[]>();
  for (const [id, list] of answers) out.set(id, list.map((a) => ({ ...a, answerContent: { [target]: a.answerContent[chosen] } })));
  return out;
}

/**
 * Labels that occur in the answers, sorted, when none were given: a classification's `label` or
 * `labels`, and the `label` of each box, point, span or shape in an answer's lists.
 */
function labelsSeen(answers: Map<string, CapturedAnswer[]>): string[] {
  const seen = new Set<string>();
  const labelsOf = (value: unknown) => {
    if (!isObject(value)) return;
    if (typeof value.label === 'string') seen.add(value.label);
    if (Array.isArray(value.labels)) for (const l of value.labels) if (typeof l === 'string') seen.add(l);
    // A segmentation mask's labels are its labelMappings' keys.
    if (isObject(value.labelMappings)) for (const l of Object.keys(value.labelMappings)) seen.add(l);
  };
  for (const list of answers.values())
    for (const a of list)
      for (const value of Object.values(a.answerContent)) {
        labelsOf(value);
        if (isObject(value)) for (const inner of Object.values(value)) if (Array.isArray(inner)) inner.forEach(labelsOf);
      }
  return [...seen].sort();
}
