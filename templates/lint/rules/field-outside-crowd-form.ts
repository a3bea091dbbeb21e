import { needsCrowdForm, shownField } from '../fields.ts';
import { closestAncestor } from '../html.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/**
 * crowd-form submits only the fields inside it. When the template has one, a crowd element that
 * takes input, or a named native input/select/textarea, outside it loses its answer (an error).
 * Fields inside a fenced element are left alone; with no crowd-form at all, no-crowd-form reports
 * the template once.
 */
export const fieldOutsideCrowdForm: SourceRule = {
  id: 'field-outside-crowd-form',
  description: 'answer fields outside the crowd-form, whose values are never submitted',
  check(ctx) {
    const elements = ctx.sourceDocument.elements;
    if (!elements.some((e) => e.tag === 'crowd-form')) return [];
    const findings: LintFinding[] = [];
    for (const e of elements) {
      const kind = needsCrowdForm(e);
      if (!kind || closestAncestor(e, 'crowd-form')) continue;
      const native = kind === 'native';
      findings.push(
        ctx.at(e.offset, 'field-outside-crowd-form', 'error', `${shownField(e)} is outside <crowd-form>, so its ${native ? 'value' : 'answer'} is never submitted`, `move it inside <crowd-form> … </crowd-form>${native ? ', or drop its name if the value is for the page only' : ''}`),
      );
    }
    return findings;
  },
};
