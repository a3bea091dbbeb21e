import { escapePolicy } from '../engine/escaping.ts';

/**
 * What lint's escaping rules (unverified-escaping, skip-autoescape-task-input) share: the filters
 * whose escaping Ground Truth does not document, read from the engine's escapePolicy, and the
 * attribute forms their hints recommend, right under every reading.
 */

/** to_json, grant_read_access, s3_presign: whether Ground Truth escapes their result is not documented. */
export const unverifiedFilters: ReadonlySet<string> = new Set(escapePolicy.unverifiedAfter);
/** escape, escape_once. */
export const escapingFilters: ReadonlySet<string> = new Set(escapePolicy.escapesOnce);

/** The last of the unverified filters in a chain, if any. */
export function lastUnverified(filters: readonly string[]): string | undefined {
  return filters.findLast((f) => unverifiedFilters.has(f));
}

/** JSON passed in a double-quoted attribute, escaped once under every reading, and read back by a script. */
export const jsonAttributeForm = 'data-x="{{ … | to_json | escape }}", then JSON.parse(element.dataset.x)';

/** A presigned URL in a double-quoted attribute: as a source, or for a script to read. */
export function urlAttributeForm(filter: string): string {
  return `src="{{ … | ${filter} }}", or data-url="{{ … | ${filter} | escape }}"`;
}
