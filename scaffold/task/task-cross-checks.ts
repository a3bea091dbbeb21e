import { getTaskType } from '../../lambdas/task-types/registry.ts';
import { taskTemplates } from '../../templates/catalog/index.ts';
import { elementSpecs } from '../../templates/elements/spec.ts';
import type { AnswerFieldExpectation, LintFinding } from '../../templates/lint/types.ts';
import { buildJob } from '../job/build-request.ts';
import { readJobInputs } from '../job/job-inputs.ts';
import { labelNames, type TaskConfig } from '../config/define-task.ts';
import { configFieldPlacer } from '../config/config-field-place.ts';
import { configSource } from '../config/config-findings.ts';
import { requestFieldOrigin } from '../config/request-field-origins.ts';
import { taskFilesOf, type LoadedTask } from './load-task.ts';
import { shownPath } from '../cli/paths.ts';

export interface TaskCrossChecks extends AcsFields {
  /** Errors in the CreateLabelingJob request the config makes, as lint findings on the config file. */
  findings: LintFinding[];
}

/**
 * The checks of a task folder beyond its template and PRE: the ACS's answer fields (the task
 * type's own, or `consolidation.answerFields` for a hand-written ACS) and the job request
 * (`gtkit job`'s validation; its warnings, such as ARNs not yet deployed, stay with `gtkit job`).
 * Each request error is placed at the config field it is made from (`HumanTaskConfig.TaskTitle`
 * at `task.title`), or at 1:1 when the config does not write it.
 */
export async function taskCrossChecks(task: LoadedTask): Promise<TaskCrossChecks> {
  const fields = acsFieldsOf(task.config);
  const inputs = await readJobInputs(task.dir, undefined, task.config);
  const job = buildJob(task.config, inputs);
  const file = shownPath(task.configFile);
  const placeOf = configFieldPlacer(configSource(task.configFile));
  // An ARN recorded by gtkit deploy (or read from stack outputs) is not the one lambdas.*.arn holds.
  const deployedArns = { pre: inputs.arns?.pre !== undefined, acs: inputs.arns?.acs !== undefined };
  // The request's warnings (ARNs not yet deployed, the example account) stay with gtkit job; the labels' are the config's own to fix, so lint shows them too.
  const findings: LintFinding[] = job.problems
    .filter((p) => p.severity === 'error' || p.kind === 'labels')
    .map((p) => {
      const origin = requestFieldOrigin(p.path, task.config, deployedArns);
      const place = origin === undefined ? { line: 1, column: 1 } : placeOf(origin);
      return { ruleId: 'job-request', severity: p.severity, message: `${p.path}: ${p.message}`, file, ...place, hint: p.fix };
    });
  return { ...fields, findings };
}

/** What the task's ACS does with the template's fields, as lint takes it ({@link lintTemplate}'s options). */
export interface AcsFields {
  /** What the task's ACS reads from each answer: the template must submit these fields. */
  answerFields: AnswerFieldExpectation[];
  /** The other fields it carries into the output as they are (`consolidation.keepFields`). */
  keptFields: string[];
  /** The labels it knows (the config's `labels`): lint checks a label list written out in the template against them. */
  knownLabels: string[];
  /** The task's PRE and ACS as the config names them (`files`), for lint's hints. */
  taskFiles: { pre: string; acs: string };
}

/**
 * The fields the task's ACS consolidates and keeps, and the labels it knows: lint warns about a
 * submitted field in neither list, and about a label list in the template that is not the labels.
 */
export function acsFieldsOf(config: TaskConfig): AcsFields {
  const { pre, acs } = taskFilesOf(config);
  return { answerFields: answerFieldsOf(config), keptFields: config.consolidation.keepFields ?? [], knownLabels: labelNames(config), taskFiles: { pre, acs } };
}

/**
 * The answer fields the task's ACS reads: `consolidation.answerFields`, else the task type's own.
 * The type's field also says what is decoded under it (lint's answer-shape): what the element of
 * the type's catalog template submits, which is what its parseAnswer reads. For certain when the
 * config leaves the fields to the type (the scaffolded acs.ts, the type's own consolidation);
 * when acs.ts is hand-written it may decode that field otherwise, so a mismatch is only a warning.
 */
export function answerFieldsOf(config: TaskConfig): AnswerFieldExpectation[] {
  const type = getTaskType(config.type);
  const declared = config.consolidation.answerFields;
  const reader = declared ? `${taskFilesOf(config).acs} (consolidation.answerFields in the config)` : `the ${type.name} ACS`;
  const shape = elementSpecs[taskTemplates[type.name].element]?.submits;
  const decodes = shape && { shape, by: declared ? `the ${type.name} task type` : reader, certain: !declared, nestedJson: type.decode?.nestedJson !== false };
  return (declared ?? [type.answerField]).map((name) => ({ name, reader, ...(decodes && name === type.answerField ? { decodes } : {}) }));
}
