import { elementSpecs } from '../../elements/spec.ts';
import { positionOf } from '../../engine/errors.ts';
import { leftOutByLiquid, settled } from '../documents.ts';
import { needsCrowdForm, shownField } from '../fields.ts';
import type { LintContext, LintElement, LintFinding, PageRule } from '../types.ts';

/** An element with a form of its own (crowd-entity-annotation). */
const hasOwnForm = (e: LintElement) => elementSpecs[e.tag]?.outsideCrowdForm === true;

/**
 * Whether a page can submit: it has a crowd-form, or it has an element with a form of its own
 * (crowd-entity-annotation, whose form AWS samples move extra questions into) and no field that
 * only crowd-form submits (needsCrowdForm, as field-outside-crowd-form judges them).
 */
function canSubmit(elements: readonly LintElement[]): boolean {
  return elements.some((e) => e.tag === 'crowd-form') || (elements.some(hasOwnForm) && !elements.some((e) => needsCrowdForm(e)));
}

/**
 * Answers are submitted by crowd-form; only crowd-entity-annotation brings a form of its own, and
 * it submits only what sits inside it. Judged on the source, and on each rendered page: a
 * crowd-form inside a Liquid block that a task input does not take leaves that page with nothing
 * to submit.
 */
export const noCrowdForm: PageRule = {
  id: 'no-crowd-form',
  description: 'no crowd-form to submit the answers (also on the page rendered for a task input)',
  checkPages(ctx) {
    const elements = ctx.sourceDocument.elements;
    if (!canSubmit(elements)) return settled([withoutCrowdForm(ctx, elements)]);
    return leftOutByLiquid(ctx, {
      ruleId: 'no-crowd-form',
      anchor: elements.find((e) => e.tag === 'crowd-form'),
      lacks: (doc) => !canSubmit(doc.elements),
      what: 'this <crowd-form>',
      consequence: 'workers cannot submit an answer',
      move: 'the <crowd-form> (its start and end tags)',
    });
  },
};

/** The source has no crowd-form: nothing submits, or (beside an element with its own form) a field is lost. */
function withoutCrowdForm(ctx: LintContext, elements: readonly LintElement[]): LintFinding {
  const owner = elements.find(hasOwnForm);
  const field = owner && elements.find((e) => needsCrowdForm(e));
  if (!owner || !field) {
    // A <crowd-form> written after a <!-- or <script> that never closes is there, but only as text.
    const swallower = ctx.sourceDocument.unclosed.find((run) => run.hides);
    if (swallower && /<crowd-form[\s>]/i.test(ctx.maskedSource.slice(swallower.offset))) {
      const { line, column } = positionOf(ctx.source, swallower.offset);
      const opened = swallower.what === 'comment' ? '<!--' : `<${swallower.what}>`;
      return ctx.at(0, 'no-crowd-form', 'error', `a browser sees no <crowd-form>, so workers cannot submit an answer: the ${opened} at ${line}:${column} is never closed and takes in the <crowd-form> after it`, `close the ${opened} (see never-closed)`);
    }
    return ctx.at(0, 'no-crowd-form', 'error', 'the template has no <crowd-form>, so workers cannot submit an answer', 'wrap the task in <crowd-form> … </crowd-form>');
  }
  return ctx.at(
    field.offset,
    'no-crowd-form',
    'error',
    `the template has no <crowd-form>, so ${shownField(field)} is never submitted: only <${owner.tag}> has a form of its own, and it submits what sits inside it`,
    `move it inside <${owner.tag}> … </${owner.tag}>, whose form then submits it`,
  );
}
