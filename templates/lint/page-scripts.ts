import { isCrowdScript } from './crowd-scripts.ts';
import type { LintContext, LintElement } from './types.ts';

/**
 * What the page's own scripts may add to the element set: custom elements an inline script
 * defines by name (`customElements.define('crowd-2d-skeleton', …)`), and whether some script may
 * define others (one loaded from elsewhere, or inline code that loads more code or defines an
 * element under a computed name).
 */
export interface PageDefinitions {
  defined: ReadonlySet<string>;
  /** Why the page may define elements lint cannot see, e.g. `<script src="https://…/x.js">`; undefined when it may not. */
  mayDefineOthers?: string;
}

const defineByName = /customElements\s*\.\s*define\s*\(\s*(['"`])([a-z][\w.-]*-[\w.-]*)\1/g;
const defineAny = /customElements\s*\.\s*define\s*\(/g;
const loadsCode = /createElement\s*\(\s*(['"`])script\1|\bimport\s*\(|\beval\s*\(|new\s+Function\s*\(/;

export function pageDefinitions(ctx: LintContext): PageDefinitions {
  const defined = new Set<string>();
  let mayDefineOthers: string | undefined;
  for (const e of ctx.sourceDocument.elements) {
    if (e.tag !== 'script') continue;
    const src = e.attrs.src;
    if (src !== undefined) {
      if (!isCrowdScript(src)) mayDefineOthers ??= `<script src="${src.length > 80 ? `${src.slice(0, 80)}…` : src}">`;
      continue;
    }
    const code = inlineScript(ctx.maskedSource, e.offset);
    const named = [...code.matchAll(defineByName)];
    for (const m of named) defined.add(m[2] ?? '');
    if ((code.match(defineAny)?.length ?? 0) > named.length || loadsCode.test(code)) mayDefineOthers ??= 'an inline <script> that loads code or defines elements by a computed name';
  }
  return { defined, ...(mayDefineOthers ? { mayDefineOthers } : {}) };
}

/** The text of the page's inline scripts, one entry each (Liquid masked out). */
export function inlineScripts(ctx: LintContext): string[] {
  return inlineScriptsOf(ctx.sourceDocument.elements, ctx.maskedSource);
}

/**
 * The text of each inline script (`<script>` without `src`) among parsed `elements` of `html`: the
 * template source for lint, a rendered page for the dry run. A script inside an HTML comment is no
 * element, so it is not read.
 */
export function inlineScriptsOf(elements: readonly LintElement[], html: string): string[] {
  return elements.filter((e) => e.tag === 'script' && e.attrs.src === undefined).map((e) => inlineScript(html, e.offset));
}

/**
 * Whether a script may add a field of this name on submit: one of them quotes it ('name', "name" or
 * `name`). A bare word is not enough: field names are ordinary words (comment, label) that a
 * script's comments and variables use for other things.
 */
export function scriptsQuoteName(scripts: readonly string[], name: string): boolean {
  return scripts.some((code) => ['"', "'", '`'].some((q) => code.includes(`${q}${name}${q}`)));
}

/** The text of the inline script whose start tag begins at `offset` (up to its `</script`). */
function inlineScript(masked: string, offset: number): string {
  const start = masked.indexOf('>', offset);
  if (start === -1) return '';
  const close = /<\/script/gi;
  close.lastIndex = start;
  const end = close.exec(masked);
  return masked.slice(start + 1, end ? end.index : undefined);
}
