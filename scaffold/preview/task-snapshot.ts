import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { codeFrame, compileTemplate, type CompiledTemplate, type PresignResolver } from '../../templates/engine/index.ts';
import { lintTemplate } from '../../templates/lint/index.ts';
import { readManifest, reasonWithFix, type ManifestLine } from '../run/manifest.ts';
import { loadTask, type LoadedTask } from '../task/load-task.ts';
import { acsFieldsOf } from '../task/task-cross-checks.ts';
import { wholeManifestFinding } from '../task/task-files.ts';
import { PreLoadError, type FreshPre, type FreshPreLoader } from './fresh-pre.ts';
import { fileText, frameFromFile, fromError, fromLintFinding, type PreviewProblem } from './problem.ts';
import { mapLimited } from '../../lambdas/handlers/concurrency.ts';
import { invokeTaskPre, preCallOf, skippedLineProblem, skipReason, type PreCall } from '../run/invoke-pre.ts';
import { lineSource, sourceDigest } from '../run/answer-placement.ts';

/** One manifest line after the PRE: what the template gets, or why it gets nothing. */
export interface PreviewItem {
  /** Ground Truth's datasetObjectId: the line's 0-based position. */
  id: string;
  lineNumber: number;
  /** `source-ref` or `source`, for the index. */
  source: string;
  /** `sourceDigest(source)`: which data the item shows, as answers name it (hashed once per snapshot). */
  digest: string;
  taskInput?: Record<string, unknown>;
  isHumanAnnotationRequired?: boolean;
  /** The PRE failed on the line: Ground Truth would make no task of it. */
  problem?: PreviewProblem;
  /**
   * The PRE ran and kept the line from workers as invalid (`onInvalidDataObject: 'skip'`): not a
   * failure, but the line or the object it names needs the fix, as lint warns.
   */
  skipped?: PreviewProblem;
}

/**
 * Everything the preview shows, computed once per change of the task: the config, every
 * manifest line through the PRE, the compiled template and its lint findings. Pages only
 * render from it, so serving a page does not re-run the PRE.
 */
export interface TaskSnapshot {
  task?: LoadedTask;
  /** The task cannot be previewed at all (config, manifest or PRE does not load). */
  fatal?: PreviewProblem[];
  items: PreviewItem[];
  manifestProblems: PreviewProblem[];
  template?: CompiledTemplate;
  templateProblem?: PreviewProblem;
  lintErrors: PreviewProblem[];
  lintWarnings: PreviewProblem[];
}

export interface SnapshotDeps {
  preLoader: FreshPreLoader;
  resolverFor(task: LoadedTask): PresignResolver;
  /** How many PRE outputs the lint cross-checks (each one is a render). */
  lintSamples?: number;
}

/** Lines sent to the PRE at once, as Ground Truth invokes the PRE per object in parallel. */
const preConcurrency = 8;

/**
 * Loads the task behind `configFile` and computes what the preview shows; never throws for the
 * task's own mistakes. With `sameItems`, a snapshot taken since the last change to anything but
 * the template, its config, manifest lines and PRE results are kept and only the template is
 * compiled and linted again: an edit of the template does not run the PRE over every line.
 */
export async function takeSnapshot(configFile: string, deps: SnapshotDeps, sameItems?: TaskSnapshot): Promise<TaskSnapshot> {
  if (sameItems?.task && !sameItems.fatal) return withTemplate(sameItems.task, sameItems.items, sameItems.manifestProblems, deps);
  const empty: TaskSnapshot = { items: [], manifestProblems: [], lintErrors: [], lintWarnings: [] };
  let task: LoadedTask;
  try {
    task = await loadTask(configFile);
  } catch (error) {
    return { ...empty, fatal: [fromError('config', configFile, error, 'fix the config and save')] };
  }
  const manifestFile = task.paths.manifest;
  let lines: ManifestLine[];
  let manifestProblems: PreviewProblem[];
  try {
    const manifest = await readManifest(manifestFile);
    lines = manifest.lines;
    manifestProblems = manifest.problems.map((p) => ({ stage: 'manifest', file: manifestFile, line: p.lineNumber, column: 1, message: reasonWithFix(p) }));
    // A manifest with nothing usable in it (empty, blank lines only, no UTF-8 line) is one problem with the file, as lint says it, in place of one per line.
    const whole = lines.length === 0 ? wholeManifestFinding(task) : undefined;
    if (whole) manifestProblems = [{ stage: 'manifest', file: manifestFile, line: 1, column: 1, message: `the manifest ${whole.message}`, hint: whole.hint, wholeFile: true }];
  } catch (error) {
    return { ...empty, task, fatal: [fromError('manifest', manifestFile, error, 'the manifest is a JSON Lines file named in gtkit.config.ts (files.manifest)')] };
  }
  let pre: FreshPre;
  try {
    pre = await deps.preLoader.load(task.paths.pre);
  } catch (error) {
    const problems = error instanceof PreLoadError ? error.problems : [fromError('pre', task.paths.pre, error)];
    return { ...empty, task, manifestProblems, fatal: problems };
  }
  return withTemplate(task, await runPre(task, lines, pre), manifestProblems, deps);
}

/** The snapshot of a task whose items are known: the template compiled and linted against them. */
async function withTemplate(task: LoadedTask, items: PreviewItem[], manifestProblems: PreviewProblem[], deps: SnapshotDeps): Promise<TaskSnapshot> {
  const manifestFile = task.paths.manifest;
  let source: string | undefined;
  let template: CompiledTemplate | undefined;
  let templateProblem: PreviewProblem | undefined;
  try {
    source = await readFile(task.paths.template, 'utf8');
    template = compileTemplate(source, { file: task.paths.template, resolver: deps.resolverFor(task) });
  } catch (error) {
    templateProblem = fromError('template', task.paths.template, error, source === undefined ? 'every task folder needs its template (files.template in gtkit.config.ts)' : undefined);
  }
  const lintErrors: PreviewProblem[] = [];
  const lintWarnings: PreviewProblem[] = [];
  if (source !== undefined && template) {
    const taskInputs = items
      .filter((i) => i.taskInput && i.isHumanAnnotationRequired)
      .slice(0, deps.lintSamples ?? 20)
      .map((i) => ({ origin: `${manifestFile}:${i.lineNumber}`, taskInput: i.taskInput }));
    try {
      for (const f of await lintTemplate(source, { file: task.paths.template, taskInputs, ...acsFieldsOf(task.config) })) {
        (f.severity === 'error' ? lintErrors : lintWarnings).push(fromLintFinding(f, source));
      }
    } catch (error) {
      lintWarnings.push(fromError('lint', task.paths.template, error, 'the linter itself failed; the preview goes on without it'));
    }
  }
  return { task, items, manifestProblems, ...(template ? { template } : {}), ...(templateProblem ? { templateProblem } : {}), lintErrors, lintWarnings };
}

/** Runs the PRE on every line, as Ground Truth does before it makes a task of the line. */
async function runPre(task: LoadedTask, lines: ManifestLine[], pre: FreshPre): Promise<PreviewItem[]> {
  // The timeout the deployed function gets, so the preview fails a slow PRE where Lambda would.
  // The task itself, not only its config: the PRE's readText then reads the task's s3/<bucket>/<key> copies.
  const call = preCallOf(task);
  const atLine = manifestLineProblems(task.paths.manifest);
  return mapLimited(lines, preConcurrency, (line) => preOneLine(task, line, pre, call, atLine));
}

type AtManifestLine = (line: number, what: Omit<PreviewProblem, 'stage' | 'file' | 'line' | 'column'>) => PreviewProblem;

/**
 * A PRE problem placed at a manifest line, with its code frame. The manifest is read once for
 * all of them, not once per line: a source-ref task without its local copies has every line
 * skipped, and one read and scan of the whole file per line made the snapshot quadratic.
 */
function manifestLineProblems(file: string): AtManifestLine {
  let text: { value: string | undefined } | undefined;
  return (line, what) => {
    text ??= { value: fileText(file) };
    const frame = text.value === undefined ? '' : codeFrame(text.value, line, 1);
    return { stage: 'pre', file, line, column: 1, ...what, ...(frame ? { codeFrame: frame } : {}) };
  };
}

async function preOneLine(task: LoadedTask, line: ManifestLine, pre: FreshPre, call: PreCall, atLine: AtManifestLine): Promise<PreviewItem> {
  const source = lineSource(line.dataObject);
  const base = { id: line.datasetObjectId, lineNumber: line.lineNumber, source, digest: sourceDigest(source) };
  const origin = `${relative(task.dir, task.paths.manifest) || task.paths.manifest}:${line.lineNumber}`;
  try {
    // As in the dry run: JSON in and out, the timeout, and a process.exit that fails this line instead of ending the preview.
    const response = await invokeTaskPre(pre.handler, line, call, origin);
    const item = { ...base, taskInput: response.taskInput as Record<string, unknown>, isHumanAnnotationRequired: response.isHumanAnnotationRequired ?? true };
    // A line the PRE keeps from workers as invalid (onInvalidDataObject: 'skip') is named as lint and the dry run name it, not only logged.
    const skipped = skipReason(response);
    return skipped === undefined ? item : { ...item, skipped: atLine(line.lineNumber, skippedLineProblem(skipped)) };
  } catch (error) {
    const at = pre.locate(error);
    const message = `the PRE failed: ${(error as Error).message ?? String(error)}`;
    if (at) {
      const frame = frameFromFile(at.file, at.line, at.column);
      return { ...base, problem: { stage: 'pre', ...at, message, while: `manifest line ${origin}`, ...(frame ? { codeFrame: frame } : {}) } };
    }
    const preName = relative(task.dir, task.paths.pre) || task.paths.pre;
    return { ...base, problem: atLine(line.lineNumber, { message, while: `in ${preName}`, hint: `fix ${preName} or this manifest line and save` }) };
  }
}
