import { nativeAnswerKind, nativeFieldsKeepEmptyStrings, submitUnderscoreFields } from '../answer-shapes.ts';
import { taskAnswersField } from './answer-panel.ts';
import { isSubmittable } from './submittable.ts';
import { getOwn, setOwn } from '../../../lambdas/contracts/own-property.ts';

/**
 * Serialises every named field under `root` into the answer object Ground Truth stores as
 * `answerContent`: crowd elements answer their `value` (left out when undefined), native fields
 * their string (choices in answer-shapes.ts), checkbox-like answers merge by name. Keys appear
 * in document order; a repeated name that does not merge keeps the last value.
 */
export function serializeAnswer(root: Element): Record<string, unknown> {
  const answer: Record<string, unknown> = {};
  const merge = (name: string, part: Record<string, unknown>) => {
    const existing = getOwn(answer, name);
    setOwn(answer, name, isPlainObject(existing) ? { ...existing, ...part } : part);
  };
  for (const el of namedFields(root)) {
    const name = el.getAttribute('name') ?? '';
    if (isSubmittable(el)) {
      const value = el.value;
      if (value === undefined) continue;
      if (el.mergesByName && isPlainObject(value)) merge(name, value);
      else setOwn(answer, name, value);
      continue;
    }
    const native = nativeAnswer(el);
    if (native === undefined) continue;
    if (native.merge) merge(name, native.value as Record<string, unknown>);
    else setOwn(answer, name, native.value);
  }
  return answer;
}

/**
 * The named elements that answer: crowd elements and native fields, without the stand-ins'
 * own inner controls, without `taskAnswers` and (by choice) maybe without `_` helpers.
 */
export function namedFields(root: Element): Element[] {
  return Array.from(root.querySelectorAll('[name]')).filter((el) => {
    const name = el.getAttribute('name') ?? '';
    if (name === '' || name === taskAnswersField) return false;
    if (!submitUnderscoreFields && name.startsWith('_')) return false;
    if (insideSubmittable(el, root)) return false;
    if (isSubmittable(el)) return true;
    return ['input', 'select', 'textarea'].includes(el.tagName.toLowerCase());
  });
}

function nativeAnswer(el: Element): { value: unknown; merge: boolean } | undefined {
  if ((el as HTMLInputElement).disabled) return undefined;
  const tag = el.tagName.toLowerCase();
  const select = el as HTMLSelectElement;
  switch (nativeAnswerKind(tag, el.getAttribute('type'), tag === 'select' && select.multiple)) {
    case 'checked':
      return { value: { [el.getAttribute('value') ?? 'on']: (el as HTMLInputElement).checked }, merge: true };
    case 'list':
      return { value: Array.from(select.options).filter((o) => o.selected).map((o) => o.value), merge: false };
    case 'text':
      return keep((el as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value);
    case undefined:
      return undefined;
  }
}

function keep(value: string): { value: string; merge: false } | undefined {
  return value === '' && !nativeFieldsKeepEmptyStrings ? undefined : { value, merge: false };
}

function insideSubmittable(el: Element, root: Element): boolean {
  for (let p = el.parentElement; p && p !== root; p = p.parentElement) if (isSubmittable(p)) return true;
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
