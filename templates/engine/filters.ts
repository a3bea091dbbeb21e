import { tags, type FilterImplOptions, type Liquid } from 'liquidjs';
import { escapeFilter, htmlSafeJson, outputText, type FilterThis } from './escaping.ts';
import { timedPresign } from './presign-time.ts';
import type { PresignResolver } from './resolver.ts';

/**
 * The filters and tags a Ground Truth template may use, in one place. AWS only says the
 * templates use Liquid and links to Shopify's documentation (reference §3.1); the server's Liquid
 * version is not disclosed. So gtkit allows Shopify's long-standing standard filters plus the six
 * Ground Truth adds, and leaves out what only liquidjs or Jekyll have (`json`, `where_exp`,
 * `slugify`, …) and Shopify's recent additions (`find`, `find_index`, `has`, `reject`): a
 * template that uses them would render in the preview and fail in a real job.
 */
export const shopifyFilters = [
  'abs', 'append', 'at_least', 'at_most', 'base64_decode', 'base64_encode', 'capitalize', 'ceil', 'compact', 'concat',
  'date', 'default', 'divided_by', 'downcase', 'escape', 'escape_once', 'first', 'floor', 'join', 'last', 'lstrip', 'map',
  'minus', 'modulo', 'newline_to_br', 'plus', 'prepend', 'remove', 'remove_first', 'remove_last', 'replace',
  'replace_first', 'replace_last', 'reverse', 'round', 'rstrip', 'size', 'slice', 'sort', 'sort_natural', 'split', 'strip',
  'strip_html', 'strip_newlines', 'sum', 'times', 'truncate', 'truncatewords', 'uniq', 'upcase', 'url_decode', 'url_encode',
  'where',
] as const;

/** The Liquid filters Ground Truth adds to Shopify's (reference §3.3). */
export const groundTruthFilters = ['escape', 'escape_once', 'skip_autoescape', 'to_json', 'grant_read_access', 's3_presign'] as const;

/**
 * Tags left out: a worker template is a single file, so there is nothing to `include`, `render`
 * or extend (`layout` / `block` are liquidjs extras besides).
 */
export const unavailableTags = ['include', 'render', 'layout', 'block'] as const;

/** The block tags, each closed by `end` + its name. */
export const blockTags = ['if', 'unless', 'case', 'for', 'capture', 'comment', 'raw', 'tablerow'] as const;

/** Tags that split a block into branches, and the blocks they may stand in. */
export const branchTags: Readonly<Record<string, readonly string[]>> = {
  else: ['if', 'unless', 'case', 'for'],
  elsif: ['if', 'unless'],
  when: ['case'],
};

/** Every tag name a template may write, branch and end tags included (for "did you mean"). */
export const knownTagNames: readonly string[] = [
  ...Object.keys(tags).filter((name) => !(unavailableTags as readonly string[]).includes(name) && name !== '#'),
  ...Object.keys(branchTags),
  ...blockTags.map((name) => `end${name}`),
];

/** Every filter name a template may use. */
export const knownFilters: readonly string[] = [...new Set<string>([...shopifyFilters, ...groundTruthFilters])].sort();

/** Drops what Ground Truth does not have, then registers its own filters. */
export function installGroundTruthDialect(engine: Liquid, resolver: PresignResolver): void {
  const allowed = new Set<string>(knownFilters);
  for (const name of Object.keys(engine.filters)) if (!allowed.has(name)) delete engine.filters[name];
  for (const name of unavailableTags) delete engine.tags[name];

  // Raw filters are not escaped again when they end the chain (see escaping.ts for the rest).
  engine.registerFilter('escape', { handler(this: FilterThis, v: unknown) { return escapeFilter(this, v); }, raw: true });
  engine.registerFilter('escape_once', { handler(this: FilterThis, v: unknown) { return escapeFilter(this, v, true); }, raw: true });
  engine.registerFilter('skip_autoescape', { handler: (v: unknown) => v, raw: true });
  // Raw, yet safe in a <script> and in a single-quoted attribute: htmlSafeJson escapes < > & ' inside strings.
  engine.registerFilter('to_json', { handler(this: FilterThis, v: unknown) { return htmlSafeJson(v, this); }, raw: true });
  // Only strings are URIs; anything else renders as it is (empty for a missing value). A capture
  // (A2I's documented `{% capture url %}…{{ name }}{% endcapture %}` pattern) arrives as the text it
  // stands for (html-filters.ts), so `O'Brien & Co.png` is presigned as that, not as `O&#39;Brien`.
  const presign = function (this: FilterThis & { token?: unknown }, uri: unknown) {
    return typeof uri === 'string' && uri !== '' ? timedPresign(this?.context, this?.token, () => resolver.resolve(uri)) : uri;
  };
  engine.registerFilter('grant_read_access', presign);
  engine.registerFilter('s3_presign', presign);
  // Shopify's own readings where liquidjs differs.
  engine.registerFilter('size', sizeOf);
  engine.registerFilter('url_decode', urlDecode);
  engine.registerFilter('split', splitFilter(engine));
  engine.registerFilter('url_encode', urlEncode);
  // `first` / `last` of a hash are its end pairs, as filters and as properties (context.ts); the rest is liquidjs's.
  for (const end of ['first', 'last'] as const) {
    const handler = filterHandler(engine, end);
    engine.registerFilter(end, function (this: unknown, value: unknown) {
      return isHash(value) ? hashEnd(value, end) : handler?.call(this as never, value);
    });
  }
}

/**
 * Shopify's `size` (Ruby's `#size`): an array's length, a string's characters (Ruby counts code
 * points: "😀" is 1, where liquidjs counted 2 UTF-16 units), a hash's number of keys (liquidjs
 * gave 0), and 0 for anything else, nil included, as in liquidjs (Ruby's Integer#size, the 8 bytes
 * of a machine word, is left out: no template means it).
 */
export function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return characterCount(value);
  if (isHash(value)) return Object.keys(value).length;
  return 0;
}

/** Code points in a string: what Ruby's String#size counts for UTF-8 text. */
function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--; // a surrogate pair is one character
        i++;
      }
    }
  }
  return count;
}

/** Ruby's `Hash#first` / `#last`: the first or last `[key, value]` pair (undefined for an empty hash). */
export function hashEnd(hash: Record<string, unknown>, end: 'first' | 'last'): [string, unknown] | undefined {
  const pairs = Object.entries(hash);
  return end === 'first' ? pairs[0] : pairs.at(-1);
}

/** A JSON object (Ruby Hash): not an array, a Drop or another class instance. */
export function isHash(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Shopify's `split`: `split: ""` gives the string's characters (Ruby's `String#split("")`), code
 * points as `size` counts them, where liquidjs split UTF-16 units and cut emoji into two lone
 * surrogates. Any other separator is liquidjs's split.
 */
function splitFilter(engine: Liquid) {
  const liquids = filterHandler(engine, 'split');
  return function (this: FilterThis, value: unknown, separator?: unknown): unknown {
    if (outputText(separator) !== '') return liquids?.call(this as never, value, separator);
    const text = outputText(value);
    this?.context?.memoryLimit.use(text.length);
    return Array.from(text);
  };
}

// A high surrogate without a low one after it, or a low one without a high one before it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// What encodeURIComponent leaves as it is and CGI.escape does not.
const keptByUriComponent = /[!'()*]/g;

/**
 * Shopify's `url_encode` (Ruby's CGI.escape): A-Z a-z 0-9 `_ . - ~` stay, a space is `+`, and
 * every other UTF-8 byte is `%XX` in capitals, `' ! ( ) *` included (liquidjs's
 * encodeURIComponent left those five). url_decode is its inverse. Text that holds half of a
 * character (a lone UTF-16 surrogate) has no UTF-8 form: the message says where, where
 * encodeURIComponent threw only "URI malformed".
 */
function urlEncode(this: FilterThis, value: unknown): string {
  const text = outputText(value);
  const lone = loneSurrogate.exec(text);
  if (lone) {
    const unit = lone[0].charCodeAt(0).toString(16).toUpperCase();
    const at = Array.from(text.slice(0, lone.index)).length + 1;
    throw new Error(`url_encode cannot encode this text: character ${at} is half of a character (a lone UTF-16 surrogate, \\u${unit}), which has no URL encoding`);
  }
  this?.context?.memoryLimit.use(text.length);
  return encodeURIComponent(text)
    .replace(keptByUriComponent, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The handler liquidjs registered under `name`. */
function filterHandler(engine: Liquid, name: string): Extract<FilterImplOptions, (...args: never[]) => unknown> | undefined {
  const impl = engine.filters[name];
  return typeof impl === 'function' ? impl : impl?.handler;
}

/**
 * Shopify's `url_decode` (Ruby's CGI.unescape): `+` is a space, each run of `%XX` is decoded as
 * UTF-8, and what is malformed (`%zz`, a lone `%`) stays as it is, where liquidjs's
 * decodeURIComponent threw "URI malformed". A run that is not UTF-8 also stays as it is (Ruby would
 * produce invalid text there).
 */
function urlDecode(value: unknown): string {
  return outputText(value)
    .replace(/\+/g, ' ')
    .replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
}
