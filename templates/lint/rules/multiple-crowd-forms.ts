import { positionOf } from '../../engine/errors.ts';
import { FindingSet, renderedFor } from '../documents.ts';
import type { LintContext, LintElement, PageRule } from '../types.ts';

/**
 * Two crowd-forms on one page: each posts only the fields inside it and gets a Submit of its
 * own, so whichever the worker submits, the other's answers never reach the ACS (an error).
 * Judged on the source, where forms in different if/else branches never render together, and
 * on each rendered page, where a form inside a loop repeats.
 */
export const multipleCrowdForms: PageRule = {
  id: 'multiple-crowd-forms',
  description: 'more than one crowd-form on a page (each submits only its own fields)',
  checkPages(ctx) {
    const out = new FindingSet();
    const forms = ctx.sourceDocument.elements.filter((e) => e.tag === 'crowd-form');
    forms.forEach((later, i) => {
      const earlier = forms.slice(0, i).find((f) => !ctx.exclusive(f.offset, later.offset));
      if (earlier) out.add(`${earlier.offset}:${later.offset}`, () => secondFormFinding(ctx, earlier, later, undefined));
    });
    return {
      page(page) {
        const [first, second] = page.elements.filter((e) => e.tag === 'crowd-form');
        if (first && second) out.add(`${first.offset}:${second.offset}`, () => secondFormFinding(ctx, first, second, page.origin));
      },
      findings: () => out.list,
    };
  },
};

function secondFormFinding(ctx: LintContext, first: LintElement, second: LintElement, origin: string | undefined) {
  const { line, column } = positionOf(ctx.source, first.offset);
  const what = first.offset === second.offset ? `this <crowd-form> is on the page more than once${renderedFor(origin)} (it sits in a loop)` : `a second <crowd-form>${renderedFor(origin)}; the first is at ${line}:${column}`;
  return ctx.at(second.offset, 'multiple-crowd-forms', 'error', `${what}. Each form submits only the fields inside it, so the answers in the other never reach the ACS`, 'keep one <crowd-form> around all the fields');
}
