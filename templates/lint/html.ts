import { Parser } from 'htmlparser2';
import type { LintElement } from './types.ts';

/** Characters masked Liquid is replaced with (see liquid-mask.ts): values holding them are dynamic. */
export const liquidMark = /[\u0001\u0002]/;

/**
 * Every element of an HTML text, with its decoded attributes, its ancestors as a browser nests
 * them (`<crowd-input />` does not close itself outside SVG and MathML) and where it starts.
 * `toSource` maps an offset of `html` to the template source (identity for the source itself).
 */
export function parseElements(html: string, toSource: (offset: number) => number = (o) => o): LintElement[] {
  const out: LintElement[] = [];
  const stack: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const start = parser.startIndex;
        const raw = html.slice(start, parser.endIndex + 1);
        const dynamic = new Set(Object.keys(attribs).filter((a) => liquidMark.test(attribs[a] ?? '')));
        out.push({ tag: name, attrs: { ...attribs }, dynamic, offset: toSource(start), ancestors: [...stack], selfClosing: /\/\s*>$/.test(raw) });
        stack.push(name);
      },
      onclosetag(name) {
        const at = stack.lastIndexOf(name);
        if (at >= 0) stack.length = at;
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

/**
 * Where attribute `name` is written inside the start tag that begins at `offset` of `text`, or
 * `offset` when it is not there (a value that came from Liquid).
 */
export function attributeOffsetIn(text: string, offset: number, name: string): number {
  const end = text.indexOf('>', offset);
  const tag = text.slice(offset, end === -1 ? undefined : end);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`[\\s"']${escaped}(?=\\s*=|[\\s/>]|$)`, 'i').exec(tag);
  return m ? offset + m.index + 1 : offset;
}
