import { Drop } from 'liquidjs';

/**
 * Text that is HTML already: what `{% capture %}` keeps (its template text plus outputs that were
 * escaped once) and what `escape` / `escape_once` return. Autoescape writes it as it is, so
 * nothing reaches the page escaped twice (reference §3.4: "escape exactly once"); a variable
 * assigned from it is HTML too. Everywhere else (filters, comparisons, `.size`, loops) it reads
 * as its text, as a captured string does in Shopify: liquidjs unwraps a Drop through `valueOf`
 * and `toLiquid`, and JSON through `toJSON`.
 */
export class HtmlText extends Drop {
  constructor(readonly html: string) {
    super();
  }

  override valueOf(): string {
    return this.html;
  }

  toLiquid(): string {
    return this.html;
  }

  toJSON(): string {
    return this.html;
  }

  override toString(): string {
    return this.html;
  }
}

/** A value with HTML text unwrapped to that text; anything else as it is. */
export function withoutHtmlMark(value: unknown): unknown {
  return value instanceof HtmlText ? value.html : value;
}

// The character references escapeHtml writes, and the other two of HTML's five basic ones.
const namedReferences = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['AMP', '&'], ['LT', '<'], ['GT', '>'], ['QUOT', '"'],
]);

/**
 * The text HTML stands for: decimal, hex and the basic named character references decoded
 * (`O&#39;Brien &amp; Co` → `O'Brien & Co`). Other named references (`&nbsp;`) and references to
 * no character stay as they are. Used where a filter needs the text itself, such as the URL a
 * presign filter reads from a capture.
 */
export function decodeCharacterReferences(html: string): string {
  return html.replace(/&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]+));/g, (reference, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return namedReferences.get(name) ?? reference;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    const isCharacter = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return isCharacter ? String.fromCodePoint(code) : reference;
  });
}
