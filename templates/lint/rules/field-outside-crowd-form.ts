import { elementSpecs } from '../../elements/spec.ts';
import { isFenced, isNativeControl } from '../fields.ts';
import { closestAncestor } from '../html.ts';
import type { LintFinding, LintRule } from '../types.ts';

/**
 * crowd-form submits only the fields inside it. When the template has one, a crowd element that
 * takes input, or a named native input/select/textarea, outside it loses its answer (an error).
 * Fields inside a fenced element are left alone; with no crowd-form at all, no-crowd-form reports
 * the template once.
 */
export const fieldOutsideCrowdForm: LintRule = {
  id: 'field-outside-crowd-form',
  description: 'answer fields outside the crowd-form, whose values are never submitted',
  check(ctx) {
    const elements = ctx.sourceDocument.elements;
    if (!elements.some((e) => e.tag === 'crowd-form')) return [];
    const findings: LintFinding[] = [];
    for (const e of elements) {
      const spec = elementSpecs[e.tag];
      const crowd = spec?.takesInput === true && !spec.outsideCrowdForm;
      const native = !crowd && isNativeControl(e) && (e.attrs.name ?? '').trim() !== '';
      if (!crowd && !native) continue;
      if (closestAncestor(e, 'crowd-form') || isFenced(e)) continue;
      const shown = native ? `<${e.tag} name="${e.dynamic.has('name') ? '…' : e.attrs.name}">` : `<${e.tag}>`;
      findings.push(
        ctx.at(e.offset, 'field-outside-crowd-form', 'error', `${shown} is outside <crowd-form>, so its ${crowd ? 'answer' : 'value'} is never submitted`, `move it inside <crowd-form> … </crowd-form>${native ? ', or drop its name if the value is for the page only' : ''}`),
      );
    }
    return findings;
  },
};
