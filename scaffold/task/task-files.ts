import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { LintFinding } from '../../templates/lint/types.ts';
import type { LoadedTask } from './load-task.ts';
import { shownPath } from '../cli/paths.ts';

/** The files of a task folder that the tools read (and `gtkit init` writes), in the order lint reports them. */
const neededTaskFiles = ['template', 'manifest', 'pre', 'acs'] as const;
type NeededTaskFile = (typeof neededTaskFiles)[number];

/** What each file is to the task, for the message. */
const roles: Record<NeededTaskFile, string> = {
  template: 'worker task template',
  manifest: 'sample input manifest',
  pre: 'pre-annotation (PRE) Lambda',
  acs: 'annotation-consolidation (ACS) Lambda',
};

/**
 * What to say about a task file that is not there: what it is, and how to get it back. A file at
 * its default name is restored from version control or a fresh scaffold; one the config points
 * at (`files.acs`) is more likely a wrong path, so the field is named. `gtkit run` opens its
 * message for a missing PRE or ACS the same way ("no such file; a task folder needs acs.ts").
 */
function missingTaskFile(task: LoadedTask, which: NeededTaskFile): { message: string; hint: string } {
  const config = basename(task.configFile);
  if (task.config.files?.[which] !== undefined) {
    return {
      message: `no such file; files.${which} in ${config} points here (the ${roles[which]})`,
      hint: `fix files.${which} in ${config} (a path relative to the folder that holds it), or put the file there`,
    };
  }
  const name = basename(task.paths[which]);
  return {
    message: `no such file; a task folder needs ${name}, its ${roles[which]}`,
    hint: `restore ${name} from version control, or copy the one \`gtkit init <new-folder> --type ${task.config.type}\` writes; if yours has another name or folder, set files.${which} in ${config} to its path`,
  };
}

/** The needed files of a loaded task folder that are not there. */
export function missingTaskFiles(task: LoadedTask): NeededTaskFile[] {
  return neededTaskFiles.filter((which) => !existsSync(task.paths[which]));
}

/** A missing task file as a lint finding on its path. */
export function missingTaskFileFinding(task: LoadedTask, which: NeededTaskFile): LintFinding {
  return { ruleId: 'missing-file', severity: 'error', ...missingTaskFile(task, which), file: shownPath(task.paths[which]), line: 1, column: 1 };
}
