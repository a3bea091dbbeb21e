/**
 * The one order for worker ids and labels in results and tie rules: UTF-16 code units, as
 * `Array.prototype.sort()` without a comparator. Not `localeCompare`: that follows the process's
 * locale (a dry run on a Swedish laptop put "z" before "ä", Lambda the other way round, and so
 * chose other labels on ties) and calls some distinct strings equal ("e\u0301" and "é").
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
