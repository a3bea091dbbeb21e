import { elementSpecs } from '../../elements/spec.ts';
import { closestAncestor } from '../html.ts';
import type { SourceRule } from '../types.ts';

/** crowd-entity-annotation has its own form and Submit button; inside crowd-form it breaks. */
export const elementInsideCrowdForm: SourceRule = {
  id: 'element-inside-crowd-form',
  description: 'an element that must not sit inside crowd-form (crowd-entity-annotation)',
  check(ctx) {
    return ctx.sourceDocument.elements
      .filter((e) => elementSpecs[e.tag]?.outsideCrowdForm && closestAncestor(e, 'crowd-form'))
      .map((e) =>
        ctx.at(e.offset, 'element-inside-crowd-form', 'error', `<${e.tag}> is inside <crowd-form>; it has its own form and Submit button`, `move <${e.tag}> out of <crowd-form> (drop the crowd-form when nothing else needs it)`),
      );
  },
};
