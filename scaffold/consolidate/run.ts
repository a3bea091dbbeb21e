import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { JsonObject } from '../../lambdas/contracts/check.ts';
import type { DataObject } from '../../lambdas/contracts/pre.ts';
import { compareIds } from '../../lambdas/consolidation/order.ts';
import { isConsolidationFailure } from '../../lambdas/handlers/acs-types.ts';
import { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import { classMismatchPhrase, stateClassMismatch } from '../../lambdas/task-types/carried-state-fit.ts';
import { labelingJobArn } from '../../lambdas/testing/events.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { shownPath } from '../cli/paths.ts';
import { privateFolderMode } from '../cli/make-folder.ts';
import { onLeaving, removeOnTheWayOut } from '../cli/stop-signals.ts';
import { writeWhole } from '../cli/write-whole.ts';
import { functionSettings } from '../deploy/function-settings.ts';
import { AcsBatchError, consolidateInBatches, type BatchJob, type ConsolidationObject } from '../run/consolidate-batches.ts';
import { creationDate, fileTimestamp, jobOutputLayout } from '../run/layout.ts';
import { labeledLine } from '../run/output-manifest.ts';
import { readWorkerResponses, SeveralJobsError } from '../run/replay.ts';
import { setAsideAnswers } from '../run/summary.ts';
import { loadTask } from '../task/load-task.ts';
import { checkS3Endpoint, localS3Client as storeClient, unreachable } from '../task/task-parts.ts';
import { withEnv } from '../task/with-env.ts';
import { chooseConsolidation } from './acs.ts';
import { mostAnswers } from './answers.ts';
import { batchesOf, objectsInNoRequest, parseBatchOrder } from './batching.ts';
import type { ConsolidateFlags } from './flags.ts';
import { readGoldFile, scoreOutput } from './gold.ts';
import { readInputLines } from './input.ts';
import { withPosteriors, writeWorkers } from './inspect.ts';
import { labelAlreadyThere, withFileFailure, withLostFilesNote } from './lines.ts';
import { defaultMasksFolder, keepMasks, labelsAsMaskPaths } from './masks.ts';
import { inKeptForm, keptForms, mixedFormWarning, type FormsSeen } from './output-form.ts';
import type { WrittenLine } from './patch.ts';
import { readPriorFlag } from './prior.ts';
import type { ConsolidateProgress } from './progress.ts';
import { failedCount, failedObjects, namedAtMost, objectProblem, problemLine, requestWarning, warning, type UnansweredLine } from './report.ts';
import { writeRest } from './rest.ts';
import { jobNameOf, s3ListingRefused, whereTheResponsesAre } from './source.ts';
import { sparseCrowdWarning, type AlgorithmFrom } from './sparse-crowd.ts';
import { checkCarriesState, finalState, seedState, writeState } from './state.ts';

/** What gtkit consolidate did: the --json summary, and what its human output is made of. */
export type ConsolidateSummary = Awaited<ReturnType<typeof consolidateInto>>;

/** The consolidation itself, once the output file is its own. */
export async function consolidateInto(out: string, source: string, flags: ConsolidateFlags, batchSize: number, onProgress?: (progress: ConsolidateProgress) => void) {
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
  const warnings = replay.dataProblems.map(requestWarning);

  const task = flags.task ? await loadTask(flags.task) : undefined;
  const attr = flags.labelAttribute ?? task?.config.labelAttributeName ?? 'label';
  const { acs, kind, algorithmName, labels, labelsFrom, answers, inspection, shapeProblem } = await chooseConsolidation(flags, task, replay.answers);
  if (flags.stateOut !== undefined) checkCarriesState('--state-out', algorithmName);
  const prior = flags.prior !== undefined ? await readPriorFlag(flags.prior, algorithmName, s3 ? () => s3 : s3Client) : undefined;
  if (prior) {
    warnings.push(...prior.warnings);
    // A state of other classes (a renamed label, another task's state) is used in part, as the ACS uses it, and said; of no shared class, refused.
    const mismatch = stateClassMismatch(prior.state, labels);
    if (mismatch?.shared === 0) throw new UsageError(`--prior ${flags.prior}: ${classMismatchPhrase(mismatch, 'nothing of it would be used')}; give a state of this task's labels, or --labels in the job's order`);
    if (mismatch) warnings.push(warning('acs', `--prior ${flags.prior}`, classMismatchPhrase(mismatch, '')));
    // A part of the state left out changes every label this run gives: a problem, which --strict counts.
    for (const message of prior.leftOut) replay.problems.push({ stage: 'acs', where: `--prior ${flags.prior}`, message });
  }
  if (flags.gold !== undefined && kind !== 'class') throw new UsageError(`--gold scores single class labels (accuracy, precision, recall, F1); ${flags.task ? "the task's" : flags.type} answers are ${kind}`);
  // After the flags that do not fit the type: those are the command line's to fix whatever the answers are.
  if (shapeProblem && !task) throw new UsageError(shapeProblem);
  if (shapeProblem) replay.problems.push({ stage: 'answers', where: `--task ${flags.task}`, message: shapeProblem });
  // Whole-job counts, so said once here, not by the ACS per batch.
  const algorithmFrom: AlgorithmFrom = task ? { flag: 'task', dir: flags.task ?? '', type: task.config.type } : flags.algorithm !== undefined ? { flag: 'algorithm' } : { flag: 'type', type: flags.type ?? '' };
  const sparse = sparseCrowdWarning(algorithmName, algorithmFrom, answers);
  if (sparse) warnings.push(sparse);
  const gold = flags.gold !== undefined ? await readGoldFile(flags.gold) : undefined;
  const jobName = task?.config.jobName ?? jobNameOf(source);

  const { lines, lineNumbers, earlier, manifestStamp } = await readInputLines(flags, attr, replay.problems);
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
    await mkdir(scratch, { mode: privateFolderMode });
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
    // --only-failed: the forms of the lines it keeps, which the re-consolidated lines are compared with (and with --earlier-form written in).
    const relabels = (w: WrittenLine) => !w.repeated && w.line !== undefined && contents.has(w.datasetObjectId);
    const kept: FormsSeen | undefined = earlier ? keptForms(earlier.lines.filter((w) => !relabels(w)), attr) : undefined;
    // Each labelled line, with the answers the ACS set aside and what the line had to leave out of its answer said among the problems (as gtkit run says them).
    const labeled = (id: string, input: JsonObject): JsonObject => {
      let content = withFileFailure(contents.get(id) ?? {}, attr, replay.unusable.get(id)?.reason);
      content = withLostFilesNote(content, attr, replay.lostFiles.get(id));
      if (flags.posteriors) content = withPosteriors(content, attr, inspection?.items.get(id));
      for (const r of setAsideAnswers(content, attr)) replay.problems.push(objectProblem(id, `the answer of ${r.workerId} was set aside: ${r.reason}`));
      // An unlabelled line of --only-failed's earlier output is there to be relabelled.
      if (!earlier && (Object.hasOwn(input, attr) || Object.hasOwn(input, `${attr}-metadata`))) holdingLabel.push(id);
      const { line: written, problem } = labeledLine(input, content, ctx);
      if (problem) replay.problems.push(objectProblem(id, problem));
      const line = kept && flags.earlierForm ? inKeptForm(written, attr, kept) : written;
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
        const relabel = relabels(w);
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
    const mixed = kept && flags.onlyFailed !== undefined ? mixedFormWarning(kept, [...byId.values()], attr, flags.onlyFailed) : undefined;
    if (mixed) warnings.push(mixed);
    if (holdingLabel.length > 0) replay.problems.push({ stage: 'manifest', where: flags.manifest ?? '', message: labelAlreadyThere(holdingLabel, attr, lines) });
    // The masks a semantic-segmentation ACS wrote under the job's annotations would go with the scratch folder: they are kept beside the output.
    const masks = await keepMasks(store, layout.annotations, flags.masks ?? defaultMasksFolder(out));
    if (masks) labelsAsMaskPaths(outLines, attr, masks.paths);
    // Whole or not at all: a Ctrl-C during the write leaves the old file as it was.
    await writeWhole(out, outLines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + (outLines.length ? '\n' : ''), 'give -o a file in a folder gtkit may write');
    const workersFile = inspection && flags.workers !== undefined ? await writeWorkers(flags.workers, inspection.workers()) : undefined;
    const stateOut = flags.stateOut !== undefined ? await writeState(flags.stateOut, await finalState(store, layout.annotations, algorithmName), replay.problems) : undefined;
    const failed = failedCount(byId, attr);
    const unlabelledLines = (): number[] => [...lines.keys()].filter((id) => !contents.has(id) || isConsolidationFailure(byId.get(id)?.[attr])).map((id) => lineNumbers.get(id) ?? 0);
    const restWritten = flags.rest !== undefined && flags.manifest !== undefined ? await writeRest(flags.rest, flags.manifest, unlabelledLines(), manifestStamp) : undefined;
    const rest = restWritten && 'file' in restWritten ? restWritten : undefined;
    if (restWritten && 'changed' in restWritten) replay.problems.push({ stage: 'manifest', where: `--rest ${flags.rest}`, message: restWritten.changed });
    // Said in the --json summary too (as gtkit run --json does), not only on stderr.
    // A --rest asked for and not written leaves the next job without its lines: not a success.
    const error =
      restWritten && 'changed' in restWritten
        ? `--rest ${shownPath(flags.rest ?? '')}: ${restWritten.changed}`
        : ids.length > 0 && failed === ids.length
          ? `none of the ${ids.length} objects was consolidated; see the consolidationError of any line in ${shownPath(out)}`
          : flags.strict && (failed > 0 || replay.problems.length > 0)
            ? `--strict: ${failed} not consolidated, ${replay.problems.length} problem(s)`
            : undefined;
    const withData = inputFile ? ids.filter((id) => lines.has(id)).length : ids.filter((id) => replay.dataObjects.has(id)).length;
    // --only-failed: the earlier lines relabelled (an object with no line there is written at the end, not counted).
    const relabelled = earlier ? ids.filter((id) => lineNumbers.has(id)).length : 0;
    const onlyFailed = earlier && flags.onlyFailed !== undefined ? { file: shownPath(flags.onlyFailed), relabelled, kept: earlier.lines.length - relabelled } : undefined;
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
