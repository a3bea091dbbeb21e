import { Parser } from 'htmlparser2';
import { escapeRegExp } from '../engine/reg-exp.ts';
import { outputMask } from './liquid-scan.ts';
import type { LintElement, QuotedAttributeRun, RawTextRun, TextUri, UnclosedRun } from './types.ts';

/** Characters masked Liquid is replaced with (see liquid-mask.ts): values holding them are dynamic. */
export const liquidMark = /[\u0001\u0002]/;

/**
 * Elements whose content a browser reads as text up to their own end tag (raw text and RCDATA):
 * left open, they take in the rest of the page.
 */
const textOnlyTags: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const foreignRoots: readonly string[] = ['svg', 'math'];
/**
 * Where SVG and MathML hand back to HTML (the HTML standard's integration points): inside
 * `<svg><foreignObject>`, a `<script>` is HTML's again, raw text included. htmlparser2 gives SVG
 * tags their own case. (`annotation-xml` is one only with an HTML `encoding`; taken as foreign.)
 */
const htmlIntegrationPoints: readonly string[] = ['foreignObject', 'desc', 'title', 'mi', 'mo', 'mn', 'ms', 'mtext'];
const foreignOrHtml: readonly string[] = [...foreignRoots, ...htmlIntegrationPoints];

/** Whether a browser parses this element as SVG or MathML: inside svg or math, and not back in HTML through an integration point. */
export function inForeignContent(e: LintElement): boolean {
  const nearest = closestAncestor(e, foreignOrHtml);
  if (nearest === undefined) return false;
  if (foreignRoots.includes(nearest.tag)) return true;
  // `<svg><title/>`: a browser closes it at once, but htmlparser2 keeps it open and nests what
  // follows in it; that content is the SVG's, so look past it.
  return nearest.selfClosing && inForeignContent(nearest);
}
/**
 * Text-only elements whose content a browser shows or runs without decoding character references
 * (title and textarea decode them; iframe, noembed and noframes content is never shown).
 */
const rawTextTags: ReadonlySet<string> = new Set(['script', 'style', 'xmp', 'plaintext']);

/** What lint reads of an HTML text: its elements, what never closes, the s3:// URIs it shows as text, and the Liquid in scripts and styles. */
export interface ParsedDocument {
  elements: LintElement[];
  unclosed: UnclosedRun[];
  textUris: TextUri[];
  /** Only when asked for (the masked template source): see parseDocument. */
  rawTextLiquid?: RawTextRun[];
  /** Only when asked for (the masked template source): see parseDocument. */
  quotedAttributeLiquid?: QuotedAttributeRun[];
}

/**
 * Every element of an HTML text, with its decoded attributes, its parent as a browser nests them
 * (`<crowd-input />` does not close itself outside SVG and MathML) and where it starts; the
 * comments and text-only elements left open at the end; the `s3://` URIs in its text; and, with
 * `rawTextLiquid` (the masked template source; a rendered page has no Liquid), the runs of script
 * and style text that hold Liquid; with `quotedAttributeLiquid`, the double-quoted attribute
 * values that hold Liquid.
 * `toSource` maps an offset of `html` to the template source (identity for the source itself).
 * Each element points at its parent rather than holding a copy of its ancestors, so deep nesting
 * costs memory in proportion to the element count, not to depth².
 */
export function parseDocument(
  html: string,
  toSource: (offset: number) => number = (o) => o,
  { rawTextLiquid: wantRawText = false, quotedAttributeLiquid: wantQuoted = false }: { rawTextLiquid?: boolean; quotedAttributeLiquid?: boolean } = {},
): ParsedDocument {
  const out: LintElement[] = [];
  const stack: LintElement[] = [];
  const unclosed: UnclosedRun[] = [];
  const textUris: TextUri[] = [];
  const rawTextLiquid: RawTextRun[] = [];
  const quotedAttributeLiquid: QuotedAttributeRun[] = [];
  // The tag whose attributes are being read: htmlparser2 names it before it reports them.
  let openingTag = '';
  // Where the content of each open text-only element starts (after its start tag).
  const contentStarts = new Map<LintElement, number>();
  const runToEnd = (what: string, offset: number, contentStart: number): UnclosedRun => {
    const rest = html.slice(contentStart);
    const tag = /<([a-zA-Z][^\s/>]*)/.exec(rest);
    const hides = tag ? { tag: (tag[1] ?? '').toLowerCase(), offset: toSource(contentStart + tag.index) } : undefined;
    return { what, offset, ...(hides ? { hides } : {}), blank: rest.trim() === '', liquid: rest.includes(outputMask) };
  };
  const parser = new Parser(
    {
      onopentagname(name) {
        openingTag = name;
      },
      onattribute(name, value, quote) {
        // startIndex is where the name begins, endIndex just after the closing quote.
        if (wantQuoted && quote === '"' && liquidMark.test(value)) quotedAttributeLiquid.push({ tag: openingTag, attr: name, begin: toSource(parser.startIndex), end: toSource(parser.endIndex) });
      },
      onopentag(name, attribs) {
        const start = parser.startIndex;
        const raw = html.slice(start, parser.endIndex + 1);
        const dynamic = new Set(Object.keys(attribs).filter((a) => liquidMark.test(attribs[a] ?? '')));
        const parent = stack[stack.length - 1];
        const element: LintElement = { tag: name, attrs: { ...attribs }, dynamic, offset: toSource(start), ...(parent ? { parent } : {}), selfClosing: /\/\s*>$/.test(raw) };
        out.push(element);
        stack.push(element);
        // Inside SVG or MathML, <style/> and <title/> close themselves and their content is markup.
        if (textOnlyTags.has(name) && !inForeignContent(element)) contentStarts.set(element, parser.endIndex + 1);
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        // An option without a value attribute submits its text.
        if (top?.tag === 'option') top.text = (top.text ?? '') + text;
        // Masked Liquid in a script or style (contentStarts: not inside SVG or MathML, where it is markup).
        if (wantRawText && top && rawTextTags.has(top.tag) && contentStarts.has(top) && liquidMark.test(text)) {
          rawTextLiquid.push({ tag: top.tag, begin: toSource(parser.startIndex), end: toSource(parser.endIndex + 1) });
        }
        if (!/s3:\/\//i.test(text)) return;
        // Searched in the raw text, so offsets stay right when entities sit before the URI.
        const start = parser.startIndex;
        const raw = html.slice(start, parser.endIndex + 1);
        for (const m of raw.matchAll(/s3:\/\/[^\s<>"'`]*/gi)) textUris.push({ uri: m[0], offset: toSource(start + m.index), alone: raw.trim() === m[0], ...(top ? { parent: top } : {}) });
      },
      oncomment() {
        const start = parser.startIndex;
        const raw = html.slice(start, parser.endIndex + 1);
        // `<!-->` and `<!--->` close at once; any other `<!--` needs `-->` (or `--!>`).
        if (raw.startsWith('<!--') && !/^<!---?>$/.test(raw) && !/--!?>$/.test(raw)) unclosed.push(runToEnd('comment', toSource(start), start + 4));
      },
      onclosetag(name, isImplied) {
        // htmlparser2 reports closes in order, so the innermost open element of that name is the one.
        for (let at = stack.length - 1; at >= 0; at--) {
          const element = stack[at];
          if (element?.tag !== name) continue;
          const contentStart = contentStarts.get(element);
          // Nothing closes a text-only element but its end tag: closed by implication, it ran to the end.
          if (contentStart !== undefined && isImplied) unclosed.push(runToEnd(name, element.offset, contentStart));
          contentStarts.delete(element);
          stack.length = at;
          break;
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { elements: out, unclosed, textUris, ...(wantRawText ? { rawTextLiquid } : {}), ...(wantQuoted ? { quotedAttributeLiquid } : {}) };
}

/** Per set of tags: for each element already looked at, the nearest element at or above it with one of those tags (null: none). */
const nearestMemo = new Map<string, WeakMap<LintElement, LintElement | null>>();

/**
 * The nearest enclosing element whose tag is one of `tags`, or undefined. Answers are remembered
 * per element, so asking for every element of a deep chain walks the chain once.
 *
 * @example
 * if (!closestAncestor(e, 'crowd-form')) … // e is not inside a crowd-form
 */
export function closestAncestor(e: LintElement, tags: string | readonly string[]): LintElement | undefined {
  const wanted: readonly string[] = typeof tags === 'string' ? [tags] : tags;
  const key = wanted.join(' ');
  let memo = nearestMemo.get(key);
  if (!memo) nearestMemo.set(key, (memo = new WeakMap()));
  const walked: LintElement[] = [];
  let found: LintElement | null = null;
  for (let at = e.parent; at; at = at.parent) {
    const known = memo.get(at);
    if (known !== undefined) {
      found = known;
      break;
    }
    if (wanted.includes(at.tag)) {
      found = at;
      break;
    }
    walked.push(at);
  }
  for (const w of walked) memo.set(w, found);
  if (found) memo.set(found, found);
  return found ?? undefined;
}

/**
 * Where attribute `name` is written inside the start tag that begins at `offset` of `text`, or
 * `offset` when it is not there (a value that came from Liquid).
 */
export function attributeOffsetIn(text: string, offset: number, name: string): number {
  const end = text.indexOf('>', offset);
  const tag = text.slice(offset, end === -1 ? undefined : end);
  const m = new RegExp(`[\\s"']${escapeRegExp(name)}(?=\\s*=|[\\s/>]|$)`, 'i').exec(tag);
  return m ? offset + m.index + 1 : offset;
}
