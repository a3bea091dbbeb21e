import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { lintTemplate, type LintFinding, type LintTaskInput } from '../../templates/lint/index.ts';
import { TaskConfigError, UsageError } from '../cli/exit-codes.ts';
import { configSource, taskConfigFindings } from '../config/config-findings.ts';
import { configFieldPlacer } from '../config/config-field-place.ts';
import { esbuildPlace } from '../build/esbuild-place.ts';
import { defaultTaskFiles } from '../config/define-task.ts';
import { missingTaskFileFinding, missingTaskFiles, unreadableManifestFinding, wholeManifestFinding } from '../task/task-files.ts';
import { taskCrossChecks, type AcsFields } from '../task/task-cross-checks.ts';
import { taskFolderInputs } from '../task/task-inputs.ts';
import { ManifestFileError } from '../run/manifest.ts';
import { loadTask, taskFilesOf, type LoadedTask } from '../task/load-task.ts';
import { otherGtkitNote } from '../task/task-gtkit.ts';
import { shownPath } from '../cli/paths.ts';

export interface LintTargetResult {
  /** The template that was linted, relative to the working folder. */
  file: string;
  /** Its text; absent when there was no template to read (a `missing-file` finding says so). */
  source?: string;
  findings: LintFinding[];
  /** Info lines for people: what was and was not checked. */
  notes: string[];
}

/**
 * Lints a lone template file (no PRE cross-check), or a task folder's `template.liquid.html`
 * against what its PRE produces, the answer fields its ACS reads and its job request (the task
 * is loaded once for all three). A task file that is not there (template, manifest, pre.ts,
 * acs.ts, or where `files` points) is an error finding, and the checks that need it are skipped.
 */
export async function lintTarget(target: string): Promise<LintTargetResult> {
  if (!existsSync(target)) throw new UsageError(`${target}: no such file or folder`);
  if (statSync(target).isFile()) {
    const { file, source } = await readTemplate(target);
    const findings = await lintTemplate(source, { file });
    return { file, source, findings, notes: [`${file}: linted alone, without the PRE cross-check (lint the task folder for that)`] };
  }
  const notes: string[] = [];
  const extra: LintFinding[] = [];
  let file = shownPath(join(target, defaultTaskFiles.template));
  // A folder without a config is linted alone; a config that fails to load is an error to fix, and this says why the config's checks were skipped (its findings say the rest).
  let configTrouble: string | undefined;
  const unchecked = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) notes.push(`${file}: linted without the PRE cross-check: ${message}`);
    else if (error instanceof TaskConfigError) extra.push(...taskConfigFindings(error));
    else extra.push(taskInputsFailed(message, target, task ? taskFilesOf(task.config).pre : defaultTaskFiles.pre));
  };
  let task: LoadedTask | undefined;
  try {
    task = await loadTask(target);
  } catch (error) {
    if (error instanceof TaskConfigError) configTrouble = error.stage === 'check' ? 'the task config is not valid (see its task-config findings)' : 'the task config does not load (see its task-config finding)';
    else if (!(error instanceof UsageError)) configTrouble = 'the task config did not load';
    unchecked(error);
  }
  const otherGtkit = task ? otherGtkitNote(task.dir) : undefined;
  if (otherGtkit) notes.push(`note: ${otherGtkit}`);
  // The config may keep the template elsewhere (files.template).
  const templatePath = task?.paths.template ?? join(target, defaultTaskFiles.template);
  file = shownPath(templatePath);
  // A loaded task names each file it lacks; a folder with neither config nor template is not a task.
  const missing = task ? missingTaskFiles(task) : [];
  if (task) extra.push(...missing.map((which) => missingTaskFileFinding(task, which)));
  else if (configTrouble === undefined && !existsSync(templatePath)) throw new UsageError(`${templatePath}: no such file; a task folder holds its template as ${defaultTaskFiles.template} (or lint a template file directly)`);
  const source = existsSync(templatePath) ? (await readTemplate(templatePath)).source : undefined;
  if (source === undefined && configTrouble !== undefined) notes.push(`${file}: not linted: no such file (${configTrouble}, so it may name another template)`);
  let taskInputs: LintTaskInput[] | undefined;
  // What the task's ACS reads, keeps and knows, for lintTemplate's options (as every other caller gives acsFieldsOf).
  let acsFields: AcsFields | undefined;
  if (task) {
    const lacking = missing.filter((which) => which === 'pre' || which === 'manifest').map((which) => relative(task.dir, task.paths[which]));
    if (lacking.length > 0) notes.push(`${file}: task.input paths were not checked: ${lacking.join(' and ')} ${lacking.length === 1 ? 'is' : 'are'} missing`);
    else if (source !== undefined)
      try {
        const sample = await taskFolderInputs(task);
        taskInputs = sample.inputs;
        // A manifest with nothing usable in it is one finding on the file, in place of one per line.
        const whole = taskInputs.length === 0 ? wholeManifestFinding(task) : undefined;
        extra.push(...(whole ? [...sample.findings.filter((f) => f.ruleId !== 'manifest-line'), whole] : sample.findings));
        if (!whole && taskInputs.length === 0) notes.push(`${file}: no manifest line reached the template through the PRE, so task.input paths were not checked`);
      } catch (error) {
        // A manifest that cannot be read at all is fixed as a whole, not a line or the PRE.
        if (error instanceof ManifestFileError && error.file === task.paths.manifest) extra.push(unreadableManifestFinding(task, error));
        else unchecked(error);
      }
    try {
      const { findings, ...fields } = await taskCrossChecks(task);
      extra.push(...findings);
      acsFields = fields;
    } catch (error) {
      notes.push(`${file}: the ACS answer fields and the job request were not checked: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else notes.push(`${file}: the ACS answer fields and the job request were not checked: ${configTrouble ?? 'the task config did not load'}`);
  // Findings whose fix is in the config (a keepFields name no field has) point there.
  const configPlace = task ? configPlaceOf(task.configFile) : undefined;
  const templateFindings = source === undefined ? [] : await lintTemplate(source, { file, ...(taskInputs ? { taskInputs } : {}), ...acsFields, ...(configPlace ? { configPlace } : {}) });
  return { file, source, findings: [...templateFindings, ...extra], notes };
}

/** Places of the config's fields for lint findings: the file as findings name it, scanned on first use. */
function configPlaceOf(configFile: string): (path: string) => { file: string; line: number; column: number } {
  let placer: ((path: string) => { line: number; column: number }) | undefined;
  return (path) => ({ file: shownPath(configFile), ...(placer ??= configFieldPlacer(configSource(configFile)))(path) });
}

async function readTemplate(path: string): Promise<{ file: string; source: string }> {
  const file = shownPath(path);
  try {
    return { file, source: await readFile(path, 'utf8') };
  } catch (error) {
    throw new UsageError(`${file}: cannot read the template: ${(error as Error).message}`);
  }
}

/** What to do, by what went wrong; the first that matches the message wins. */
const taskInputsHints: Array<[RegExp, (file: string, match: RegExpExecArray) => string]> = [
  [/exports no function "([^"]+)"/, (file, m) => `export the PRE's handler from ${file}: export const ${m[1]} = preHandler((line) => ({ taskInput: … }))`],
  [/could not load:/, (file) => `fix ${file} so that it loads: a syntax error, or an import that is not installed or not there`],
];

/**
 * The task inputs could not be had at all (a config that does not load, a PRE that does not load;
 * a manifest that cannot be read is a finding of its own, from unreadableManifestFinding, and so is
 * a single line that fails, from taskFolderInputs): an error at the place it names —
 * `<file>:<line>[:<col>]: …`, or `<file>: …` (a PRE that does not load or has no handler), which
 * is placed on that file, at the line:col a syntax error in it names or else at line 1.
 */
function taskInputsFailed(message: string, dir: string, preName: string): LintFinding {
  let path: string | undefined;
  let line = 1;
  let column = 1;
  let detail = message;
  // The file part holds no ": ", so a later `x:12:` in the text is not taken for a place.
  const place = /^((?:(?!: ).)+?):(\d+)(?::(\d+))?:/.exec(message);
  const lead = /^(.+?): /.exec(message);
  if (place?.[1]) {
    path = place[1];
    line = Number(place[2]);
    column = Number(place[3] ?? 1);
  } else if (lead?.[1] && existsSync(lead[1]) && statSync(lead[1]).isFile()) {
    path = lead[1];
    detail = message.slice(lead[0].length);
    const syntax = esbuildPlace(detail, path);
    if (syntax) ({ line, column } = syntax);
  }
  const file = shownPath(path ?? dir);
  let hint = `fix ${preName} or the manifest line (gtkit preview shows what the PRE returns for each line)`;
  for (const [pattern, make] of taskInputsHints) {
    const m = pattern.exec(detail);
    if (m) {
      hint = make(file, m);
      break;
    }
  }
  return {
    ruleId: 'task-inputs',
    severity: 'error',
    message: `could not get the task inputs, so task.input paths were not checked: ${detail}`,
    file,
    line,
    column,
    hint,
  };
}
