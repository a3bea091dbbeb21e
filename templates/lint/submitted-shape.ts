import { elementSpecs, type AnswerShape } from '../elements/spec.ts';
import { nativeAnswerOf } from './fields.ts';
import type { LintElement } from './types.ts';

/**
 * What a field submits under its name: crowd elements per their spec, native fields as the
 * stand-ins' serializer submits them (nativeAnswerKind in answer-shapes.ts: `<select multiple>` a
 * list, checkboxes and radios `{"<value>": checked}` (unverified), other inputs, selects and text
 * areas a string, buttons and file inputs nothing). Undefined where it cannot be known: a hidden
 * input holds whatever a script puts there (AWS samples stash JSON in one, which the ACS
 * decodes), V2 elements are undocumented. A string's values may still hold JSON the ACS decodes
 * (field-values.ts).
 */
export function submittedShape(e: LintElement): AnswerShape | undefined {
  const spec = elementSpecs[e.tag];
  if (spec) return spec.submits;
  const kind = nativeAnswerOf(e);
  if (kind === 'checked') return { kind, unverified: true };
  if (kind === 'text' && e.tag === 'input' && (e.attrs.type ?? '').toLowerCase() === 'hidden') return undefined;
  return kind && { kind };
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
