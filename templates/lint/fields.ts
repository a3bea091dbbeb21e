import { nativeAnswerKind } from '../elements/answer-shapes.ts';
import { elementSpecs } from '../elements/spec.ts';
import { closestAncestor } from './html.ts';
import type { LintElement } from './types.ts';

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

/** A native input, select or textarea that answers a value (not a button or file input), wherever it sits. */
export function isNativeControl(e: LintElement): boolean {
  return nativeAnswerOf(e) !== undefined;
}

/** What a native field answers under its name (answer-shapes.ts, as the stand-ins submit it). */
export function nativeAnswerOf(e: LintElement): ReturnType<typeof nativeAnswerKind> {
  return nativeAnswerKind(e.tag, e.attrs.type, e.attrs.multiple !== undefined);
}

/**
 * A field whose value only crowd-form submits: a crowd element that takes input (and has no form
 * of its own), or a named native control; not one inside an element with its own form or in a
 * <template>. field-outside-crowd-form reports one outside the crowd-form; no-crowd-form, a page
 * without one that holds one.
 */
export function needsCrowdForm(e: LintElement): 'crowd' | 'native' | undefined {
  const spec = elementSpecs[e.tag];
  let kind: 'crowd' | 'native' | undefined;
  if (spec) kind = spec.takesInput && !spec.outsideCrowdForm ? 'crowd' : undefined;
  else kind = isNativeControl(e) && (e.attrs.name ?? '').trim() !== '' ? 'native' : undefined;
  return kind && !isFenced(e) ? kind : undefined;
}

/** How a message names a field: `<crowd-checkbox>`, or `<input name="note">` for a native one (its name tells which). */
export function shownField(e: LintElement): string {
  return elementSpecs[e.tag] ? `<${e.tag}>` : `<${e.tag} name="${e.dynamic.has('name') ? '…' : (e.attrs.name ?? '')}">`;
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
  return nativeAnswerOf(e) === 'checked' ? `input:${(e.attrs.type ?? '').toLowerCase()}` : undefined;
}
