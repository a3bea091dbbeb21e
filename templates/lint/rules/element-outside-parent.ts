import { closestAncestor } from '../html.ts';
import type { LintFinding, LintRule } from '../types.ts';

/** Elements the reference gives a parent (§4.2), what that parent may be, and what goes wrong without it. */
const parents: Record<string, { within: readonly string[]; breaks: string }> = {
  'crowd-radio-button': { within: ['crowd-radio-group'], breaks: 'buttons outside a group are not one choice: several can end up picked' },
  'crowd-tab': { within: ['crowd-tabs'], breaks: 'a tab only works as part of a crowd-tabs set' },
  'classification-target': { within: ['crowd-classifier', 'crowd-classifier-multi-select'], breaks: 'only a classifier shows it as the thing to classify' },
};

const named = (tags: readonly string[]) => tags.map((t) => `<${t}>`).join(' or ');

/**
 * An element that works only inside a given parent, written elsewhere: crowd-radio-button
 * outside crowd-radio-group, crowd-tab outside crowd-tabs, classification-target outside a
 * classifier. Any enclosing parent counts, not only the direct one, so wrappers do not trip it.
 */
export const elementOutsideParent: LintRule = {
  id: 'element-outside-parent',
  description: 'elements outside the parent they need (crowd-radio-button, crowd-tab, classification-target)',
  check(ctx) {
    const findings: LintFinding[] = [];
    for (const e of ctx.sourceDocument.elements) {
      const rule = parents[e.tag];
      if (!rule || closestAncestor(e, rule.within)) continue;
      findings.push(ctx.at(e.offset, 'element-outside-parent', 'error', `<${e.tag}> is not inside ${named(rule.within)}; ${rule.breaks}`, `wrap it in ${named(rule.within)}`));
    }
    return findings;
  },
};
