import { elementSpecs } from '../../elements/spec.ts';
import { isFenced } from '../fields.ts';
import type { LintElement, LintRule } from '../types.ts';

/**
 * Whether a page can submit: it has a crowd-form, or every field sits in (or is) an element with
 * a form of its own (crowd-entity-annotation, whose form AWS samples move extra questions into),
 * as field-outside-crowd-form judges them.
 */
function canSubmit(elements: readonly LintElement[]): boolean {
  if (elements.some((e) => e.tag === 'crowd-form')) return true;
  if (!elements.some((e) => elementSpecs[e.tag]?.outsideCrowdForm)) return false;
  return elements.every((e) => !elementSpecs[e.tag]?.takesInput || elementSpecs[e.tag]?.outsideCrowdForm || isFenced(e));
}

/**
 * Answers are submitted by crowd-form; only crowd-entity-annotation brings a form of its own.
 * Judged on the source, and on each rendered page: a crowd-form inside an `{% if %}` that a
 * task input does not take leaves that page with nothing to submit.
 */
export const noCrowdForm: LintRule = {
  id: 'no-crowd-form',
  description: 'no crowd-form to submit the answers (also on the page rendered for a task input)',
  check(ctx) {
    if (!canSubmit(ctx.sourceDocument.elements)) {
      return [ctx.at(0, 'no-crowd-form', 'error', 'the template has no <crowd-form>, so workers cannot submit an answer', 'wrap the task in <crowd-form> … </crowd-form>')];
    }
    const render = ctx.renders.find((doc) => !canSubmit(doc.elements));
    const form = ctx.sourceDocument.elements.find((e) => e.tag === 'crowd-form');
    if (!render || !form) return [];
    return [
      ctx.at(
        form.offset,
        'no-crowd-form',
        'error',
        `the page rendered for ${render.origin ?? 'a task input'} has no <crowd-form> (Liquid leaves this one out), so workers cannot submit an answer`,
        'move <crowd-form> and </crowd-form> out of the {% if %} around them',
      ),
    ];
  },
};
