import { crowdScriptUrls, elementSpecs, v2Tags } from '../elements/spec.ts';
import type { LintElement } from './types.ts';

/**
 * Which of Amazon's element scripts a template loads, and which script each element needs
 * (reference §4.1): the v1 crowd-html-elements.js, or the V2 crowd-html-elements-v2.js whose
 * GenAI elements work only beside a few shared ones.
 */

export const [v1ScriptUrl, v2ScriptUrl] = crowdScriptUrls;
export const v2StylesheetUrl = 'https://assets.crowd.aws/css/crowd-html-elements-v2.css';

/** The elements V2 elements work with; mixing in any other "won't work properly" (reference §4.1). */
export const v2Companions: readonly string[] = ['crowd-form', 'short-instructions', 'crowd-button', 'crowd-tabs', 'crowd-tab'];

/** `https://assets.crowd.aws/x.js`, `//assets.crowd.aws/x.js` and `http:` all name the same script. */
function normalise(url: string): string {
  return url.trim().replace(/^(?:https?:)?\/\//i, '').replace(/[?#].*$/, '').toLowerCase();
}
const [v1Script, v2Script] = crowdScriptUrls.map(normalise);
const v2Stylesheet = normalise(v2StylesheetUrl);

/** One of Amazon's element scripts (v1 or V2), however the URL is written. */
export function isCrowdScript(src: string): boolean {
  const url = normalise(src);
  return url === v1Script || url === v2Script;
}

/** A <script> that loads one of Amazon's element scripts. */
export function isCrowdScriptElement(e: LintElement): boolean {
  return e.tag === 'script' && isCrowdScript(e.attrs.src ?? '');
}

/** Which element scripts the page loads. */
export function loadedCrowdScripts(elements: readonly LintElement[]): { v1: boolean; v2: boolean } {
  const srcs = new Set(elements.filter((e) => e.tag === 'script').map((e) => normalise(e.attrs.src ?? '')));
  return { v1: srcs.has(v1Script ?? ''), v2: srcs.has(v2Script ?? '') };
}

/** Whether the page links the V2 stylesheet, which V2 elements need beside their script (reference §4.1). */
export function loadsV2Stylesheet(elements: readonly LintElement[]): boolean {
  return elements.some((e) => e.tag === 'link' && normalise(e.attrs.href ?? '') === v2Stylesheet);
}

/** A V2 (GenAI) element: it needs crowd-html-elements-v2.js. */
export function isV2Element(tag: string): boolean {
  return (v2Tags as readonly string[]).includes(tag);
}

/** A Crowd HTML Element or region that only the v1 script has: it does not go with V2 elements. */
export function isV1OnlyElement(tag: string): boolean {
  return elementSpecs[tag] !== undefined && !isV2Element(tag) && !v2Companions.includes(tag);
}

/** The first element of each tag that passes `pick`, in source order: one finding per kind of element is enough. */
export function firstOfEachTag(elements: readonly LintElement[], pick: (tag: string) => boolean): LintElement[] {
  const seen = new Set<string>();
  return elements.filter((e) => pick(e.tag) && !seen.has(e.tag) && seen.add(e.tag));
}
