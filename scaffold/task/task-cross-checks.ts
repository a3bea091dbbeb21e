import { getTaskType } from '../../lambdas/task-types/registry.ts';
import type { AnswerFieldExpectation, LintFinding } from '../../templates/lint/types.ts';
import { buildJob } from '../job/build-request.ts';
import { readJobInputs } from '../job/job-inputs.ts';
import type { TaskConfig } from '../config/define-task.ts';
import type { LoadedTask } from './load-task.ts';
import { shownPath } from '../cli/paths.ts';
import { existsSync } from 'node:fs';
import { labelAttributeClashes, labelAttributeClashMessage, readManifest } from '../run/manifest.ts';

export interface TaskCrossChecks {
  /** What the task's ACS reads from each answer: the template must submit these fields. */
  answerFields: AnswerFieldExpectation[];
  /** Errors in the CreateLabelingJob request the config makes (on the config file), and manifest lines whose label attribute the output would replace. */
  findings: LintFinding[];
}

/**
 * The checks of a task folder beyond its template and PRE: the ACS's answer fields (the task
 * type's own, or `consolidation.answerFields` for a hand-written ACS) and the job request
 * (`gtkit job`'s validation; its warnings, such as ARNs not yet deployed, stay with `gtkit job`).
 */
export async function taskCrossChecks(task: LoadedTask): Promise<TaskCrossChecks> {
  const answerFields = answerFieldsOf(task.config);
  const job = buildJob(task.config, await readJobInputs(task.dir, undefined, task.config));
  const file = shownPath(task.configFile);
  const findings: LintFinding[] = job.problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ ruleId: 'job-request', severity: 'error', message: `${p.path}: ${p.message}`, file, line: 1, column: 1, hint: p.fix }));
  findings.push(...(await labelAttributeFindings(task)));
  return { answerFields, findings };
}

/** Manifest lines that already hold the label attribute (the dry run names them the same way). */
async function labelAttributeFindings(task: LoadedTask): Promise<LintFinding[]> {
  if (!existsSync(task.paths.manifest)) return [];
  const attr = task.config.labelAttributeName;
  const { lines } = await readManifest(task.paths.manifest);
  return labelAttributeClashes(lines, attr).map(({ line, keys }) => ({
    ruleId: 'label-attribute-clash',
    severity: 'warning',
    message: labelAttributeClashMessage(keys),
    file: shownPath(task.paths.manifest),
    line: line.lineNumber,
    column: 1,
    hint: `rename labelAttributeName in ${shownPath(task.configFile)} (now "${attr}"), or remove those keys from the line if they are stale`,
  }));
}

/** The answer fields the task's ACS reads: `consolidation.answerFields`, else the task type's own. */
export function answerFieldsOf(config: TaskConfig): AnswerFieldExpectation[] {
  const declared = config.consolidation.answerFields;
  const reader = declared ? 'acs.ts (consolidation.answerFields in the config)' : `the ${getTaskType(config.type).name} ACS`;
  return (declared ?? [getTaskType(config.type).answerField]).map((name) => ({ name, reader }));
}
