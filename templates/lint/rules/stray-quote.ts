import type { LintFinding, SourceRule } from '../types.ts';

/**
 * An attribute whose name holds a quote (`<crowd-input name="a label="A">` gives `name` =
 * `a label=` and an attribute `a"`): a quote is missing or doubled before it, so the attribute
 * before it holds the wrong value (a field submits under a name nobody reads) and the next one is
 * lost. Nothing writes a quote into an attribute name on purpose: an error.
 */
export const strayQuote: SourceRule = {
  id: 'stray-quote',
  description: 'a quote missing or doubled in a start tag (an attribute name holds a quote)',
  check(ctx) {
    const findings: LintFinding[] = [];
    for (const e of ctx.sourceDocument.elements) {
      const names = Object.keys(e.attrs);
      const at = names.findIndex((n) => /["']/.test(n));
      if (at === -1) continue;
      const bad = names[at] ?? '';
      const before = at > 0 ? names[at - 1] : undefined;
      const shown = before === undefined ? '' : `, so ${before} is ${JSON.stringify(e.attrs[before] ?? '')}`;
      findings.push(
        ctx.at(ctx.attributeOffset(e.offset, bad), 'stray-quote', 'error', `<${e.tag}> has an attribute named ${bad}: a quote is missing or doubled before it${shown}`, 'write each value as name="value", with one quote at each end'),
      );
    }
    return findings;
  },
};
