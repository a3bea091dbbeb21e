import { elementSpecs } from '../elements/spec.ts';
import { closestAncestor } from './html.ts';
import type { LintElement } from './types.ts';

/** Native controls whose value crowd-form submits under their name. */
const nativeFields = new Set(['input', 'select', 'textarea']);
/** Input types that are buttons, not answers. */
const buttonTypes = new Set(['submit', 'button', 'reset', 'image']);

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

/** Fields that may share a name: the same crowd element marked sharesName (checkboxes), or native radios/checkboxes of one type. */
export function mayShareName(a: LintElement, b: LintElement): boolean {
  if (a.tag !== b.tag) return false;
  if (elementSpecs[a.tag]?.sharesName) return true;
  const type = (e: LintElement) => (e.attrs.type ?? '').trim().toLowerCase();
  return a.tag === 'input' && type(a) === type(b) && (type(a) === 'radio' || type(a) === 'checkbox');
}
