import { EchoTag, Filter, Output, toValue, type Context, type Liquid, type Template } from 'liquidjs';
import { HtmlText } from './html-text.ts';

/**
 * Ground Truth's output escaping (reference §3.4), in one place so a finding about the real
 * service changes one table:
 *
 * - every `{{ … }}` is HTML-escaped, like Shopify's `escape` (CGI.escapeHTML): `& < > " '` →
 *   `&amp; &lt; &gt; &quot; &#39;` (the apostrophe form is documented, the others presumed);
 * - an explicit `escape` / `escape_once` means the output is escaped exactly once, relative to the
 *   data: it returns HTML, which is written as it is, and filters after it read that HTML as the
 *   text it stands for (below). So `{{ x | escape | rest }}` writes what `{{ x | rest }}` writes
 *   (the docs: `escape` "only makes it more obvious"): data reading `a &amp; b` shows as that,
 *   also after `| escape | append: "!"`;
 * - `skip_autoescape` anywhere in the chain turns escaping off for that output;
 * - `to_json` ends a chain unescaped (unverified in the docs; AWS examples put it raw in
 *   single-quoted attributes, and `| to_json | escape` in double-quoted ones). Its JSON writes
 *   `< > & '` and U+2028/U+2029 as `\u` escapes (htmlSafeJson), so the raw output cannot close a
 *   `<script>` or a single-quoted attribute, and still parses to the same value. A presigned URL
 *   (`grant_read_access`, `s3_presign`) is escaped like any output, also unverified. Where the
 *   browser reads text raw, in a `<script>` or `<style>`, the two readings give different pages
 *   (escaped JSON is a syntax error, an escaped URL's `&amp;` breaks its signature), so lint's
 *   `unverified-escaping` rule warns there and recommends a double-quoted attribute with
 *   `| escape`, which is right under every reading; in attribute values and text the browser
 *   decodes the entities and both readings show the same. Ending the chain with `skip_autoescape`
 *   writes the same under both readings too, but on task input `skip-autoescape-task-input`
 *   still reports it: Ground Truth's to_json may not escape `<`, and a presign hands a value that
 *   is not an S3 URI back unchanged.
 *
 * Escaped once means once for stored values too (what Ground Truth does there is not documented;
 * this is the reading that never shows a worker `&amp;amp;`). A value is plain text or HTML
 * (html-text.ts): `{% capture %}` keeps HTML (template text plus outputs already escaped), and so
 * do `escape` and `escape_once`. HTML is written as it is, so `{{ captured }}` and
 * `{% assign e = x | escape %}{{ e }}` escape once; `escape` / `escape_once` leave HTML alone.
 * Filters read HTML, as their value and as their arguments, as the text it stands for (its
 * character references decoded, html-filters.ts), so `grant_read_access` presigns the URL a
 * capture shows and `truncate` cannot cut `&amp;`; what they return is plain text, escaped once
 * when written. Case changes and trimming keep HTML as HTML, `append` / `prepend` join HTML with
 * the other side escaped, and `default` hands back the operand it chose as it came. Values
 * assigned from task input, literals and other filter results stay plain text, so an entity a
 * literal brings in is text: `{{ x | append: "&nbsp;" }}` shows `&nbsp;`, with or without `escape`.
 *
 * nil, `empty` and `blank` (liquidjs Drops) write as nothing; `to_json` gives `null` for nil and
 * `""` for `empty` and `blank`, whose value is the empty string (Ruby Liquid's literal is `''`).
 */
export const escapePolicy = {
  /** Filters whose result is never escaped again when they end the chain. */
  rawWhenLast: ['escape', 'escape_once', 'skip_autoescape', 'to_json'],
  /** Filters that turn escaping off for the whole output. */
  disablesEscaping: ['skip_autoescape'],
  /**
   * Filters after which whether Ground Truth escapes the result is not documented (above): lint's
   * unverified-escaping and skip-autoescape-task-input read this list.
   */
  unverifiedAfter: ['to_json', 'grant_read_access', 's3_presign'],
  /** Filters that escape their input once: after an unverified one, the result is escaped under every reading. */
  escapesOnce: ['escape', 'escape_once'],
} as const;

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const everySpecial = /[&<>"']/g;
/** A named, decimal or hex character reference after its `&` (`nbsp;`, `#39;`, `#x27;`): what escape_once keeps and a case change must not touch. */
export const characterReferenceBody = '(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);';
// `&` that does not start a character reference.
const specialButEntities = new RegExp(`&(?!${characterReferenceBody})|[<>"']`, 'g');

/**
 * HTML-escapes text the way Ground Truth's autoescape does. With `once`, existing character
 * references (`&amp;`, `&#39;`, `&#x27;`) are kept, as `escape_once` does.
 */
export function escapeHtml(text: string, once = false): string {
  return text.replace(once ? specialButEntities : everySpecial, (c) => entities[c] ?? c);
}

/**
 * What Liquid writes for a value: nil and undefined empty, arrays joined without a separator.
 * liquidjs's `nil`, `empty` and `blank` are Drops whose value is null or '' (they printed as
 * `[object Object]`), and HTML text is its HTML: both are unwrapped first. The page and every
 * capture are written through this (metering.ts).
 */
export function outputText(value: unknown): string {
  const v: unknown = toValue(value);
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(outputText).join('');
  if (typeof v === 'object' && typeof (v as { toLiquid?: unknown }).toLiquid === 'function') return outputText((v as { toLiquid(): unknown }).toLiquid());
  return String(v);
}

/** `this` of a filter handler (liquidjs's FilterImpl); undefined when a handler is called directly. */
export type FilterThis = { context?: Context } | undefined;

/**
 * escapeHtml for a filter. Escaping can make text six times longer (`"` → `&quot;`), so the text is
 * charged to the render's memory limit first: a huge string stops with the `limit` error instead of
 * being escaped (the escaped result is charged again when it is written, metering.ts).
 */
function escapeCharged(self: FilterThis, value: unknown, once = false): string {
  const text = outputText(value);
  self?.context?.memoryLimit.use(text.length);
  return escapeHtml(text, once);
}

/** The `escape` and `escape_once` filters: HTML, escaped once (HTML already is left as it is). */
export function escapeFilter(self: FilterThis, value: unknown, once = false): HtmlText {
  return value instanceof HtmlText ? value : new HtmlText(escapeCharged(self, value, once));
}

/** The autoescape step itself (liquidjs `outputEscape`): HTML is written as it is, anything else escaped. */
export function autoescape(this: FilterThis | void, value: unknown): string {
  return value instanceof HtmlText ? value.html : escapeCharged(this ?? undefined, value);
}

// `<`, `>` and `&` can end a <script> or start markup, `'` ends a single-quoted attribute, and
// U+2028/U+2029 end a line in older JavaScript. Outside strings JSON never contains them.
const unsafeInJson = /[<>&'\u2028\u2029]/g;

/**
 * JSON.stringify for raw output into HTML: `< > & '` and U+2028/U+2029 are written as `\u003c`,
 * `\u003e`, `\u0026`, `\u0027`, `\u2028`, `\u2029` (Rails' ActiveSupport encoder escapes the same
 * characters but the apostrophe). The JSON parses to the identical value, so this is safe whatever
 * Ground Truth writes. A missing value and nil are `null`, like Ruby's nil.to_json; `empty` and
 * `blank` are `""` (their value). HTML text reaches `to_json` as the text it stands for
 * (html-filters.ts). Called as a filter (`self`), the JSON is charged to the render's memory
 * limit before the escapes can lengthen it.
 *
 * @example htmlSafeJson({ s: "</script>it's" }) // '{"s":"\u003c/script\u003eit\u0027s"}'
 */
export function htmlSafeJson(value: unknown, self?: FilterThis): string {
  const json = JSON.stringify(toValue(value) ?? null) ?? 'null';
  self?.context?.memoryLimit.use(json.length);
  return json.replace(unsafeInJson, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const passThrough = (value: unknown): unknown => value;

/**
 * Applies the policy above to one parsed template node. liquidjs only looks at the last filter of
 * a chain; this looks at the whole chain of `{{ … }}` outputs and `echo` tags.
 */
export function applyEscapePolicy(template: Template): void {
  if (template instanceof Output) {
    const filters = template.value.filters;
    const last = filters[filters.length - 1];
    if (!last || internals(last).handler !== autoescape) return; // the chain ends raw: nothing was added
    if (filters.slice(0, -1).some((f) => disablesEscaping(f.name))) filters.pop();
    return;
  }
  if (template instanceof EchoTag) {
    const value = (template as unknown as { value?: { filters: Filter[] } }).value;
    if (!value) return; // a bare {% echo %} writes nothing
    const filters = value.filters;
    if (filters[filters.length - 1]?.raw) return; // liquidjs adds no escape after a raw filter
    // liquidjs escapes an echo after unwrapping its value, which would escape HTML text again:
    // end the chain with the same step an output gets instead.
    const step = filters.some((f) => disablesEscaping(f.name)) ? passThrough : autoescape;
    filters.push(new Filter(addedStepToken, { handler: step, raw: true }, (template as unknown as { liquid: Liquid }).liquid));
  }
}

function disablesEscaping(filter: string): boolean {
  return (escapePolicy.disablesEscaping as readonly string[]).includes(filter);
}

/** The token of a step gtkit adds to a chain: no source text (lint skips such filters) and no arguments. */
const addedStepToken = { name: 'autoescape', args: [], input: '', begin: 0, end: 0 } as unknown as ConstructorParameters<typeof Filter>[0];

/** The handler liquidjs keeps private in its typings but that a parsed filter carries. */
function internals(filter: Filter): { handler: unknown } {
  return filter as unknown as { handler: unknown };
}
