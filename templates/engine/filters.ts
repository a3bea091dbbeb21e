import type { Liquid } from 'liquidjs';
import { escapeHtml, outputText } from './escaping.ts';
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

/** Every filter name a template may use. */
export const knownFilters: readonly string[] = [...new Set<string>([...shopifyFilters, ...groundTruthFilters])].sort();

/** Drops what Ground Truth does not have, then registers its own filters. */
export function installGroundTruthDialect(engine: Liquid, resolver: PresignResolver): void {
  const allowed = new Set<string>(knownFilters);
  for (const name of Object.keys(engine.filters)) if (!allowed.has(name)) delete engine.filters[name];
  for (const name of unavailableTags) delete engine.tags[name];

  // Raw filters are not escaped again when they end the chain (see escaping.ts for the rest).
  engine.registerFilter('escape', { handler: (v: unknown) => escapeHtml(outputText(v)), raw: true });
  engine.registerFilter('escape_once', { handler: (v: unknown) => escapeHtml(outputText(v), true), raw: true });
  engine.registerFilter('skip_autoescape', { handler: (v: unknown) => v, raw: true });
  // JSON.stringify(undefined) is undefined: a missing value serialises as null, like Ruby's nil.to_json.
  engine.registerFilter('to_json', { handler: (v: unknown) => JSON.stringify(v ?? null) ?? 'null', raw: true });
  // Only strings are URIs; anything else renders as it is (empty for a missing value).
  const presign = (v: unknown) => (typeof v === 'string' && v !== '' ? resolver.resolve(v) : v);
  engine.registerFilter('grant_read_access', presign);
  engine.registerFilter('s3_presign', presign);
}
