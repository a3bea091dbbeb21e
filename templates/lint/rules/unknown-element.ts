import { elementSpecs } from '../../elements/spec.ts';
import { closest } from '../../../lambdas/contracts/suggest.ts';
import type { LintFinding, LintRule } from '../types.ts';

const known = Object.keys(elementSpecs);

/**
 * A `crowd-*` tag that is not a Crowd HTML Element renders as nothing and submits nothing (an
 * error). Another custom tag that looks like a misspelt region (`<short-instuctions>`) is a
 * warning: the page still works, but workers miss what it holds. Other custom elements are the
 * author's own and are left alone.
 */
export const unknownElement: LintRule = {
  id: 'unknown-element',
  description: 'crowd-* elements that do not exist (with a "did you mean")',
  check(ctx) {
    const findings: LintFinding[] = [];
    for (const e of ctx.sourceDocument.elements) {
      if (elementSpecs[e.tag] || !e.tag.includes('-')) continue;
      const guess = closest(e.tag, known);
      if (e.tag.startsWith('crowd-')) {
        findings.push(ctx.at(e.offset, 'unknown-element', 'error', `<${e.tag}> is not a Crowd HTML Element${guess ? `; did you mean <${guess}>?` : ''}`, guess ? `rename it to <${guess}>` : 'see the element reference for the names'));
      } else if (guess) {
        findings.push(ctx.at(e.offset, 'unknown-element', 'warning', `<${e.tag}> is not a Crowd HTML Element or region; did you mean <${guess}>?`, `rename it to <${guess}>, or ignore this if it is your own element`));
      }
    }
    return findings;
  },
};
