import type { ContractIssue } from '../contracts/errors.ts';
import type { TaskTypeDefinition } from './define.ts';
import { answerKinds } from './kinds/all.ts';
import type { TaskTypeName } from './names.ts';
import { getTaskType } from './registry.ts';
import { checkSettings, checkTaskType, kindConsolidation, kindSettingsProblems, type TaskConsolidation, type TaskConsolidationOptions } from './consolidate-kind.ts';

export { kindConsolidation, type TaskConsolidation, type TaskConsolidationOptions } from './consolidate-kind.ts';

/**
 * Consolidation for any task type, given by its definition or its name: {@link kindConsolidation}
 * with the type's answer kind found here. It can serve every type, so a bundle that calls it
 * carries every kind's algorithms and formats (and, for a name, every type): a deployed ACS calls
 * `kindConsolidation(textClassification, classAnswers, …)` and carries its own kind's only.
 * Settings are checked at cold start.
 *
 * @example
 * const consolidation = taskConsolidation('text-classification', { algorithm: 'dawid-skene', labels: ['a', 'b'] });
 * export const handler = acsHandler(consolidation);
 */
export function taskConsolidation(typeOrName: TaskTypeDefinition<object, unknown> | TaskTypeName, settings: TaskConsolidationOptions): TaskConsolidation {
  const type = typeof typeOrName === 'string' ? getTaskType(typeOrName) : typeOrName;
  checkTaskType(type, 'taskConsolidation');
  checkSettings(settings, 'taskConsolidation');
  return kindConsolidation(type, answerKinds[type.answerKind], settings);
}

/**
 * Every problem with an algorithm choice for a task type, at `path` (the task config's
 * `consolidation`): an unknown name, an algorithm for another kind of answer, and options that
 * the algorithm does not take or that are out of range. Used at cold start by
 * {@link taskConsolidation} and by the config check behind `gtkit lint`, `run` and `job`.
 * `labelsPath` is where the labels are written (the task config keeps them at its top level).
 */
export function checkConsolidationSettings(type: TaskTypeDefinition<object, unknown>, settings: { algorithm: unknown; options?: unknown; labels?: unknown; keepFields?: unknown }, path = 'consolidation', labelsPath = `${path}.labels`): ContractIssue[] {
  return kindSettingsProblems(type, answerKinds[type.answerKind], settings, path, labelsPath);
}
