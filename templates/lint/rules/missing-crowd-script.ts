import { crowdScriptUrls, elementSpecs } from '../../elements/spec.ts';
import type { LintElement, LintRule } from '../types.ts';

/** `https://assets.crowd.aws/x.js`, `//assets.crowd.aws/x.js` and `http:` all name the same script. */
function normalise(url: string): string {
  return url.trim().replace(/^(?:https?:)?\/\//i, '').replace(/[?#].*$/, '').toLowerCase();
}
const crowdScripts = new Set(crowdScriptUrls.map(normalise));

export function loadsCrowdScript(elements: LintElement[]): boolean {
  return elements.some((e) => e.tag === 'script' && crowdScripts.has(normalise(e.attrs.src ?? '')));
}

/** Crowd HTML Elements do nothing unless Amazon's element script is on the page. */
export const missingCrowdScript: LintRule = {
  id: 'missing-crowd-script',
  description: 'crowd elements without the crowd-html-elements.js script',
  check(ctx) {
    const elements = ctx.sourceDocument.elements;
    if (loadsCrowdScript(elements) || !elements.some((e) => elementSpecs[e.tag])) return [];
    return [ctx.at(0, 'missing-crowd-script', 'error', 'the template uses Crowd HTML Elements but does not load their script, so none of them works', `add <script src="${crowdScriptUrls[0]}"></script> at the top`)];
  },
};
