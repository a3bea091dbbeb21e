import { knownFilters } from '../../engine/filters.ts';
import { closest } from '../../../lambdas/contracts/suggest.ts';
import type { SourceRule } from '../types.ts';

/** A filter Ground Truth does not have fails the render (e.g. `to_s3_uri`, or liquidjs's `json`). */
export const unknownFilter: SourceRule = {
  id: 'unknown-filter',
  description: 'filters Ground Truth does not have',
  check(ctx) {
    return ctx.unknownFilters.map(({ name, offset }) => {
      const guess = closest(name, knownFilters);
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
