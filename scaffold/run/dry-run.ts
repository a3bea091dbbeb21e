import type { Context } from 'aws-lambda';
import type { JsonObject } from '../../lambdas/contracts/check.ts';
import { mapLimitedSettled } from '../../lambdas/handlers/concurrency.ts';
import { objectExists, type ObjectStore } from '../../lambdas/io/object-store.ts';
import { stateUriUnder } from '../../lambdas/handlers/acs-state.ts';
import { sharedStateLayout } from '../../lambdas/handlers/acs-shared-state.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { AcsBatchError, consolidateBatch, type BatchJob } from './consolidate-batches.ts';
import { labelNames } from '../config/define-task.ts';
import { jobLocations } from '../job/locations.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { readAnswers, type ReplacedAnswer } from './answers-file.ts';
import { lineSource, placeAnswers } from './answer-placement.ts';
import { capturedAnswerBook, simulatedAnswerBook, type AnswerBook } from './answer-book.ts';
import { functionSettings } from '../deploy/function-settings.ts';
import { shownPath } from '../cli/paths.ts';
import { creationDate, fileTimestamp, jobOutputLayout } from './layout.ts';
import { bothSourceKeys, emptySources, readManifest, type ManifestLine } from './manifest.ts';
import { taskLabelAttributeClash } from './label-attribute-clash.ts';
import { repeatedIdMessage, streamingObjectIds } from './streaming-object-ids.ts';
import { wholeManifestFinding } from '../task/task-files.ts';
import { outputWriter, type LineFate } from './output-writer.ts';
import { progressTracker, type RunProgress } from './progress.ts';
import { simulateAnswers, simulatedWorkers, unusableTruthProblem, type SimulationOptions } from './simulate.ts';
import { SimulatedPages } from './simulated-pages.ts';
import type { PagePlan } from './page-fields.ts';
import { agreementTally, summarise, type RunSummary } from './summary.ts';
import { workerResponseFile } from './worker-responses.ts';
import { eventLoopTurns } from './event-loop-turns.ts';
import { invokeTaskPre, preCallOf, preThrowPlaces, skippedLineProblem, skipReason } from './invoke-pre.ts';
import type { LocateThrow } from '../build/thrown-at.ts';
import { ReplayedFields } from './replayed-fields.ts';

/** Worker-response files written at once: enough to overlap the file system's (or S3's) waits. */
const responseWrites = 16;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** A lint finding as the dry run uses it (DryRunParts.lint returns these). */
export interface RunLintFinding {
  severity: string;
  ruleId: string;
  message: string;
  line: number;
  column: number;
  file: string;
}

/** What the dry run needs from the rest of gtkit; the CLI wires the real parts, tests may swap them. */
export interface DryRunParts {
  /**
   * The task's PRE and ACS handlers, loaded as they will be deployed, and where in the task's own
   * files the PRE threw (absent or undefined: the manifest line alone names a PRE failure).
   */
  handlers: { pre: Handler; acs: Handler; locatePre?: LocateThrow };
  /** Renders the template for one task input (throws with file:line:col on a render error). */
  render(taskInput: object): Promise<string>;
  /**
   * Lints the template against the PRE outputs; error findings fail the run. Called once, with
   * every input in a lazy sequence it reads one at a time, the next once it is done with the one
   * before (as lintTemplate does): the run counts its progress as they are taken.
   */
  lint(taskInputs: Iterable<{ origin: string; taskInput: unknown }> | AsyncIterable<{ origin: string; taskInput: unknown }>): Promise<RunLintFinding[]>;
  /** Where the job's S3 objects go (a local folder laid out as S3, or an S3 endpoint). */
  store: ObjectStore;
}

export interface DryRunOptions {
  /** Simulated workers; without it, answers come from the task's answers file. */
  simulate?: SimulationOptions;
  /** Objects per ACS invocation. */
  batchSize?: number;
  /** A bad manifest line or a PRE that throws on a line: skip it (reported) or stop. */
  onBadLine?: 'skip' | 'fail';
  /** A fixed clock makes the run reproducible (file names, creation-date). */
  now?: Date;
  /** The handlers' time limits in seconds (default: the config's lambdas.*.timeoutSeconds, else Lambda's settings gtkit deploys). */
  timeoutSeconds?: { pre?: number; acs?: number };
  /** Told where the run is at each step and after each PRE call, task rendered, worker-response file and ACS batch (a fresh object each time); `gtkit run` shows it on stderr. */
  onProgress?: (progress: RunProgress) => void;
}

/** Answers moved or ignored that the problems name one by one; the rest of each kind are counted in one line. */
const namedPlacementNotes = 5;

export interface DryRunProblem {
  stage: 'manifest' | 'pre' | 'render' | 'answers' | 'acs';
  where: string;
  message: string;
  /** What to do, when the problem says it apart from `message` (printed after it, `; ` between). */
  fix?: string;
  /**
   * `warning`: what the run went on with unchanged but the user should still fix (it counts under
   * --strict). `error`: what the run went on with but a job must not (another job's labels the
   * output replaces): it fails the run. Unset: a problem the run met.
   */
  severity?: 'warning' | 'error';
}

export interface DryRunResult {
  /** The output manifest as written: one JSON line per readable manifest line, in manifest order. */
  outputManifestText: string;
  outputManifestUri: string;
  jobRootUri: string;
  problems: DryRunProblem[];
  summary: RunSummary;
}

export class DryRunError extends Error {
  constructor(
    message: string,
    readonly problems: DryRunProblem[],
  ) {
    super(message);
    this.name = 'DryRunError';
  }
}

/**
 * Runs a labeling job locally: manifest → PRE → template → answers → worker-response files and
 * consolidation requests in Ground Truth's layout → ACS in batches → output manifest.
 *
 * Per line, the run keeps only what a later step needs, and only until then: the PRE's task
 * input until the template is rendered (and the simulated workers have answered), the answers
 * until the object's ACS batch is done; each output line is made as soon as its batch is, and
 * kept as text. The lint takes the task inputs one at a time and keeps none of their pages.
 */
export async function dryRun(task: LoadedTask, parts: DryRunParts, options: DryRunOptions = {}): Promise<DryRunResult> {
  const { config } = task;
  const now = options.now ?? new Date();
  const stamp = fileTimestamp(now);
  const onBad = options.onBadLine ?? 'skip';
  const type = getTaskType(config.type);
  const labels = labelNames(config);
  const attr = config.labelAttributeName;
  const layout = jobOutputLayout(jobLocations(config).outputPath, config.jobName);
  const problems: DryRunProblem[] = [];
  const stop = (message: string): never => {
    throw new DryRunError(message, problems);
  };

  // 1. The manifest.
  const manifest = await readManifest(task.paths.manifest);
  // A streaming job labels each custom id once: a repeat is left out, as Ground Truth would.
  const ids = config.streaming ? streamingObjectIds(manifest.lines) : undefined;
  const lines = ids ? ids.kept : manifest.lines;
  const progress = progressTracker(lines.length, options.onProgress);
  const at = (line: ManifestLine) => `${task.paths.manifest}:${line.lineNumber}`;
  for (const p of manifest.problems) problems.push({ stage: 'manifest', where: `${task.paths.manifest}:${p.lineNumber}`, message: p.reason, ...(p.fix ? { fix: p.fix } : {}) });
  for (const repeat of ids?.repeats ?? []) {
    const { message, fix } = repeatedIdMessage(repeat);
    problems.push({ stage: 'manifest', where: at(repeat.line), message: `${message}; the run leaves it out`, fix, severity: 'warning' });
  }
  for (const { line, message, fix } of ids?.problems ?? []) problems.push({ stage: 'manifest', where: at(line), message, fix, severity: 'warning' });
  // The run goes on as before (source-ref wins); Ground Truth's choice between the two is not documented.
  const bothSources = bothSourceKeys(lines);
  for (const { line, message } of bothSources) problems.push({ stage: 'manifest', where: at(line), message, severity: 'warning' });
  // Run and labelled as Ground Truth would, but worth fixing before a job pays workers for it.
  for (const { line, message, fix } of emptySources(lines)) problems.push({ stage: 'manifest', where: at(line), message, fix, severity: 'warning' });
  // An empty manifest is not an error here, but a job made from it would label nothing.
  const whole = lines.length === 0 && manifest.problems.length === 0 ? wholeManifestFinding(task) : undefined;
  if (whole) problems.push({ stage: 'manifest', where: task.paths.manifest, message: `the manifest ${whole.message}`, fix: whole.hint, ...(whole.severity === 'warning' ? { severity: 'warning' as const } : {}) });
  // One problem at labelAttributeName, where the fix is; another job's labels would be lost, which fails the run (runFailure).
  const clash = taskLabelAttributeClash(task, lines);
  if (clash) problems.push({ stage: 'manifest', where: `${task.configFile}:${clash.place.line}:${clash.place.column}`, message: clash.message, fix: clash.fix, severity: clash.severity });
  if (manifest.problems.length > 0 && onBad === 'fail') stop(`${manifest.problems.length} bad manifest line(s); fix them or run with --on-bad-line skip`);

  // 2. The PRE, once per line, as Ground Truth would call it. By line position: fates[i] and taskInputs[i] belong to lines[i].
  const preCall = preCallOf(task, options.timeoutSeconds?.pre);
  const jobArn = preCall.jobArn;
  const fates: LineFate[] = new Array<LineFate>(lines.length).fill('pre-failed');
  const taskInputs: Array<JsonObject | undefined> = new Array<JsonObject | undefined>(lines.length);
  const thrownAt = preThrowPlaces(parts.handlers.locatePre);
  for (const [i, line] of lines.entries()) {
    try {
      const response = await invokeTaskPre(parts.handlers.pre, line, preCall, `${shownPath(task.paths.manifest)}:${line.lineNumber}`);
      fates[i] = response.isHumanAnnotationRequired ? 'sent' : 'not-for-humans';
      if (response.isHumanAnnotationRequired) taskInputs[i] = response.taskInput;
      // A line the PRE kept from workers on purpose (onInvalidDataObject: 'skip') is copied unlabelled; its reason would otherwise be only a log line.
      const skipped = skipReason(response);
      if (skipped !== undefined) {
        // Worded as lint and the preview word it; the hint is the problem's fix.
        const { message, hint } = skippedLineProblem(skipped);
        problems.push({ stage: 'pre', where: at(line), message, fix: hint });
      }
    } catch (error) {
      // Where the task's code threw, as a render problem names its template place: `pre.ts:16:26: …`, then the code there.
      const place = thrownAt(error);
      const message = place ? `${place.place}: ${(error as Error).message}${place.codeFrame ? `\n${place.codeFrame}` : ''}` : (error as Error).message;
      problems.push({ stage: 'pre', where: at(line), message });
      if (onBad === 'fail') stop(`the PRE Lambda failed on ${at(line)}: ${message}`);
    }
    progress.add({ linesThroughPre: 1 });
  }
  const human = positionsWhere(fates, 'sent');
  const notForHumans = fates.filter((fate) => fate === 'not-for-humans').length;
  const preFailed = lines.length - notForHumans - human.length;

  // 3. The template: lint against every PRE output, then render every task.
  progress.step('lint', human.length);
  // The lint, the render and the simulated answers settle their awaits at once: without these turns, a Ctrl-C would wait for all three (seconds for 20,000 lines).
  const turn = eventLoopTurns();
  async function* lintInputs() {
    for (const i of human) {
      yield { origin: at(lines[i] as ManifestLine), taskInput: taskInputs[i] };
      // Lint asks for the next input once it is done with this one.
      progress.add();
      await turn();
    }
  }
  const lintErrors = (await parts.lint(lintInputs())).filter((f) => f.severity === 'error');
  if (lintErrors.length > 0) {
    for (const f of lintErrors) problems.push({ stage: 'render', where: `${f.file}:${f.line}:${f.column}`, message: `${f.ruleId}: ${f.message}` });
    stop(`the template has ${lintErrors.length} lint error(s); run gtkit lint for details`);
  }
  progress.step('render', human.length);
  // Simulated workers answer the fields each page submits: the page is read here, and only its fields kept (shared between like pages).
  const pages = options.simulate ? new SimulatedPages(type) : undefined;
  const plans: Array<PagePlan | undefined> = pages ? new Array<PagePlan | undefined>(lines.length) : [];
  // Replayed answers are checked against the fields each page submits (a field renamed since they
  // were captured). They are read and placed before rendering, so that only the pages of objects
  // with answers are read for it; without answers, no page is.
  const captured = options.simulate ? undefined : await readAnswers(task.paths.answers);
  const answerableLines = (positions: readonly number[]) => positions.map((i) => lines[i] as ManifestLine).map((l) => ({ id: l.datasetObjectId, source: lineSource(l.dataObject) }));
  const placedBeforeRender = captured && captured.answers.length > 0 ? placeAnswers(captured.answers, answerableLines(human)) : undefined;
  const replayedFields = placedBeforeRender ? new ReplayedFields(placedBeforeRender.byId) : undefined;
  for (const i of human) {
    const line = lines[i] as ManifestLine;
    try {
      const page = await parts.render(taskInputs[i] as JsonObject);
      if (pages) plans[i] = pages.read(page, line.lineNumber);
      else replayedFields?.read(page, line.datasetObjectId);
    } catch (error) {
      fates[i] = 'render-failed';
      taskInputs[i] = undefined;
      problems.push({ stage: 'render', where: at(line), message: (error as Error).message });
      if (onBad === 'fail') stop(`the template failed to render for line ${line.lineNumber}: ${(error as Error).message}`);
    }
    progress.add();
    await turn();
  }
  const sent = human.filter((i) => fates[i] === 'sent');

  // 4. The workers' answers; the summary's worker agreement is gathered here, object by object in this order.
  const agreement = agreementTally(type);
  let answerBook: AnswerBook;
  let answerCount = 0;
  let replacedAnswers: ReplacedAnswer[] = [];
  let agreementLeftOut: string | undefined;
  progress.step('answers');
  if (options.simulate) {
    const workers = simulatedWorkers(options.simulate, config.region).slice(0, Math.max(1, options.simulate.workers));
    const book = simulatedAnswerBook(workers);
    const simulatedPages = pages as SimulatedPages;
    // The truth only reaches the answers on pages that submit the type's field without initial-value shapes: the other lines' truth is not checked.
    const truthLines: ManifestLine[] = [];
    for (const i of sent) {
      const line = lines[i] as ManifestLine;
      const plan = plans[i];
      const simulated = simulateAnswers(type, line.datasetObjectId, line.dataObject, taskInputs[i] as JsonObject, labels, workers, options.simulate, plan);
      taskInputs[i] = undefined;
      plans[i] = undefined;
      book.add(line.datasetObjectId, simulated);
      // Agreement between answers made up at random means nothing: only the answers that follow the truth count.
      if (simulatedPages.followsTruth(plan)) {
        agreement.add(simulated);
        // Workers who adjust the page's initial-value shapes read no truth: its absence is no problem there.
        if (!simulatedPages.adjustsInitialValue(plan)) truthLines.push(line);
      }
      answerCount += simulated.length;
      progress.add({ answers: simulated.length });
      await turn();
    }
    answerBook = book;
    agreementLeftOut = simulatedPages.agreementLeftOut();
    for (const p of simulatedPages.problems(options.simulate.truthField ?? 'truth')) problems.push({ stage: 'answers', where: task.paths.template, ...p });
    const truthProblem = unusableTruthProblem(type, truthLines, labels, options.simulate.truthField);
    if (truthProblem) problems.push({ stage: 'answers', where: task.paths.manifest, message: truthProblem });
  } else {
    // Without simulated workers, the task inputs were for the template only.
    taskInputs.length = 0;
    const { answers, problems: answerProblems, replaced } = captured as NonNullable<typeof captured>;
    replacedAnswers = replaced;
    for (const p of answerProblems) problems.push({ stage: 'answers', where: p.where, message: p.reason });
    // Each answer goes to the line whose data it was given for, so an edited manifest cannot move it
    // to another object. Placed again only when a render failed (that line takes no answers).
    const { byId: answersById, notes } = placedBeforeRender && sent.length === human.length ? placedBeforeRender : placeAnswers(answers, answerableLines(sent));
    // A moved answer is replayed where it belongs: worth knowing, not a failure. A few of each
    // kind are named; the rest are counted (a replaced manifest would name every sample answer).
    for (const kind of ['moved', 'ignored'] as const) {
      const ofKind = notes.filter((n) => n.kind === kind);
      const severity = kind === 'moved' ? { severity: 'warning' as const } : {};
      for (const { message } of ofKind.slice(0, namedPlacementNotes)) problems.push({ stage: 'answers', where: task.paths.answers, message, ...severity });
      const more = ofKind.length - namedPlacementNotes;
      if (more > 0) {
        const what = kind === 'moved' ? 'replayed on the line that now holds their data' : `ignored (${ofKind.length} in all: their data is on no line, or on several, or no such object needs human annotation; if the manifest was replaced, delete ${shownPath(task.paths.answers)} or run with --simulate)`;
        problems.push({ stage: 'answers', where: task.paths.answers, message: `… and ${more} more answer(s) ${what}`, ...severity });
      }
    }
    for (const { message, fix } of replayedFields?.stale(answersById, shownPath(task.paths.answers)) ?? []) problems.push({ stage: 'answers', where: task.paths.answers, message, fix, severity: 'warning' });
    for (const list of answersById.values()) {
      agreement.add(list);
      answerCount += list.length;
    }
    answerBook = capturedAnswerBook(answersById);
    progress.add({ answers: answerCount });
  }

  // 5. Worker-response files and consolidation requests, then the ACS per batch.
  const answered = sent.filter((i) => answerBook.count((lines[i] as ManifestLine).datasetObjectId) > 0);
  const batchSize = Math.max(1, options.batchSize ?? 100);
  progress.setBatches(Math.ceil(answered.length / batchSize));
  progress.step('responses', answered.length);
  // Several at once: one after another, 50,000 small files took most of a run's time.
  await mapLimitedSettled(answered, responseWrites, async (i) => {
    const id = (lines[i] as ManifestLine).datasetObjectId;
    await parts.store.putText(layout.workerResponse(id, stamp), JSON.stringify(workerResponseFile(answerBook.answers(id), now)));
    progress.add();
  });
  // An earlier run's carried state would feed this run's first batch (the local run clears its folder; an S3 prefix is not ours to delete).
  const stateUri = stateUriUnder(layout.annotations);
  if (await carriedStateExists(parts.store, stateUri)) problems.push({ stage: 'acs', where: stateFolderOf(stateUri), message: 'an earlier run left its consolidation state here, and the ACS carries it into this run; delete it (or change jobName) for a fresh run' });

  // 6. The output manifest, in manifest order, every readable line in it: each line is made once
  // the batches before it are done. What the lines tell is said after the ACS step's own problems.
  const output = outputWriter(lines, fates, { labelAttributeName: attr, jobName: config.jobName, creationDate: creationDate(now) }, at);
  progress.step('acs');
  const job: BatchJob = {
    labelAttributeName: attr,
    labelingJobArn: jobArn,
    roleArn: config.roleArn,
    labels,
    workersPerObject: config.task.workersPerObject,
    acsFunctionName: config.lambdas.acs.functionName,
    acs: parts.handlers.acs,
    acsTimeoutSeconds: options.timeoutSeconds?.acs ?? functionSettings(config, 'acs').timeoutSeconds,
    acsMemoryMb: functionSettings(config, 'acs').memoryMb,
    store: parts.store,
    layout,
    stamp,
  };
  for (let start = 0, batch = 0; start < answered.length; start += batchSize, batch++) {
    const slice = answered.slice(start, start + batchSize);
    const objects = slice.map((i) => {
      const line = lines[i] as ManifestLine;
      return { datasetObjectId: line.datasetObjectId, dataObject: line.dataObject, answers: answerBook.answers(line.datasetObjectId) };
    });
    let contents: Map<string, JsonObject>;
    try {
      contents = await consolidateBatch(job, batch, objects);
    } catch (error) {
      if (!(error instanceof AcsBatchError)) throw error;
      problems.push({ stage: 'acs', where: error.requestUri, message: error.message });
      return stop(error.message);
    }
    for (const o of objects) answerBook.release(o.datasetObjectId);
    progress.add({ batchesDone: 1 });
    output.writeBefore((slice.at(-1) as number) + 1, contents);
  }

  progress.step('output');
  output.writeBefore(lines.length, new Map());
  problems.push(...output.problems);
  const outputManifestText = output.text();
  await parts.store.putText(layout.outputManifest, outputManifestText);

  const summary = summarise({
    manifestLines: manifest.lines.length + manifest.problems.length,
    badManifestLines: manifest.problems.length,
    preFailed,
    notForHumans,
    renderFailed: human.length - sent.length,
    sentToWorkers: sent.length,
    answers: answerCount,
    unanswered: sent.length - answered.length,
    output: output.tally,
    agreement,
    replacedAnswers,
    bothSourceLines: bothSources.length,
    repeatedIds: ids?.repeats.length ?? 0,
    ...(agreementLeftOut ? { agreementLeftOut } : {}),
  });
  return {
    outputManifestText,
    outputManifestUri: layout.outputManifest,
    jobRootUri: layout.jobRoot,
    problems,
    summary,
  };
}

/** The positions of the lines with this fate, in manifest order. */
function positionsWhere(fates: LineFate[], fate: LineFate): number[] {
  const positions: number[] = [];
  fates.forEach((f, i) => {
    if (f === fate) positions.push(i);
  });
  return positions;
}

/**
 * Whether an earlier run left consolidation state: any batch's part, snapshot or the one state
 * object, asked without downloading anything where the store can. A store that cannot tell
 * counts as no: the ACS meets the state and reports it.
 */
async function carriedStateExists(store: ObjectStore, uri: string): Promise<boolean> {
  const { listPrefix } = sharedStateLayout(uri);
  if (store.list) {
    const listed = await store.list(listPrefix).catch(() => undefined);
    // The listing's prefix also takes in siblings such as `consolidation-old.json`.
    if (listed) return listed.some((found) => found === uri || found.startsWith(`${listPrefix}/`));
  }
  return objectExists(store, uri).catch(() => false);
}

/** The folder holding a job's consolidation state (its one object and its parts), as a problem names it. */
function stateFolderOf(stateUri: string): string {
  return stateUri.slice(0, stateUri.lastIndexOf('/') + 1);
}
