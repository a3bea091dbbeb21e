import type { Liquid } from 'liquidjs';
import { autoescape, characterReferenceBody, type FilterThis } from './escaping.ts';
import { HtmlText, textOf } from './html-text.ts';

/**
 * Filters that only change letter case or trim whitespace: they cannot add text, split a tag or
 * cut a character reference, so HTML stays HTML through them (`{{ captured | strip }}`).
 */
const keepsHtml = new Set(['upcase', 'downcase', 'capitalize', 'strip', 'lstrip', 'rstrip', 'strip_newlines']);

/** Filters that join two strings: HTML joined with text escaped is HTML (`{{ captured | append: "!" }}`). */
const joinsHtml: Readonly<Record<string, (value: string, arg: string) => string>> = {
  append: (value, arg) => value + arg,
  prepend: (value, arg) => arg + value,
};

/** Filters that take HTML as it is, because they decide how it is written (escaping.ts). */
const readsHtml = new Set(['escape', 'escape_once', 'skip_autoescape']);

/**
 * Whether a filter given HTML (a capture, an escaped value) can hand it back as HTML rather than
 * as the text it stands for: the case and trim filters, `append`/`prepend`, `default`, and the
 * ones that take HTML as it is. Lint's XSS rule follows escaped task input through exactly these.
 */
export function mayKeepHtml(name: string): boolean {
  return keepsHtml.has(name) || Object.hasOwn(joinsHtml, name) || name === 'default' || readsHtml.has(name);
}

/**
 * Wraps every filter of `engine` so that it reads HTML text (a capture, an escaped value), as its
 * value and as its arguments, as the text it stands for (html-text.ts). The result is plain text,
 * escaped once when written, so `{% assign url = "s3://b/" | append: key %}` presigns the key the
 * capture `key` stands for and `{{ captured | truncate: 9 }}` cannot cut a character reference.
 * Three kinds of result stay HTML, so a capture's markup survives them whatever the data:
 *
 * - the filters that only change case or trim whitespace (`keepsHtml`), called on HTML without
 *   arguments (`{{ captured | strip }}`); character references keep their names (`&nbsp;` does not
 *   become `&NBSP;`, which no browser reads);
 * - `append` and `prepend` with HTML on either side: the HTML as it is, the other side escaped;
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
    const join = joinsHtml[name];
    const isDefault = name === 'default';
    engine.registerFilter(name, {
      raw,
      handler(value: unknown, ...args: unknown[]) {
        if (keeps && value instanceof HtmlText && args.length === 0) {
          return new HtmlText(changeOutsideReferences(value.html, (html) => handler.call(this, html) as string));
        }
        if (join && args.length === 1 && (value instanceof HtmlText || args[0] instanceof HtmlText)) {
          const self = this as FilterThis;
          const html = join(autoescape.call(self, value), autoescape.call(self, args[0]));
          self?.context?.memoryLimit.use(html.length);
          return new HtmlText(html);
        }
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

// Any character reference, named (`&nbsp;`, `&frac12;`) or numeric: a case change must not touch its name.
const characterReference = new RegExp(`&${characterReferenceBody}`, 'g');
// Stands in for a reference while a filter runs: a private-use character has no case and is not whitespace.
const standIn = '\uE000';

/**
 * `change` (a case change or a trim) applied to HTML with its character references kept as they
 * are: upcasing `a&nbsp;&amp;` gives `A&nbsp;&amp;`, where upcasing the whole HTML gave
 * `A&NBSP;&AMP;`. `change` must keep every stand-in, in order (case changes and trims do). HTML
 * that holds the stand-in character itself is changed whole.
 */
function changeOutsideReferences(html: string, change: (html: string) => string): string {
  if (!html.includes('&') || html.includes(standIn)) return change(html);
  const references: string[] = [];
  const changed = change(html.replace(characterReference, (reference) => (references.push(reference), standIn)));
  let next = 0;
  return changed.replace(/\uE000/g, () => references[next++] ?? '');
}
