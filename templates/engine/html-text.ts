import { Drop } from 'liquidjs';

/**
 * Text that is HTML already: what `{% capture %}` keeps (its template text plus outputs that were
 * escaped once) and what `escape` / `escape_once` return. Autoescape writes it as it is, so
 * nothing reaches the page escaped twice (reference §3.4: "escape exactly once"); a variable
 * assigned from it is HTML too.
 *
 * Filters, conditions and `.size` read it as `text`, the text it stands for (`O&#39;Brien &amp; Co`
 * reads as `O'Brien & Co`), as the captured string would be in Shopify, which does not escape
 * (html-filters.ts, operators.ts, case-tag.ts, context.ts). liquidjs reads it through `valueOf`,
 * which is the HTML: liquidjs unwraps an output's value that way before writing it
 * (`{{ c | escape }}`).
 */
export class HtmlText extends Drop {
  private decoded: string | undefined;

  constructor(readonly html: string) {
    super();
  }

  override valueOf(): string {
    return this.html;
  }

  /** The text the HTML stands for, decoded on first read. */
  get text(): string {
    return (this.decoded ??= decodeCharacterReferences(this.html));
  }
}

/** A value with HTML text read as the text it stands for; anything else as it is. */
export function textOf(value: unknown): unknown {
  return value instanceof HtmlText ? value.text : value;
}

// The character references escapeHtml writes, and the other two of HTML's five basic ones.
const namedReferences = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['AMP', '&'], ['LT', '<'], ['GT', '>'], ['QUOT', '"'],
]);

/**
 * The text HTML stands for: decimal, hex and the basic named character references decoded
 * (`O&#39;Brien &amp; Co` → `O'Brien & Co`). Other named references (`&nbsp;`) and references to
 * no character stay as they are. The inverse of escapeHtml: decoding escaped text gives the text back.
 */
function decodeCharacterReferences(html: string): string {
  return html.replace(/&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]+));/g, (reference, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return namedReferences.get(name) ?? reference;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    const isCharacter = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return isCharacter ? String.fromCodePoint(code) : reference;
  });
}
