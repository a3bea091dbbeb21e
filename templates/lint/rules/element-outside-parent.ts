import { closestAncestor } from '../html.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/**
 * Elements the reference gives a parent (§4.2), what that parent may be, what goes wrong
 * without it, and how bad that is: a lost answer or a broken choice is an error; instruction
 * parts outside crowd-instructions only show up as plain page text, a warning.
 */
const instructionPart = { within: ['crowd-instructions'], breaks: 'only crowd-instructions puts it in the instructions workers open', severity: 'warning' } as const;
const parents: Record<string, { within: readonly string[]; breaks: string; severity: 'error' | 'warning' }> = {
  'crowd-radio-button': { within: ['crowd-radio-group'], breaks: 'buttons outside a group are not one choice: several can end up picked', severity: 'error' },
  'crowd-tab': { within: ['crowd-tabs'], breaks: 'a tab only works as part of a crowd-tabs set', severity: 'error' },
  'classification-target': { within: ['crowd-classifier', 'crowd-classifier-multi-select'], breaks: 'only a classifier shows it as the thing to classify', severity: 'error' },
  'worker-comment': { within: ['crowd-image-classifier', 'crowd-image-classifier-multi-select'], breaks: 'only an image classifier submits the comment (as "workerComment"), so it is lost', severity: 'error' },
  'short-summary': instructionPart,
  'detailed-instructions': instructionPart,
  'positive-example': instructionPart,
  'negative-example': instructionPart,
};

const named = (tags: readonly string[]) => tags.map((t) => `<${t}>`).join(' or ');

/**
 * An element that works only inside a given parent, written elsewhere: crowd-radio-button
 * outside crowd-radio-group, crowd-tab outside crowd-tabs, classification-target outside a
 * classifier, worker-comment outside an image classifier, the parts of crowd-instructions
 * outside it. Any enclosing parent counts, not only the direct one, so wrappers do not trip it.
 */
export const elementOutsideParent: SourceRule = {
  id: 'element-outside-parent',
  description: 'elements outside the parent they need (crowd-radio-button, crowd-tab, classification-target, worker-comment, parts of crowd-instructions)',
  check(ctx) {
    const findings: LintFinding[] = [];
    for (const e of ctx.sourceDocument.elements) {
      const rule = parents[e.tag];
      if (!rule || closestAncestor(e, rule.within)) continue;
      findings.push(ctx.at(e.offset, 'element-outside-parent', rule.severity, `<${e.tag}> is not inside ${named(rule.within)}; ${rule.breaks}`, `wrap it in ${named(rule.within)}`));
    }
    return findings;
  },
};
