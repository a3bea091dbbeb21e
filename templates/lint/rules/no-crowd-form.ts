import { elementSpecs } from '../../elements/spec.ts';
import type { LintRule } from '../types.ts';

/** Answers are submitted by crowd-form; only crowd-entity-annotation brings a form of its own. */
export const noCrowdForm: LintRule = {
  id: 'no-crowd-form',
  description: 'no crowd-form to submit the answers',
  check(ctx) {
    const elements = ctx.sourceDocument.elements;
    if (elements.some((e) => e.tag === 'crowd-form')) return [];
    const fields = elements.filter((e) => elementSpecs[e.tag]?.takesInput);
    if (fields.length > 0 && fields.every((e) => elementSpecs[e.tag]?.outsideCrowdForm)) return [];
    return [ctx.at(0, 'no-crowd-form', 'error', 'the template has no <crowd-form>, so workers cannot submit an answer', 'wrap the task in <crowd-form> … </crowd-form>')];
  },
};
