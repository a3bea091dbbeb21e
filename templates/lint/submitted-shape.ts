import type { AnswerShape } from '../../lambdas/task-types/answer-shape.ts';
import { elementSpecs } from '../elements/spec.ts';
import { isNativeControl } from './fields.ts';
import type { LintElement } from './types.ts';

/**
 * What a field submits under its name, as the element specs and the native-field choices of
 * answer-shapes.ts say: crowd elements per their spec; `<select multiple>` a list; native
 * checkboxes and radios `{"<value>": checked}` (unverified); other inputs, selects and text
 * areas a string. Undefined where it cannot be known: a hidden input holds whatever a script
 * puts there (AWS samples stash JSON in one, which the ACS decodes), V2 elements are undocumented.
 */
export function submittedShape(e: LintElement): AnswerShape | undefined {
  const spec = elementSpecs[e.tag];
  if (spec) return spec.submits;
  if (!isNativeControl(e)) return undefined;
  const type = (e.attrs.type ?? '').trim().toLowerCase();
  if (e.tag === 'select') return e.attrs.multiple !== undefined ? { kind: 'list' } : { kind: 'text' };
  if (type === 'hidden') return undefined;
  if (type === 'checkbox' || type === 'radio') return { kind: 'checked', unverified: true };
  return { kind: 'text' };
}

/** Whether a submitted shape gives a reader what it decodes: the same kind, and for objects every key it reads. */
export function shapeFits(submitted: AnswerShape, read: AnswerShape): boolean {
  if (submitted.kind !== read.kind) return false;
  if (submitted.kind !== 'object' || read.kind !== 'object') return true;
  return read.keys.every((k) => submitted.keys.includes(k));
}

/** A shape in a few words: `a string`, `{"label": …}`. */
export function describeShape(shape: AnswerShape): string {
  switch (shape.kind) {
    case 'text':
      return 'a string';
    case 'number':
      return 'a number';
    case 'list':
      return 'a list of strings';
    case 'checked':
      return '{"<value>": true|false}';
    case 'object':
      return `{${shape.keys.map((k) => `"${k}": …`).join(', ')}}`;
  }
}

/** The Crowd HTML Elements that submit what a reader decodes, e.g. crowd-classifier for `{"label": …}`. */
export function elementsSubmitting(read: AnswerShape): string[] {
  return Object.values(elementSpecs)
    .filter((s) => s.submits && !s.submits.unverified && shapeFits(s.submits, read))
    .map((s) => s.tag);
}
