import { formatFindings, lintTemplate } from '../../templates/lint/index.ts';
import { shownPath } from '../cli/paths.ts';
import { acsFieldsOf } from '../task/task-cross-checks.ts';
import type { LoadedTask } from '../task/load-task.ts';

/**
 * Why the task's template may not be deployed, or undefined: the errors `gtkit lint` finds in it
 * by itself (its Liquid, elements and escaping; not the cross-check with the PRE's output, which
 * needs the PRE run). The template is what every worker opens, and an error there breaks their
 * tasks or, as `skip_autoescape` on task input does, lets the data run scripts in their session,
 * so deploy (and --emit-cloudformation, whose next steps copy it) stops at it. No flag lets an
 * error through: each finding names its fix. A template that is not there is left to the upload
 * step, which names it (`source` undefined: the caller could not read it).
 */
export async function templateRefusal(task: LoadedTask, source: string | undefined): Promise<string | undefined> {
  if (source === undefined) return undefined;
  const file = shownPath(task.paths.template);
  const errors = (await lintTemplate(source, { file, ...acsFieldsOf(task.config) })).filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  return `${file}: lint finds ${errors.length === 1 ? 'an error' : `${errors.length} errors`} in the template, which every worker opens; fix ${errors.length === 1 ? 'it' : 'them'} (gtkit lint shows each with its fix) and deploy again:\n${formatFindings(errors, { source, sourceFile: file })}`;
}
