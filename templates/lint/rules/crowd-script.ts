import { crowdScriptUrls, elementSpecs } from '../../elements/spec.ts';
import type { LintRule } from '../types.ts';

/** The elements only work with Amazon's element script on the page. */
export const crowdScript: LintRule = {
  id: 'missing-crowd-script',
  description: 'no crowd-html-elements.js script',
  check(ctx) {
    if (ctx.elements.some((e) => e.tag === 'script' && (crowdScriptUrls as readonly string[]).includes((e.attrs.src ?? '').trim()))) return [];
    const first = ctx.elements.find((e) => elementSpecs[e.tag]);
    if (!first) return [];
    return [ctx.at(0, 'missing-crowd-script', 'error', 'the template uses Crowd HTML Elements but does not load their script', `add <script src="${crowdScriptUrls[0]}"></script> at the top`)];
  },
};

/** `<crowd-input/>` is not closed by the browser: it swallows everything after it. */
export const selfClosing: LintRule = {
  id: 'self-closing-element',
  description: 'crowd elements written self-closing',
  check(ctx) {
    return ctx.elements
      .filter((e) => e.tag.startsWith('crowd-') && e.selfClosing)
      .map((e) => ctx.at(e.offset, 'self-closing-element', elementSpecs[e.tag]?.noSelfClosing ? 'error' : 'warning', `<${e.tag} … /> is not closed by browsers (custom elements cannot self-close)`, `write <${e.tag} …></${e.tag}>`));
  },
};
