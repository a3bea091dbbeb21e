import { elementSpecs } from '../../elements/spec.ts';
import type { LintRule } from '../types.ts';

/** Answers are only submitted from inside crowd-form (except crowd-entity-annotation, which has its own form). */
export const crowdForm: LintRule = {
  id: 'no-crowd-form',
  description: 'no crowd-form to submit the answers',
  check(ctx) {
    if (ctx.elements.some((e) => e.tag === 'crowd-form')) return [];
    const inputs = ctx.elements.filter((e) => elementSpecs[e.tag]?.takesInput);
    if (inputs.length > 0 && inputs.every((e) => elementSpecs[e.tag]?.outsideCrowdForm)) return [];
    return [ctx.at(0, 'no-crowd-form', 'error', 'the template has no <crowd-form>, so workers cannot submit', 'wrap the task in <crowd-form> … </crowd-form>')];
  },
};

/** crowd-entity-annotation brings its own form and must not be nested in crowd-form. */
export const outsideCrowdForm: LintRule = {
  id: 'element-inside-crowd-form',
  description: 'an element that must not sit inside crowd-form',
  check(ctx) {
    return ctx.elements
      .filter((e) => elementSpecs[e.tag]?.outsideCrowdForm && e.ancestors.includes('crowd-form'))
      .map((e) => ctx.at(e.offset, 'element-inside-crowd-form', 'error', `<${e.tag}> is inside <crowd-form>; it has its own form and Submit button`, `move <${e.tag}> out of <crowd-form> (and drop the crowd-form if nothing else needs it)`));
  },
};
