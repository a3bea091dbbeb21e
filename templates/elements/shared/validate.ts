import { FieldMessage, isSubmittable } from './submittable.ts';
import { namedFields } from './serialize.ts';

/** One field that blocks submission. */
export interface Problem {
  name: string;
  message: string;
  focus(): void;
}

const nativeMessages = new WeakMap<Element, FieldMessage>();

/**
 * Checks every answering field under `root` like a browser checks a form: required crowd
 * elements and native fields that are empty, and native constraint failures. Each problem is
 * shown next to its field (and cleared once fixed); the list comes back in document order.
 */
export function validateFields(root: Element): Problem[] {
  const problems: Problem[] = [];
  const radioGroups = new Set<string>();
  for (const el of namedFields(root)) {
    const name = el.getAttribute('name') ?? '';
    if (isSubmittable(el)) {
      const message = el.checkAnswer();
      el.showValidation(message);
      if (message) problems.push({ name, message, focus: () => el.focusControl() });
      continue;
    }
    const field = el as HTMLInputElement;
    // A radio group is one question: one message, on its first button.
    if (field.type === 'radio') {
      if (radioGroups.has(name)) continue;
      radioGroups.add(name);
    }
    const message = nativeProblem(field, root);
    let line = nativeMessages.get(field);
    if (!line && message) {
      line = new FieldMessage(field, () => field);
      nativeMessages.set(field, line);
    }
    line?.show(message);
    if (message) problems.push({ name, message, focus: () => field.focus() });
  }
  return problems;
}

function nativeProblem(field: HTMLInputElement, root: Element): string | null {
  if (field.disabled) return null;
  const type = (field.getAttribute('type') ?? '').toLowerCase();
  if (type === 'radio') {
    // Any required button makes the whole group required, as in a browser.
    const group = Array.from(root.querySelectorAll<HTMLInputElement>('input[type="radio"]')).filter((r) => r.name === field.name);
    return group.some((r) => r.hasAttribute('required')) && !group.some((r) => r.checked) ? 'Please choose one of these options.' : null;
  }
  if (type === 'checkbox') return field.hasAttribute('required') && !field.checked ? 'Please check this box to continue.' : null;
  if (field.hasAttribute('required') && field.value === '') return 'This field is required.';
  // Other constraints (type=email, pattern, min/max) as the browser words them.
  if (typeof field.checkValidity === 'function' && field.value !== '' && !field.checkValidity()) return field.validationMessage || 'Please correct this value.';
  return null;
}
