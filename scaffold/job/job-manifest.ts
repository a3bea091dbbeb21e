import { basename } from 'node:path';
import { andList, listText } from '../../lambdas/contracts/list-text.ts';
import { shownPath } from '../cli/paths.ts';
import { ManifestFileError, readManifest, reasonWithFix, type ManifestFileRead, type ManifestLine } from '../run/manifest.ts';
import type { LoadedTask } from '../task/load-task.ts';
import { taskLabelAttributeClash } from '../run/label-attribute-clash.ts';
import { byteOrderMarkFinding, unreadableManifestFinding, wholeManifestTrouble } from '../task/task-files.ts';
import { uploadPaths } from './request-paths.ts';
import type { JobProblem } from './validate-request.ts';

/** The manifest as `gtkit deploy` would upload it and `gtkit job` send it: its lines, and what is wrong with it. */
export interface JobManifestCheck {
  /** The manifest as read, when it could be (its good lines give the job its data folders). */
  read?: ManifestFileRead;
  /** Errors for a manifest a job could label nothing from; warnings for its bad lines and a byte-order mark. */
  problems: JobProblem[];
}

/** Bad lines a warning names by number before it counts the rest. */
const namedLines = 5;

/** The task's manifest read once (readManifest, the reader lint and run use), or why it cannot be read as a whole. */
export type TaskManifestRead = { read: ManifestFileRead; failure?: undefined } | { read?: undefined; failure: ManifestFileError };

/**
 * Reads the task's manifest for the checks and the steps after them: `gtkit deploy` takes the
 * CORS buckets, the roles' data folders and `--upload-data`'s objects from the same lines, so a
 * large manifest is read and parsed once.
 */
export async function readTaskManifest(task: Pick<LoadedTask, 'paths'>): Promise<TaskManifestRead> {
  try {
    return { read: await readManifest(task.paths.manifest) };
  } catch (failure) {
    if (failure instanceof ManifestFileError) return { failure };
    throw failure;
  }
}

/** The good lines of a manifest read; none when it could not be read (its check says why). */
export function goodLinesOf(manifest: TaskManifestRead): ManifestLine[] {
  return manifest.read?.lines ?? [];
}

/**
 * Checks the task's manifest before it costs something (an upload, a job): lint's checks of the
 * file, said as job problems that name the file. A manifest Ground Truth could read no data
 * object from (missing, unreadable, UTF-16, empty, not UTF-8, every line bad) is an error; some
 * bad lines are one warning that counts them and names the first; a UTF-8 byte-order mark is a
 * warning. Lines that already hold the label attribute are one problem on labelAttributeName: an
 * error when they hold another job's labels, which the job's output would replace (lint and the
 * dry run say the same). `gtkit lint` names every bad line. A manifest that is not there is an error for
 * deploy, which uploads it, and a warning (`missing: 'warning'`) for job, whose request may send one
 * uploaded before. The manifest is read once (readTaskManifest); the file is read again only
 * when no line of it is good. A streaming job sends no manifest: the caller does not check one.
 */
export async function checkJobManifest(task: LoadedTask, options: { missing: 'error' | 'warning' }): Promise<JobManifestCheck> {
  return jobManifestCheck(task, await readTaskManifest(task), options);
}

/** `checkJobManifest` of a manifest already read. */
export function jobManifestCheck(task: LoadedTask, manifest: TaskManifestRead, options: { missing: 'error' | 'warning' }): JobManifestCheck {
  const file = shownPath(task.paths.manifest);
  const name = basename(task.paths.manifest);
  const error = (message: string, fix: string): JobProblem => ({ severity: 'error', path: uploadPaths.manifest, message: `${file}: ${message}`, fix });
  const { read, failure } = manifest;
  if (failure) {
    // Lint's fix for the cause (a folder, UTF-16, CR line endings, no permission, no file).
    const { hint } = unreadableManifestFinding(task, failure);
    if (failure.trouble === 'missing' && options.missing === 'warning') {
      return { problems: [{ severity: 'warning', path: uploadPaths.manifest, message: `${file}: no such file, so the manifest the request sends was not checked (gtkit deploy uploads this file to that place)`, fix: hint }] };
    }
    // The reader's reason may carry its own short fix after "; ": the hint says it in full.
    const why = failure.trouble === 'missing' ? `no such file (the task's input manifest)` : failure.reason.split('; ')[0];
    return { problems: [error(`${why}, so Ground Truth could read no data object from it`, hint)] };
  }
  const problems: JobProblem[] = [];
  if (read.lines.length === 0) {
    const whole = read.problems.length === 0 || read.problems.every((p) => p.notUtf8) ? wholeManifestTrouble(task) : undefined;
    // The file's trouble as lint words it, and what it costs a job.
    if (whole) problems.push(error(`${whole.message}, so ${whole.kind === 'empty' ? 'a job made from it would label nothing' : 'Ground Truth could read no data object from it'}`, whole.hint));
    else {
      const first = read.problems[0];
      const count = read.problems.length;
      problems.push(
        error(
          `${count === 1 ? 'its one line is not' : `none of its ${count} lines is`} a data object Ground Truth can read${first ? ` (line ${first.lineNumber}: ${reasonWithFix(first)})` : ''}, so a job made from it would label nothing`,
          `run gtkit lint, which names each bad line and what is wrong with it; each line of ${name} must be one JSON object with "source" (text) or "source-ref" (an s3:// URI)`,
        ),
      );
    }
  } else if (read.problems.length > 0) {
    const count = read.problems.length;
    const first = read.problems[0]!;
    const numbers = read.problems.map((p) => String(p.lineNumber));
    problems.push({
      severity: 'warning',
      path: uploadPaths.manifest,
      message: `${file}: ${count} line${count === 1 ? '' : 's'} Ground Truth cannot read: ${count === 1 ? 'line' : 'lines'} ${numbers.length <= namedLines ? andList(numbers) : listText(numbers, namedLines)} (line ${first.lineNumber}: ${reasonWithFix(first)}); ${read.lines.length} line${read.lines.length === 1 ? ' is' : 's are'} good`,
      fix: `run gtkit lint, which names each bad line and what is wrong with it, and fix or remove ${count === 1 ? 'it' : 'them'} in ${name}`,
    });
  }
  const clash = taskLabelAttributeClash(task, read.lines);
  if (clash) problems.push({ severity: clash.severity, path: 'labelAttributeName', message: clash.message, fix: clash.fix });
  if (read.byteOrderMark) {
    const bom = byteOrderMarkFinding(task);
    problems.push({ severity: 'warning', path: uploadPaths.manifest, message: `${file}: ${bom.message}`, fix: bom.hint });
  }
  return { read, problems };
}

/**
 * The manifest `gtkit deploy` (and its CloudFormation route) uploads, as `deployPreflight` read
 * it, checked before anything is built or sent: `refusal` (what is wrong and the fix) when a job
 * could label nothing from it or its lines hold another job's labels under this job's label
 * attribute, else the warnings to print. A streaming job uploads no manifest: nothing to check.
 */
export function checkUploadedManifest(task: LoadedTask, manifest: TaskManifestRead): { refusal?: string; warnings: string[] } {
  if (task.config.streaming) return { warnings: [] };
  const { problems } = jobManifestCheck(task, manifest, { missing: 'error' });
  const refused = problems.find((p) => p.severity === 'error');
  if (refused) return { refusal: `${refused.message}; ${refused.fix}`, warnings: [] };
  return { warnings: problems.map((p) => `${p.message}; ${p.fix}`) };
}
