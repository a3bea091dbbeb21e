import { elementSpecs } from '../../elements/spec.ts';
import { firstOfEachTag, isCrowdScriptElement, isV1OnlyElement, isV2Element, loadedCrowdScripts, loadsV2Stylesheet, v1ScriptUrl, v2ScriptUrl, v2StylesheetUrl } from '../crowd-scripts.ts';
import { leftOutByLiquid, settled } from '../documents.ts';
import type { LintFinding, PageRule } from '../types.ts';

/**
 * Crowd HTML Elements do nothing unless Amazon's element script is on the page, and the right
 * one: V2 elements (crowd-text-ranking, …) need crowd-html-elements-v2.js, the others the v1
 * crowd-html-elements.js. A template with V2 elements and only the V2 script is judged by
 * v2-element-mix instead (the v1 elements in it are the problem, not the script). V2 elements
 * also need the V2 stylesheet (reference §4.1); without it, a warning. A script that the source
 * loads only inside a Liquid block is reported when a rendered page goes without it.
 */
export const missingCrowdScript: PageRule = {
  id: 'missing-crowd-script',
  description: 'crowd elements without the crowd-html-elements.js (or, for V2 elements, the -v2.js) script',
  checkPages(ctx) {
    const elements = ctx.sourceDocument.elements;
    if (!elements.some((e) => elementSpecs[e.tag])) return settled([]);
    const loaded = loadedCrowdScripts(elements);
    if (!loaded.v1 && !loaded.v2) {
      const hint = elements.some((e) => isV2Element(e.tag)) ? `add <script src="${v2ScriptUrl}"></script> and <link rel="stylesheet" href="${v2StylesheetUrl}"> at the top` : `add <script src="${v1ScriptUrl}"></script> at the top`;
      return settled([ctx.at(0, 'missing-crowd-script', 'error', 'the template uses Crowd HTML Elements but does not load their script, so none of them works', hint)]);
    }
    const leftOut = leftOutByLiquid(ctx, {
      ruleId: 'missing-crowd-script',
      anchor: elements.find(isCrowdScriptElement),
      lacks: (doc) => doc.elements.some((e) => elementSpecs[e.tag]) && !doc.elements.some(isCrowdScriptElement),
      what: 'this <script>',
      consequence: 'none of the Crowd HTML Elements on that page works',
      move: 'the <script>',
    });
    const findings: LintFinding[] = [];
    if (!loaded.v2) {
      for (const e of firstOfEachTag(elements, isV2Element)) {
        findings.push(
          ctx.at(e.offset, 'missing-crowd-script', 'error', `<${e.tag}> is a V2 element, but the template loads only the v1 script (crowd-html-elements.js), so it does not work`, `load the V2 script instead: <script src="${v2ScriptUrl}"></script> and <link rel="stylesheet" href="${v2StylesheetUrl}">`),
        );
      }
    }
    if (loaded.v2 && !loadsV2Stylesheet(elements)) {
      const [first] = firstOfEachTag(elements, isV2Element);
      if (first)
        findings.push(ctx.at(first.offset, 'missing-crowd-script', 'warning', `<${first.tag}> is a V2 element, and the template loads the V2 script but not the V2 stylesheet, which V2 elements need beside it`, `add <link rel="stylesheet" href="${v2StylesheetUrl}"> next to the V2 script`));
    }
    if (!loaded.v1 && !elements.some((e) => isV2Element(e.tag))) {
      for (const e of firstOfEachTag(elements, isV1OnlyElement)) {
        findings.push(
          ctx.at(e.offset, 'missing-crowd-script', 'error', `<${e.tag}> needs the v1 script (crowd-html-elements.js), but the template loads only the V2 one (crowd-html-elements-v2.js), so it does not work`, `load <script src="${v1ScriptUrl}"></script> instead of the V2 script`),
        );
      }
    }
    return { page: (page) => leftOut.page?.(page), findings: (tally) => [...leftOut.findings(tally), ...findings] };
  },
};
