/** Reading names out of Liquid markup (`a | upcase`, `x == task.input.y`) without a parser. */

/** Strings in Liquid markup, removed before looking for variable names. */
const quoted = /"[^"]*"|'[^']*'/g;
const variableRoots = /(?<![\w.\-\]])([A-Za-z_][\w-]*)/g;
const filterNames = /\|\s*([A-Za-z_]\w*)/g;

/** The variables an expression starts from: `task` in `task.input.x | upcase`, `a` and `b` in `a == b`. */
export function rootsOf(markup: string): string[] {
  const bare = markup.replace(quoted, '""').replace(filterNames, '|');
  return [...bare.matchAll(variableRoots)].map((m) => m[1] ?? '');
}

/** The filters an expression applies, in order. */
export function filtersOf(markup: string): string[] {
  return [...markup.replace(quoted, '""').matchAll(filterNames)].map((m) => m[1] ?? '');
}
