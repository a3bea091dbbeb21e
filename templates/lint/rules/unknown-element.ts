import { elementSpecs } from '../../elements/spec.ts';
import { closest, editDistance } from '../../../lambdas/contracts/suggest.ts';
import { pageDefinitions } from '../page-scripts.ts';
import type { LintFinding, SourceRule } from '../types.ts';

const known = Object.keys(elementSpecs);

/** Within two edits of a real element (`crowd-clasifier`): a typo, not a component a script defines. */
const isTypo = (tag: string, guess: string | undefined) => guess !== undefined && editDistance(tag, guess) <= 2;

/**
 * A `crowd-*` tag that is not a Crowd HTML Element renders as nothing and submits nothing (an
 * error), unless the page defines it itself: an inline `customElements.define` naming it is
 * taken at its word (no finding), and a script lint cannot read (loaded from elsewhere, or
 * loading code) may define it (a warning), unless the tag is a near miss of a real element
 * (`crowd-clasifier`): such a typo loses its answer whatever else the page loads, so it stays an
 * error. Another custom tag that looks like a misspelt region
 * (`<short-instuctions>`) is a warning: the page still works, but workers miss what it holds.
 * Other custom elements are the author's own and are left alone.
 */
export const unknownElement: SourceRule = {
  id: 'unknown-element',
  description: 'crowd-* elements that do not exist (with a "did you mean"); a warning when a page script may define them',
  check(ctx) {
    const findings: LintFinding[] = [];
    const page = pageDefinitions(ctx);
    for (const e of ctx.sourceDocument.elements) {
      if (elementSpecs[e.tag] || !e.tag.includes('-') || page.defined.has(e.tag)) continue;
      const guess = closest(e.tag, known);
      const rename = guess ? `rename it to <${guess}>` : 'see the element reference for the names';
      if (e.tag.startsWith('crowd-') && page.mayDefineOthers && !isTypo(e.tag, guess)) {
        findings.push(
          ctx.at(e.offset, 'unknown-element', 'warning', `<${e.tag}> is not a Crowd HTML Element; ${page.mayDefineOthers} may define it, else it renders as nothing and submits nothing${guess ? ` (did you mean <${guess}>?)` : ''}`, `check it in the preview: if the script does not define it, ${rename}`),
        );
      } else if (e.tag.startsWith('crowd-')) {
        findings.push(ctx.at(e.offset, 'unknown-element', 'error', `<${e.tag}> is not a Crowd HTML Element${guess ? `; did you mean <${guess}>?` : ''}`, guess ? `rename it to <${guess}>` : 'see the element reference for the names (or define it in a <script> with customElements.define)'));
      } else if (guess) {
        findings.push(ctx.at(e.offset, 'unknown-element', 'warning', `<${e.tag}> is not a Crowd HTML Element or region; did you mean <${guess}>?`, `rename it to <${guess}>, or ignore this if it is your own element`));
      }
    }
    return findings;
  },
};
