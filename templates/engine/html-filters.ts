import type { Liquid } from 'liquidjs';
import { escapeHtml } from './escaping.ts';
import { HtmlText, withoutHtmlMark } from './html-text.ts';

/**
 * Filters that only change letter case or trim whitespace: they cannot add text, split a tag or
 * cut a character reference, so HTML stays HTML through them (`{{ captured | strip }}`).
 */
const keepsHtml = new Set(['upcase', 'downcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'strip_newlines']);

/**
 * Filters that take HtmlText as it is: the raw ones, whose result is written unescaped (escaping.ts;
 * `to_json` serialises a capture as its text), and presigning, which decodes it (filters.ts).
 */
const readsHtml = new Set(['escape', 'escape_once', 'skip_autoescape', 'to_json', 'grant_read_access', 's3_presign']);

/**
 * Wraps every filter of `engine` so that it reads HTML text (a capture, an escaped value) as
 * plain text, as a captured string is in Shopify, and gives text back as HTML again:
 *
 * - as it is when the text came back unchanged (`default` on a non-empty capture) or the filter
 *   only changes case or trims whitespace (`keepsHtml`);
 * - otherwise escaped with escape_once, which keeps the character references already there and
 *   escapes what the filter brought in (`{{ escaped | append: "<i>" }}` gives `…&lt;i&gt;`, the
 *   same as `{{ x | escape | append: "<i>" }}`, and never `&amp;amp;`). Markup in a capture is
 *   escaped too then: a filter that cuts or adds to HTML could break it.
 *
 * Results that are not text (`size`, `split`) are plain values. Call after every filter is
 * registered.
 */
export function passHtmlThroughFilters(engine: Liquid): void {
  for (const [name, impl] of Object.entries(engine.filters)) {
    if (readsHtml.has(name)) continue;
    const handler = typeof impl === 'function' ? impl : impl.handler;
    const raw = typeof impl !== 'function' && impl.raw;
    engine.registerFilter(name, {
      raw,
      handler(value: unknown, ...args: unknown[]) {
        const result: unknown = handler.call(this, withoutHtmlMark(value), ...args.map(withoutHtmlMark));
        if (!(value instanceof HtmlText) || typeof result !== 'string') return result;
        if (result === value.html || (keepsHtml.has(name) && args.length === 0)) return new HtmlText(result);
        this.context.memoryLimit.use(result.length);
        return new HtmlText(escapeHtml(result, true));
      },
    });
  }
}
