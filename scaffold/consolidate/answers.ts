import { isObject } from '../../lambdas/contracts/check.ts';
import { UsageError } from '../cli/exit-codes.ts';
import type { CapturedAnswer } from '../run/answers-file.ts';

/** Moves the chosen answer field to where the task type reads it (finding it when there is only one), and names it as the answers do; undefined when no answer has a field. */
export function remapField(answers: Map<string, CapturedAnswer[]>, target: string, field: string | undefined): { answers: Map<string, CapturedAnswer[]>; field: string | undefined } {
  const keys = new Set<string>();
  for (const list of answers.values()) for (const a of list) for (const k of Object.keys(a.answerContent)) keys.add(k);
  // No usable answer at all: nothing to move, and every object comes out as a failure that says so.
  if (keys.size === 0 && field === undefined) return { answers, field: undefined };
  const chosen = field ?? (keys.has(target) ? target : keys.size === 1 ? [...keys][0] : undefined);
  if (!chosen) throw new UsageError(`the answers have several fields (${[...keys].sort().join(', ')}); pick one with --field`);
  if (!keys.has(chosen)) throw new UsageError(`no answer has the field "${chosen}"; fields seen: ${[...keys].sort().join(', ')}`);
  const out = new Map<string, CapturedAnswer[]>();
  for (const [id, list] of answers) out.set(id, list.map((a) => ({ ...a, answerContent: { [target]: a.answerContent[chosen] } })));
  return { answers: out, field: chosen };
}

/**
 * Labels that occur in the answers, sorted, when none were given: a classification's `label` or
 * `labels`, and the `label` of each box, point, span or shape in an answer's lists.
 */
export function labelsSeen(answers: Map<string, CapturedAnswer[]>): string[] {
  const seen = new Set<string>();
  const labelsOf = (value: unknown) => {
    if (!isObject(value)) return;
    if (typeof value.label === 'string') seen.add(value.label);
    if (Array.isArray(value.labels)) for (const l of value.labels) if (typeof l === 'string') seen.add(l);
    // A segmentation mask's labels are its labelMappings' keys.
    if (isObject(value.labelMappings)) for (const l of Object.keys(value.labelMappings)) seen.add(l);
  };
  for (const list of answers.values())
    for (const a of list)
      for (const value of Object.values(a.answerContent)) {
        labelsOf(value);
        if (isObject(value)) for (const inner of Object.values(value)) if (Array.isArray(inner)) inner.forEach(labelsOf);
      }
  return [...seen].sort();
}

/** The most answers any object has (at least 1): the job's workers per object, as far as the answers tell. A loop, not Math.max(...): V8 refuses ~120,000 arguments. */
export function mostAnswers(answers: Map<string, CapturedAnswer[]>): number {
  let most = 1;
  for (const list of answers.values()) most = Math.max(most, list.length);
  return most;
}
