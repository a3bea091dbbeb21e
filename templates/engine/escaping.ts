import { EchoTag, Filter, Output, type Liquid, type Template } from 'liquidjs';

/**
 * Ground Truth's output escaping (reference §3.4), in one place so a finding about the real
 * service changes one table:
 *
 * - every `{{ … }}` is HTML-escaped, like Shopify's `escape` (CGI.escapeHTML): `& < > " '` →
 *   `&amp; &lt; &gt; &quot; &#39;` (the apostrophe form is documented, the others presumed);
 * - an explicit `escape` / `escape_once` anywhere in the chain means the output is escaped exactly
 *   once: when they end the chain nothing is added, and when other filters follow them the final
 *   escape keeps the entities already there (so `{{ x | escape | upcase }}` is not `&amp;AMP;`);
 * - `skip_autoescape` anywhere in the chain turns escaping off for that output;
 * - `to_json` ends a chain unescaped (unverified in the docs; AWS examples put it raw in
 *   single-quoted attributes, and `| to_json | escape` in double-quoted ones).
 *
 * Values stored with `assign` / `capture` are plain strings: outputting them escapes again, as
 * in liquidjs and Shopify (what Ground Truth does there is not documented).
 */
export const escapePolicy = {
  /** Filters whose result is never escaped again when they end the chain. */
  rawWhenLast: ['escape', 'escape_once', 'skip_autoescape', 'to_json'],
  /** Filters that mean "this output is already escaped" wherever they sit in the chain. */
  escapesOnce: ['escape', 'escape_once'],
  /** Filters that turn escaping off for the whole output. */
  disablesEscaping: ['skip_autoescape'],
} as const;

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const everySpecial = /[&<>"']/g;
// `&` that does not start a named, decimal or hex character reference.
const specialButEntities = /&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)|[<>"']/g;

/**
 * HTML-escapes text the way Ground Truth's autoescape does. With `once`, existing character
 * references (`&amp;`, `&#39;`, `&#x27;`) are kept, as `escape_once` does.
 */
export function escapeHtml(text: string, once = false): string {
  return text.replace(once ? specialButEntities : everySpecial, (c) => entities[c] ?? c);
}

/** What Liquid writes for a value: nil and undefined empty, arrays joined without a separator. */
export function outputText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(outputText).join('');
  if (typeof value === 'object' && typeof (value as { toLiquid?: unknown }).toLiquid === 'function') return outputText((value as { toLiquid(): unknown }).toLiquid());
  return String(value);
}

/** The autoescape step itself (liquidjs `outputEscape`). */
export const autoescape = (value: unknown): string => escapeHtml(outputText(value));
const escapeOnceHandler = (value: unknown): string => escapeHtml(outputText(value), true);
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
    const own = filters.slice(0, -1).map((f) => f.name);
    if (own.some((n) => (escapePolicy.disablesEscaping as readonly string[]).includes(n))) filters.pop();
    else if (own.some((n) => (escapePolicy.escapesOnce as readonly string[]).includes(n))) filters[filters.length - 1] = rawFilter(last, escapeOnceHandler);
    return;
  }
  if (template instanceof EchoTag) {
    const value = (template as unknown as { value?: { filters: Filter[] } }).value;
    const filters = value?.filters ?? [];
    const last = filters[filters.length - 1];
    if (!last || last.raw) return;
    const names = filters.map((f) => f.name);
    if (names.some((n) => (escapePolicy.disablesEscaping as readonly string[]).includes(n))) filters.push(rawFilter(last, passThrough));
    else if (names.some((n) => (escapePolicy.escapesOnce as readonly string[]).includes(n))) filters.push(rawFilter(last, escapeOnceHandler));
  }
}

/** Fields liquidjs keeps private in its typings but that a parsed filter carries. */
function internals(filter: Filter): { handler: unknown; token: ConstructorParameters<typeof Filter>[0]; liquid: Liquid } {
  return filter as unknown as { handler: unknown; token: ConstructorParameters<typeof Filter>[0]; liquid: Liquid };
}

/** A raw filter that sits where `like` sits (same token, for error positions). */
function rawFilter(like: Filter, handler: (value: unknown) => unknown): Filter {
  const { token, liquid } = internals(like);
  return new Filter(token, { handler, raw: true }, liquid);
}
