import { knownFilters } from '../../engine/filters.ts';
import { closest } from '../../../lambdas/contracts/suggest.ts';
import type { SourceRule } from '../types.ts';

/**
 * Filters of other template dialects that do what one of Ground Truth's does, under a name no
 * spelling distance finds: liquidjs's `json`, Jekyll's `jsonify`, Jinja's `tojson`, and Jinja's
 * and Twig's `safe` / `raw` (written unescaped).
 */
const otherDialects: Readonly<Record<string, string>> = {
  json: 'to_json',
  jsonify: 'to_json',
  tojson: 'to_json',
  safe: 'skip_autoescape',
  raw: 'skip_autoescape',
};

/** A filter Ground Truth does not have fails the render (e.g. `to_s3_uri`, or liquidjs's `json`). */
export const unknownFilter: SourceRule = {
  id: 'unknown-filter',
  description: 'filters Ground Truth does not have',
  check(ctx) {
    return ctx.unknownFilters.map(({ name, offset }) => {
      const guess = (Object.hasOwn(otherDialects, name) ? otherDialects[name] : undefined) ?? closest(name, knownFilters);
      return ctx.at(
        offset,
        'unknown-filter',
        'error',
        `unknown filter "${name}"${guess ? `; did you mean "${guess}"?` : ''}`,
        guess ? `write | ${guess}` : "Ground Truth has Shopify's standard filters plus escape, escape_once, skip_autoescape, to_json, grant_read_access and s3_presign",
      );
    });
  },
};
