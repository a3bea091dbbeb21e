import { readFlag } from './read-attributes.ts';

/** Authored controls that already submit the form; without one, crowd-form adds a Submit button. */
export const submitControls = 'crowd-button[form-action="submit"], button[type="submit"], button:not([type]), input[type="submit"], input[type="image"]';

/**
 * Whether the form has submit controls and every one is disabled (a crowd-button by its
 * `disabled` or `loading`, a native one as `:disabled`, inside a disabled fieldset too). Enter
 * then submits nothing, as a native form's implicit submission does not when its default button
 * is disabled (answer-shapes.ts, classifierEnterSubmits).
 */
export function everySubmitDisabled(form: Element): boolean {
  const controls = [...form.querySelectorAll(submitControls)];
  // A disabled fieldset is looked for too: not every DOM the stand-ins run in matches :disabled through it.
  const disabled = (c: Element) => (c.localName === 'crowd-button' ? readFlag(c, 'disabled') || readFlag(c, 'loading') : c.matches(':disabled') || c.closest('fieldset[disabled]') !== null);
  return controls.length > 0 && controls.every(disabled);
}
