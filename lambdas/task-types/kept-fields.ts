import type { AcsObject } from '../handlers/acs-types.ts';
import { describeType, isObject, type JsonObject } from '../contracts/check.ts';
import type { ContractIssue } from '../contracts/errors.ts';
import { getOwn, setOwn } from '../contracts/own-property.ts';

/**
 * Answers to the template's other fields (a comment box, an "unsure" checkbox beside the type's
 * element), carried into the output as each worker gave them: the type's consolidation reads
 * only its own field, so without this they reach the worker-response files and no further.
 */

/** The metadata key that holds them: one entry per worker who filled in at least one. */
export const keptFieldsKey = 'worker-fields';

/** What the task type's parser made of an answer, and the kept fields beside it. */
export interface AnswerWithKeptFields {
  answer: unknown;
  fields: Record<string, unknown>;
}

/** One worker's kept fields, as written under {@link keptFieldsKey}. */
export interface KeptFieldsEntry {
  'worker-id': string;
  fields: Record<string, unknown>;
}

/** Problems with a `keepFields` setting at `path`: a list of distinct field names, none the type's own. */
export function keepFieldsProblems(keepFields: unknown, answerField: string, path: string): ContractIssue[] {
  if (keepFields === undefined) return [];
  if (!Array.isArray(keepFields)) return [{ path, problem: `expected a list of field names, e.g. ["comment"], got ${describeType(keepFields)}` }];
  const issues: ContractIssue[] = [];
  const seen = new Set<string>();
  keepFields.forEach((name: unknown, i) => {
    const at = `${path}[${i}]`;
    if (typeof name !== 'string' || name.trim() === '') issues.push({ path: at, problem: `expected a field name (the name of an element or input in the template), got ${typeof name === 'string' ? 'an empty string' : describeType(name)}` });
    else if (name === answerField) issues.push({ path: at, problem: `"${name}" is the field the task type consolidates; keep only the template's other fields` });
    else if (seen.has(name)) issues.push({ path: at, problem: `"${name}" is listed twice; list each field once` });
    else seen.add(name);
  });
  return issues;
}

/** The named fields a worker filled in, as submitted: one left empty ({@link leftEmpty}) is left out. */
export function pickKeptFields(answerContent: unknown, names: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (!isObject(answerContent)) return fields;
  for (const name of names) {
    const value = getOwn(answerContent, name);
    if (value !== undefined && !leftEmpty(value)) setOwn(fields, name, value);
  }
  return fields;
}

/**
 * A field the worker did not fill in, though the form submitted it: a blank text box (`""`, or
 * spaces only), `null`, or an empty object. Without this every worker of a form with a comment
 * box was listed. A box left unticked (`{"on": false}`) is kept: it is the worker's "no".
 */
function leftEmpty(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return isObject(value) && Object.keys(value).length === 0;
}

/**
 * Splits parsed answers back into the type's answers (what the algorithm reads) and, per object,
 * the kept fields of each worker who filled any in, in answer order.
 */
export function splitKeptFields(objects: ReadonlyArray<AcsObject<unknown>>): { objects: Array<AcsObject<unknown>>; kept: Map<string, KeptFieldsEntry[]> } {
  const kept = new Map<string, KeptFieldsEntry[]>();
  const plain = objects.map((o) => {
    const entries: KeptFieldsEntry[] = [];
    const annotations = o.annotations.map((a) => {
      const { answer, fields } = a.answer as AnswerWithKeptFields;
      if (Object.keys(fields).length > 0) entries.push({ 'worker-id': a.workerId, fields });
      return { ...a, answer };
    });
    if (entries.length > 0) kept.set(o.datasetObjectId, entries);
    return { ...o, annotations };
  });
  return { objects: plain, kept };
}

/** The metadata entry for an object's kept fields, or nothing when no worker filled one in. */
export function keptFieldsMetadata(entries: readonly KeptFieldsEntry[] | undefined): JsonObject {
  return entries && entries.length > 0 ? { [keptFieldsKey]: entries as unknown as JsonObject[keyof JsonObject] } : {};
}
