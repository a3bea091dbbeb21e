import { Parser } from 'htmlparser2';
import { escapeRegExp } from '../engine/reg-exp.ts';
import type { LintElement } from './types.ts';

/** Characters masked Liquid is replaced with (see liquid-mask.ts): values holding them are dynamic. */
export const liquidMark = /[\u0001\u0002]/;

/**
 * Every element of an HTML text, with its decoded attributes, its parent as a browser nests them
 * (`<crowd-input />` does not close itself outside SVG and MathML) and where it starts.
 * `toSource` maps an offset of `html` to the template source (identity for the source itself).
 * Each element points at its parent rather than holding a copy of its ancestors, so deep nesting
 * costs memory in proportion to the element count, not to depth².
 */
export function parseElements(html: string, toSource: (offset: number) => number = (o) => o): LintElement[] {
  const out: LintElement[] = [];
  const stack: LintElement[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const start = parser.startIndex;
        const raw = html.slice(start, parser.endIndex + 1);
        const dynamic = new Set(Object.keys(attribs).filter((a) => liquidMark.test(attribs[a] ?? '')));
        const parent = stack[stack.length - 1];
        const element: LintElement = { tag: name, attrs: { ...attribs }, dynamic, offset: toSource(start), ...(parent ? { parent } : {}), selfClosing: /\/\s*>$/.test(raw) };
        out.push(element);
        stack.push(element);
      },
      ontext(text) {
        // An option without a value attribute submits its text.
        const top = stack[stack.length - 1];
        if (top?.tag === 'option') top.text = (top.text ?? '') + text;
      },
      onclosetag(name) {
        // htmlparser2 reports closes in order, so the innermost open element of that name is the one.
        for (let at = stack.length - 1; at >= 0; at--) {
          if (stack[at]?.tag === name) {
            stack.length = at;
            break;
          }
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
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
