import { readFileSync } from 'node:fs';
import type { LintFinding } from '../../templates/lint/types.ts';
import type { TaskConfigError } from '../cli/exit-codes.ts';
import { esbuildPlace, esbuildPlacePattern } from '../build/esbuild-place.ts';
import { shownPath } from '../cli/paths.ts';
import { configFieldPlacer } from './config-field-place.ts';
import { defaultExportPath } from './field-path.ts';

/**
 * A task config that did not load or is not valid, as lint findings on the config file: one per
 * problem the check found, each at the field it names (`lambdas.pre.memoryMb` at its line and
 * column); a config that does not load is one finding, at the place its syntax error names.
 */
export function taskConfigFindings(error: TaskConfigError): LintFinding[] {
  const file = shownPath(error.file);
  if (error.stage !== 'check' || error.issues.length === 0) return [wholeConfigFinding(error, file)];
  const placeOf = configFieldPlacer(configSource(error.file));
  return error.issues.map(({ path, problem }): LintFinding => ({
    ruleId: 'task-config',
    severity: 'error',
    message: `${path}: ${problem}`,
    file,
    ...placeOf(path),
    hint: path === defaultExportPath ? `export the task's fields as an object from ${file}: export default defineTask({ type: …, jobName: …, … }) (gtkit init <folder> writes a complete one)` : `fix ${path} in ${file} (your editor checks it against defineTask)`,
  }));
}

/** The config's text, or '' when it cannot be read (every finding is then placed at 1:1). */
export function configSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** A config that does not load (or whose problems cannot be read apart): one finding, at the place a syntax error names, else 1:1. */
function wholeConfigFinding(error: TaskConfigError, file: string): LintFinding {
  const place = esbuildPlace(error.message, error.file);
  const message = error.message
    .replace(`task config ${error.file} is not valid:`, 'the task config is not valid:')
    .replace(`${error.file}: `, '')
    // The finding is on the file already: each place keeps its line only.
    .replace(esbuildPlacePattern(error.file, 'g'), 'line $1: ');
  return {
    ruleId: 'task-config',
    severity: 'error',
    message,
    file,
    line: place?.line ?? 1,
    column: place?.column ?? 1,
    hint: error.stage === 'check' ? `fix ${file}: each line above names a field (your editor checks the file against defineTask)` : `fix ${file} so that it loads: a syntax error, or an import that fails`,
  };
}
