import type { Liquid } from 'liquidjs';
import { HtmlText, textOf } from './html-text.ts';

/**
 * Filters that only change letter case or trim whitespace: they cannot add text, split a tag or
 * cut a character reference, so HTML stays HTML through them (`{{ captured | strip }}`).
 */
const keepsHtml = new Set(['upcase', 'downcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'strip_newlines']);

/** Filters that take HTML as it is, because they decide how it is written (escaping.ts). */
const readsHtml = new Set(['escape', 'escape_once', 'skip_autoescape']);

/**
 * Wraps every filter of `engine` so that it reads HTML text (a capture, an escaped value), as its
 * value and as its arguments, as the text it stands for (html-text.ts). The result is plain text,
 * escaped once when written, so `{% assign url = "s3://b/" | append: key %}` presigns the key the
 * capture `key` stands for and `{{ captured | truncate: 9 }}` cannot cut a character reference.
 * Two results stay HTML, so a capture's markup survives them whatever the data:
 *
 * - the filters that only change case or trim whitespace (`keepsHtml`), called on HTML without
 *   arguments (`{{ captured | strip }}`);
 * - `default`, which hands back one of its operands: the one it chose, as it came.
 *
 * `escape`, `escape_once` and `skip_autoescape` get HTML as it is. Call after every filter is
 * registered.
 */
export function passHtmlThroughFilters(engine: Liquid): void {
  for (const [name, impl] of Object.entries(engine.filters)) {
    if (readsHtml.has(name)) continue;
    const handler = typeof impl === 'function' ? impl : impl.handler;
    const raw = typeof impl !== 'function' && impl.raw;
    const keeps = keepsHtml.has(name);
    const isDefault = name === 'default';
    engine.registerFilter(name, {
      raw,
      handler(value: unknown, ...args: unknown[]) {
        if (keeps && value instanceof HtmlText && args.length === 0) return new HtmlText(handler.call(this, value.html) as string);
        const text = textOf(value);
        const result: unknown = handler.call(this, text, ...args.map(textOf));
        if (!isDefault) return result;
        // The value first: a plain `<b>` that default kept must not come back as an HTML default that reads `<b>`.
        if (result === text) return value;
        return args[0] instanceof HtmlText && result === args[0].text ? args[0] : result;
      },
    });
  }
}
