import { Parser } from 'htmlparser2';
import type { HtmlElement } from './types.ts';

/** Every element of an HTML text, with its attributes, offset and ancestors. */
export function parseElements(html: string): HtmlElement[] {
  const out: HtmlElement[] = [];
  const stack: string[] = [];
  const counts = new Map<string, number>();
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const occurrence = counts.get(name) ?? 0;
        counts.set(name, occurrence + 1);
        const offset = parser.startIndex;
        const raw = html.slice(offset, parser.endIndex + 1);
        out.push({ tag: name, attrs: { ...attribs }, offset, ancestors: [...stack], selfClosing: /\/\s*>$/.test(raw), occurrence });
        stack.push(name);
      },
      onclosetag(name) {
        const at = stack.lastIndexOf(name);
        if (at >= 0) stack.length = at;
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
}
