import { elementSpecs } from '../elements/spec.ts';
import { closestAncestor } from './html.ts';
import type { LintElement } from './types.ts';

/** Native controls whose value crowd-form submits under their name. */
const nativeFields = new Set(['input', 'select', 'textarea']);
/** Input types that are buttons, not answers. */
const buttonTypes = new Set(['submit', 'button', 'reset', 'image']);

/** Elements with a form of their own (crowd-entity-annotation), and <template> (markup a script clones into place). */
const fencedTags: readonly string[] = [
  ...Object.values(elementSpecs)
    .filter((s) => s.outsideCrowdForm)
    .map((s) => s.tag),
  'template',
];

/** Inside an element with a form of its own, or in a <template>: crowd-form need not hold it. */
export function isFenced(e: LintElement): boolean {
  return closestAncestor(e, fencedTags) !== undefined;
}

/** A native input, select or textarea that holds a value (not a button), wherever it sits. */
export function isNativeControl(e: LintElement): boolean {
  return nativeFields.has(e.tag) && !buttonTypes.has((e.attrs.type ?? '').trim().toLowerCase());
}

/** A form field whose value ends up in the answer: a crowd element that takes input, or a native control in crowd-form. */
export function fieldKind(e: LintElement): 'crowd' | 'native' | undefined {
  if (elementSpecs[e.tag]?.takesInput) return 'crowd';
  if (isNativeControl(e) && closestAncestor(e, 'crowd-form')) return 'native';
  return undefined;
}

/**
 * The class of fields that may share one name, or undefined for a field that may not share its
 * name at all: the same crowd element marked sharesName (checkboxes), or native radios or
 * checkboxes of one type.
 */
export function shareClass(e: LintElement): string | undefined {
  if (elementSpecs[e.tag]?.sharesName) return `element:${e.tag}`;
  const type = (e.attrs.type ?? '').trim().toLowerCase();
  return e.tag === 'input' && (type === 'radio' || type === 'checkbox') ? `input:${type}` : undefined;
}
