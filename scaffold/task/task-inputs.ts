import { basename } from 'node:path';
import type { LintFinding, LintTaskInput } from '../../templates/lint/types.ts';
import { shownPath } from '../cli/paths.ts';
import { emptySources, readManifest, type ManifestLine } from '../run/manifest.ts';
import { taskLabelAttributeClash } from '../run/label-attribute-clash.ts';
import { importHandler } from './load-handlers.ts';
import { streamingIdFindings } from './streaming-id-findings.ts';
import type { LoadedTask } from './load-task.ts';
import { invokeTaskPre, preCallOf, preThrowPlaces, skippedLineProblem, skipReason, type PreThrowPlace } from '../run/invoke-pre.ts';
import { inTaskFolder, loadedSourceLocator } from '../build/thrown-at.ts';
import { imageQuotaNotes, imageQuotaProblems, imageTaskReason, localSourceRefImages } from './image-quotas.ts';
import { byteOrderMarkFinding } from './task-files.ts';

/**
 * A manifest line that gave no task input: it does not parse (`manifest`), its bytes are not
 * UTF-8 (`not-utf8`), the PRE failed on it (`pre`), or the PRE kept it from workers as invalid
 * (`skipped`: `onInvalidDataObject: 'skip'`, as a scaffolded pre.ts does).
 */
export interface TaskInputProblem {
  kind: 'manifest' | 'not-utf8' | 'pre' | 'skipped';
  lineNumber: number;
  /** What went wrong, without the place. */
  message: string;
  /** What to do, where "one JSON object per line" is not it (a line over its size limit). */
  fix?: string;
  /** `pre`: where in the task's code the PRE threw, when its stack names a place there. */
  thrownAt?: PreThrowPlace;
}

/** Runs every sample manifest line through the task's PRE: what the template will see as task.input. */
export async function sampleTaskInputs(task: LoadedTask): Promise<{ inputs: LintTaskInput[]; lines: ManifestLine[]; problems: TaskInputProblem[]; byteOrderMark: boolean }> {
  const manifest = await readManifest(task.paths.manifest);
  const problems: TaskInputProblem[] = manifest.problems.map((p) => ({ kind: p.notUtf8 ? 'not-utf8' : 'manifest', lineNumber: p.lineNumber, message: p.reason, ...(p.fix ? { fix: p.fix } : {}) }));
  const pre = await importHandler(task.paths.pre);
  // tsx compiles pre.ts with a source map: a throw is named at its line in the task's own files.
  const thrownAt = preThrowPlaces(loadedSourceLocator(inTaskFolder(task.dir)));
  // The job's ARN and the function's name too, as the dry run and the preview give them.
  const call = preCallOf(task);
  const inputs: LintTaskInput[] = [];
  for (const line of manifest.lines) {
    const origin = `${task.paths.manifest}:${line.lineNumber}`;
    try {
      // Bounded as Lambda bounds it, with the PRE's console output kept off stdout (lint --json prints one document there).
      const response = await invokeTaskPre(pre, line, call, `${shownPath(task.paths.manifest)}:${line.lineNumber}`);
      if (response.isHumanAnnotationRequired) inputs.push({ origin, taskInput: response.taskInput });
      const skipped = skipReason(response);
      if (skipped !== undefined) problems.push({ kind: 'skipped', lineNumber: line.lineNumber, message: skipped });
    } catch (error) {
      const place = thrownAt(error);
      problems.push({ kind: 'pre', lineNumber: line.lineNumber, message: `the PRE failed${place ? ` at ${place.place}` : ''}: ${(error as Error).message}`, ...(place ? { thrownAt: place } : {}) });
    }
  }
  return { inputs, lines: manifest.lines, problems: problems.sort((a, b) => a.lineNumber - b.lineNumber), byteOrderMark: manifest.byteOrderMark };
}

/**
 * The task inputs of a loaded task folder for `gtkit lint`: its manifest through its PRE, and
 * findings about its lines read on the way: a line that does not parse, or on which the PRE
 * fails, is an error at that line (the cross-check misses it); lines that already hold the
 * label attribute are one finding on labelAttributeName (an error when they hold another job's labels).
 */
export async function taskFolderInputs(task: LoadedTask): Promise<{ inputs: LintTaskInput[]; findings: LintFinding[] }> {
  const { inputs, lines, problems, byteOrderMark } = await sampleTaskInputs(task);
  // A mark before no line at all is part of an empty manifest, which has its finding (wholeManifestFinding).
  const bom = byteOrderMark && lines.length + problems.length > 0 ? byteOrderMarkFinding(task) : undefined;
  return {
    inputs,
    findings: [...(bom ? [bom] : []), ...objectCountFindings(task, lines), ...problems.map((p) => lineProblemFinding(task, p)), ...labelAttributeFindings(task, lines), ...emptySourceFindings(task, lines), ...streamingIdFindings(task, lines), ...(await imageQuotaFindings(task, lines))],
  };
}

/**
 * The local copies of an image task's `source-ref` objects that break Ground Truth's quotas per
 * image (reference §8: 40 MB, 100 million pixels), or are no image at all, as warnings at the
 * lines naming them (a quota may differ for an account); the first few named, the rest summed up.
 */
async function imageQuotaFindings(task: LoadedTask, lines: ManifestLine[]): Promise<LintFinding[]> {
  const why = await imageTaskReason(task);
  if (!why) return [];
  const problems = await imageQuotaProblems(await localSourceRefImages(task, lines));
  return imageQuotaNotes(problems, why).map((note) => ({ ruleId: 'image-quota', severity: 'warning', file: shownPath(task.paths.manifest), line: note.lineNumber, column: 1, message: note.message, hint: note.hint }));
}

/** Ground Truth's quota of data objects per labeling job (reference §8, DG-QUOTAS). */
export const maxObjectsPerJob = 100_000;

/**
 * A manifest with more lines than one job takes: `gtkit deploy` uploads it as the job's input,
 * and the job would be refused or fail. A warning, since a quota may differ for an account.
 */
export function objectCountFindings(task: LoadedTask, lines: ManifestLine[]): LintFinding[] {
  if (lines.length <= maxObjectsPerJob) return [];
  const first = lines[maxObjectsPerJob] as ManifestLine;
  return [
    {
      ruleId: 'manifest-file',
      severity: 'warning',
      message: `${lines.length} data objects, and Ground Truth's quota is ${maxObjectsPerJob} per labeling job; the line past it is line ${first.lineNumber}`,
      file: shownPath(task.paths.manifest),
      line: first.lineNumber,
      column: 1,
      hint: `split ${basename(task.paths.manifest)} into manifests of ${maxObjectsPerJob} lines or fewer, one labeling job each (a new jobName, s3.prefix and function names per job), unless your account's quota is higher`,
    },
  ];
}

/** One finding per manifest line that gave no task input, with the fix that fits: the line itself, or the PRE. */
function lineProblemFinding(task: LoadedTask, problem: TaskInputProblem): LintFinding {
  const manifest = shownPath(task.paths.manifest);
  const place = { severity: 'error' as const, file: manifest, line: problem.lineNumber, column: 1 };
  const name = basename(task.paths.manifest);
  // Saved in another encoding, the line reads as different text: no fix to its JSON helps.
  if (problem.kind === 'not-utf8')
    return {
      ruleId: 'manifest-line',
      ...place,
      message: `${problem.message}; the PRE did not run on this line, so its task.input paths were not checked`,
      hint: `line ${problem.lineNumber} of ${name} is not UTF-8: save ${name} as UTF-8 (your editor's encoding setting), then check that line's accented and other non-ASCII characters, which an editor shows as � where they were lost (gtkit run reports it as a bad line and skips it)`,
    };
  if (problem.kind === 'manifest')
    return {
      ruleId: 'manifest-line',
      ...place,
      message: `${problem.message}; the PRE did not run on this line, so its task.input paths were not checked`,
      hint: `${problem.fix ? `line ${problem.lineNumber} of ${manifest}: ${problem.fix}` : `fix line ${problem.lineNumber} of ${manifest}: one JSON object per line, with "source" or "source-ref"`} (gtkit run reports it as a bad line and skips it)`,
    };
  // The job goes on without the line (its PRE logs it), so a warning: the line still needs a fix.
  if (problem.kind === 'skipped') return { ruleId: 'task-inputs', ...place, severity: 'warning', ...skippedLineProblem(problem.message) };
  // The code where the PRE threw goes under the message, where lint puts a template finding's code frame.
  const frame = problem.thrownAt?.codeFrame ? `\n${problem.thrownAt.codeFrame}` : '';
  return {
    ruleId: 'task-inputs',
    ...place,
    message: `could not get the task input of this line, so its task.input paths were not checked: ${problem.message}${frame}`,
    hint: `fix ${problem.thrownAt?.place ?? shownPath(task.paths.pre)} or this manifest line (gtkit preview shows what the PRE returns for each line)`,
  };
}

/** Lines whose `source` is empty or blank, as warnings on those lines (the dry run names them the same way). */
function emptySourceFindings(task: LoadedTask, lines: ManifestLine[]): LintFinding[] {
  return emptySources(lines).map(({ line, message, fix }) => ({ ruleId: 'manifest-line', severity: 'warning', message, file: shownPath(task.paths.manifest), line: line.lineNumber, column: 1, hint: fix }));
}

/**
 * Manifest lines that already hold the label attribute, as one finding on the config's
 * labelAttributeName (the fix is there, whatever the number of lines): an error when they hold
 * another job's labels, else a warning. The dry run, gtkit job and gtkit deploy say the same.
 */
function labelAttributeFindings(task: LoadedTask, lines: ManifestLine[]): LintFinding[] {
  const clash = taskLabelAttributeClash(task, lines);
  if (!clash) return [];
  return [{ ruleId: 'label-attribute-clash', severity: clash.severity, message: clash.message, file: shownPath(task.configFile), ...clash.place, hint: clash.fix }];
}
