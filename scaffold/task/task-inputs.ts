import { parsePreResponse } from '../../lambdas/contracts/pre.ts';
import { createLambdaContext } from '../../lambdas/testing/context.ts';
import { buildPreEvent } from '../../lambdas/testing/events.ts';
import type { LintFinding, LintTaskInput } from '../../templates/lint/types.ts';
import { shownPath } from '../cli/paths.ts';
import { CliError } from '../cli/exit-codes.ts';
import { labelAttributeClashes, readManifest, type ManifestLine } from '../run/manifest.ts';
import { importHandler } from './load-handlers.ts';
import type { LoadedTask } from './load-task.ts';

/** Runs every sample manifest line through the task's PRE: what the template will see as task.input. */
export async function sampleTaskInputs(task: LoadedTask): Promise<{ inputs: LintTaskInput[]; lines: ManifestLine[]; problems: string[] }> {
  const manifest = await readManifest(task.paths.manifest);
  const problems = manifest.problems.map((p) => p.message);
  const pre = await importHandler(task.paths.pre);
  const inputs: LintTaskInput[] = [];
  for (const line of manifest.lines) {
    const origin = `${task.paths.manifest}:${line.lineNumber}`;
    try {
      const response = parsePreResponse(JSON.parse(JSON.stringify((await pre(buildPreEvent(line.dataObject), createLambdaContext())) ?? null)));
      if (response.isHumanAnnotationRequired) inputs.push({ origin, taskInput: response.taskInput });
    } catch (error) {
      problems.push(`${origin}: the PRE failed: ${(error as Error).message}`);
    }
  }
  return { inputs, lines: manifest.lines, problems };
}

/**
 * The task inputs of a loaded task folder for `gtkit lint`: its manifest through its PRE, and
 * findings about its lines read on the way (the label attribute already there). A
 * manifest line that does not parse, or a PRE that fails, is an error naming the line: the
 * cross-check would be incomplete.
 */
export async function taskFolderInputs(task: LoadedTask): Promise<{ inputs: LintTaskInput[]; findings: LintFinding[] }> {
  const { inputs, lines, problems } = await sampleTaskInputs(task);
  if (problems.length > 0) throw new CliError(problems.join('\n'));
  return { inputs, findings: labelAttributeFindings(task, lines) };
}

/** Manifest lines that already hold the label attribute, as warnings on those lines (the dry run names them the same way). */
function labelAttributeFindings(task: LoadedTask, lines: ManifestLine[]): LintFinding[] {
  const attr = task.config.labelAttributeName;
  return labelAttributeClashes(lines, attr).map(({ line, message }) => ({
    ruleId: 'label-attribute-clash',
    severity: 'warning',
    message,
    file: shownPath(task.paths.manifest),
    line: line.lineNumber,
    column: 1,
    hint: `rename labelAttributeName in ${shownPath(task.configFile)} (now "${attr}"), or remove those keys from the line if they are stale`,
  }));
}
