import type { Context } from 'aws-lambda';
import type { JsonObject } from '../../lambdas/contracts/check.ts';
import type { ObjectStore } from '../../lambdas/io/object-store.ts';
import { stateUriUnder } from '../../lambdas/handlers/acs-state.ts';
import { mapLimitedSettled } from '../../lambdas/handlers/concurrency.ts';
import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { AcsBatchError, consolidateInBatches } from './consolidate-batches.ts';
import { labelNames } from '../config/define-task.ts';
import { jobLocations } from '../job/locations.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { readAnswers, type CapturedAnswer, type ReplacedAnswer } from './answers-file.ts';
import { functionSettings } from '../deploy/function-settings.ts';
import { shownPath } from '../cli/paths.ts';
import { creationDate, fileTimestamp, jobOutputLayout } from './layout.ts';
import { bothSourceKeys, labelAttributeClashes, readManifest, type ManifestLine } from './manifest.ts';
import { failedLine, labeledLine, unlabeledLine } from './output-manifest.ts';
import { progressTracker, type RunProgress } from './progress.ts';
import { simulateAnswers, simulatedWorkers, unusableTruthProblem, type SimulationOptions } from './simulate.ts';
import { setAsideAnswers, summarise, type RunSummary } from './summary.ts';
import { workerResponseFile } from './worker-responses.ts';
import { invokePre, preCallOf } from './invoke-pre.ts';

/** Worker-response files written at once: enough to overlap the file system's (or S3's) waits. */
const responseWrites = 16;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What the dry run needs from the rest of gtkit; the CLI wires the real parts, tests may swap them. */
export interface DryRunParts {
  /** The task's PRE and ACS handlers, loaded as they will be deployed. */
  handlers: { pre: Handler; acs: Handler };
  /** Renders the template for one task input (throws with file:line:col on a render error). */
  render(taskInput: object): Promise<string>;
  /** Lints the template against the PRE outputs; error findings fail the run. */
  lint(taskInputs: Array<{ origin: string; taskInput: unknown }>): Promise<Array<{ severity: string; ruleId: string; message: string; line: number; column: number; file: string }>>;
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

export interface DryRunProblem {
  stage: 'manifest' | 'pre' | 'render' | 'answers' | 'acs';
  where: string;
  message: string;
  /** Set on what the run went on with unchanged but the user should still fix (it counts under --strict). */
  severity?: 'warning';
}

export interface DryRunResult {
  outputLines: JsonObject[];
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
  const progress = progressTracker(manifest.lines.length, options.onProgress);
  for (const p of manifest.problems) problems.push({ stage: 'manifest', where: `${task.paths.manifest}:${p.lineNumber}`, message: p.reason });
  // The run goes on as before (source-ref wins); Ground Truth's choice between the two is not documented.
  const bothSources = bothSourceKeys(manifest.lines);
  for (const { line, message } of bothSources) problems.push({ stage: 'manifest', where: `${task.paths.manifest}:${line.lineNumber}`, message, severity: 'warning' });
  // An empty manifest is not an error here, but a job made from it would label nothing.
  if (manifest.lines.length === 0 && manifest.problems.length === 0) problems.push({ stage: 'manifest', where: task.paths.manifest, message: 'the manifest has no data objects; add one JSON object per line (e.g. {"source-ref": "s3://bucket/key"})' });
  for (const { line, message } of labelAttributeClashes(manifest.lines, attr)) problems.push({ stage: 'manifest', where: `${task.paths.manifest}:${line.lineNumber}`, message });
  if (manifest.problems.length > 0 && onBad === 'fail') stop(`${manifest.problems.length} bad manifest line(s); fix them or run with --on-bad-line skip`);

  // 2. The PRE, once per line, as Ground Truth would call it.
  const preCall = preCallOf(config, options.timeoutSeconds?.pre);
  const jobArn = preCall.jobArn;
  const tasks: Array<{ line: ManifestLine; taskInput: JsonObject; human: boolean }> = [];
  for (const line of manifest.lines) {
    const where = `${task.paths.manifest}:${line.lineNumber}`;
    try {
      const response = await invokePre(parts.handlers.pre, line, preCall, `${shownPath(task.paths.manifest)}:${line.lineNumber}`);
      tasks.push({ line, taskInput: response.taskInput, human: response.isHumanAnnotationRequired });
      // A line the PRE kept from workers on purpose (onInvalidDataObject: 'skip') is copied unlabelled; its reason would otherwise be only a log line.
      const skipped = skipReason(response);
      if (skipped !== undefined) problems.push({ stage: 'pre', where, message: `the PRE kept this object from workers: ${skipped}` });
    } catch (error) {
      problems.push({ stage: 'pre', where, message: (error as Error).message });
      if (onBad === 'fail') stop(`the PRE Lambda failed on ${where}: ${(error as Error).message}`);
    }
    progress.add({ linesThroughPre: 1 });
  }
  const human = tasks.filter((t) => t.human);

  // 3. The template: lint against every PRE output, then render every task.
  progress.step('lint');
  const findings = await parts.lint(human.map((t) => ({ origin: `${task.paths.manifest}:${t.line.lineNumber}`, taskInput: t.taskInput })));
  const lintErrors = findings.filter((f) => f.severity === 'error');
  if (lintErrors.length > 0) {
    for (const f of lintErrors) problems.push({ stage: 'render', where: `${f.file}:${f.line}:${f.column}`, message: `${f.ruleId}: ${f.message}` });
    stop(`the template has ${lintErrors.length} lint error(s); run gtkit lint for details`);
  }
  const renderable: typeof human = [];
  progress.step('render', human.length);
  for (const t of human) {
    try {
      await parts.render(t.taskInput);
      renderable.push(t);
    } catch (error) {
      problems.push({ stage: 'render', where: `${task.paths.manifest}:${t.line.lineNumber}`, message: (error as Error).message });
      if (onBad === 'fail') stop(`the template failed to render for line ${t.line.lineNumber}: ${(error as Error).message}`);
    }
    progress.add();
  }

  // 4. The workers' answers.
  const answersById = new Map<string, CapturedAnswer[]>();
  let replacedAnswers: ReplacedAnswer[] = [];
  progress.step('answers');
  if (options.simulate) {
    const workers = simulatedWorkers(options.simulate).slice(0, Math.max(1, options.simulate.workers));
    for (const t of renderable) {
      const simulated = simulateAnswers(type, t.line.datasetObjectId, t.line.dataObject, t.taskInput, labels, workers, options.simulate);
      answersById.set(t.line.datasetObjectId, simulated);
      progress.add({ answers: simulated.length });
    }
    const truthProblem = unusableTruthProblem(type, renderable.map((t) => t.line), labels, options.simulate.truthField);
    if (truthProblem) problems.push({ stage: 'answers', where: task.paths.manifest, message: truthProblem });
  } else {
    const { answers, problems: answerProblems, replaced } = await readAnswers(task.paths.answers);
    replacedAnswers = replaced;
    for (const p of answerProblems) problems.push({ stage: 'answers', where: p.where, message: p.reason });
    const known = new Set(renderable.map((t) => t.line.datasetObjectId));
    let used = 0;
    for (const a of answers) {
      if (!known.has(a.datasetObjectId)) {
        problems.push({ stage: 'answers', where: task.paths.answers, message: `answer for datasetObjectId "${a.datasetObjectId}" from ${a.workerId}: no such object needs human annotation; ignored` });
        continue;
      }
      const list = answersById.get(a.datasetObjectId) ?? [];
      list.push(a);
      answersById.set(a.datasetObjectId, list);
      used++;
    }
    progress.add({ answers: used });
  }

  // 5. Worker-response files and consolidation requests, then the ACS per batch.
  const answered = renderable.filter((t) => (answersById.get(t.line.datasetObjectId)?.length ?? 0) > 0);
  const batchSize = Math.max(1, options.batchSize ?? 100);
  progress.setBatches(Math.ceil(answered.length / batchSize));
  progress.step('responses', answered.length);
  // Several at once: one after another, 50,000 small files took most of a run's time.
  await mapLimitedSettled(answered, responseWrites, async (t) => {
    const file = workerResponseFile(answersById.get(t.line.datasetObjectId) ?? [], now);
    await parts.store.putText(layout.workerResponse(t.line.datasetObjectId, stamp), JSON.stringify(file));
    progress.add();
  });
  // An earlier run's carried state would feed this run's first batch (the local run clears its folder; an S3 prefix is not ours to delete).
  const stateUri = stateUriUnder(layout.annotations);
  if (await exists(parts.store, stateUri)) problems.push({ stage: 'acs', where: stateUri, message: 'an earlier run left its consolidation state here, and the ACS carries it into this run; delete it (or change jobName) for a fresh run' });
  let contents: Map<string, JsonObject>;
  progress.step('acs');
  try {
    contents = await consolidateInBatches(
      {
        labelAttributeName: attr,
        labelingJobArn: jobArn,
        roleArn: config.roleArn,
        labels,
        workersPerObject: config.task.workersPerObject,
        acsFunctionName: config.lambdas.acs.functionName,
        acs: parts.handlers.acs,
        acsTimeoutSeconds: options.timeoutSeconds?.acs ?? functionSettings(config, 'acs').timeoutSeconds,
        store: parts.store,
        layout,
        stamp,
        batchSize,
        onBatchDone: () => progress.add({ batchesDone: 1 }),
      },
      answered.map((t) => ({ datasetObjectId: t.line.datasetObjectId, dataObject: t.line.dataObject, answers: answersById.get(t.line.datasetObjectId) ?? [] })),
    );
  } catch (error) {
    if (!(error instanceof AcsBatchError)) throw error;
    problems.push({ stage: 'acs', where: error.requestUri, message: error.message });
    return stop(error.message);
  }

  // 6. The output manifest, in manifest order; every readable line is in it.
  progress.step('output');
  const ctx = { labelAttributeName: attr, jobName: config.jobName, creationDate: creationDate(now) };
  const byId = new Map(tasks.map((t) => [t.line.datasetObjectId, t]));
  const rendered = new Set(renderable);
  const outputLines: JsonObject[] = [];
  for (const line of manifest.lines) {
    const t = byId.get(line.datasetObjectId);
    const input = line.dataObject as JsonObject;
    if (!t) outputLines.push(failedLine(input, 'ClientError: the pre-annotation Lambda failed on this object', ctx));
    else if (!t.human) outputLines.push(unlabeledLine(input));
    else {
      const content = contents.get(line.datasetObjectId);
      if (content) {
        outputLines.push(labeledLine(input, content, ctx));
        // An object the ACS could not consolidate keeps its answers in the manifest; say why here too.
        const error = (content[attr] as { consolidationError?: unknown } | undefined)?.consolidationError;
        if (typeof error === 'string') problems.push({ stage: 'acs', where: `${task.paths.manifest}:${line.lineNumber}`, message: `datasetObjectId ${line.datasetObjectId} not consolidated: ${error}` });
        // Answers the ACS could not use are kept in the metadata; name each, since the label was made without it.
        for (const r of setAsideAnswers(content, attr)) problems.push({ stage: 'acs', where: `${task.paths.manifest}:${line.lineNumber}`, message: `datasetObjectId ${line.datasetObjectId}: the answer of ${r.workerId} was set aside: ${r.reason}` });
      } else if (!rendered.has(t)) outputLines.push(failedLine(input, 'ClientError: the worker task template failed to render for this object', ctx));
      else outputLines.push(failedLine(input, 'ClientError: Annotation tasks expired. No worker answered this object.', ctx));
    }
  }
  await parts.store.putText(layout.outputManifest, outputLines.map((l) => JSON.stringify(l)).join('\n') + (outputLines.length ? '\n' : ''));

  const summary = summarise({ type, attr, manifest, tasks, renderable, answersById, outputLines, problems, replacedAnswers, bothSourceLines: bothSources.length });
  return { outputLines, outputManifestUri: layout.outputManifest, jobRootUri: layout.jobRoot, problems, summary };
}

/** Whether the store holds the object; a read that fails for another reason counts as no (the ACS meets and reports it itself). */
async function exists(store: ObjectStore, uri: string): Promise<boolean> {
  return store.getText(uri).then(
    () => true,
    () => false,
  );
}

/** The reason of a PRE's `{ gtkitSkipped: { reason } }` (preHandler's onInvalidDataObject: 'skip'), if this is one. */
function skipReason(response: { taskInput: JsonObject; isHumanAnnotationRequired: boolean }): string | undefined {
  if (response.isHumanAnnotationRequired) return undefined;
  const skipped = response.taskInput.gtkitSkipped;
  if (typeof skipped !== 'object' || skipped === null || Array.isArray(skipped)) return undefined;
  const reason = (skipped as { reason?: unknown }).reason;
  return typeof reason === 'string' && reason !== '' ? reason : 'no reason given';
}

