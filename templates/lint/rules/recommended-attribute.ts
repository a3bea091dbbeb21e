import { elementSpecs } from '../../elements/spec.ts';
import { hasLiquidInTag } from '../documents.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/** Attributes the docs list for a worker-facing element (a `header` with the question): a warning. */
export const recommendedAttribute: SourceRule = {
  id: 'recommended-attribute',
  description: 'recommended attributes missing (e.g. a header with the question)',
  check(ctx) {
    const findings: LintFinding[] = [];
    for (const e of ctx.sourceDocument.elements) {
      const spec = elementSpecs[e.tag];
      if (!spec?.recommended || hasLiquidInTag(ctx, e)) continue;
      for (const attr of spec.recommended) {
        if (e.attrs[attr] === undefined) findings.push(ctx.at(e.offset, 'recommended-attribute', 'warning', `<${e.tag}> has no ${attr}; workers see no question above the tool`, `add ${attr}="…"`));
      }
    }
    return findings;
  },
};
