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

const assignMarkup = /^([A-Za-z_][\w-]*)\s*=\s*([\s\S]*)$/;
const captureMarkup = /^(["']?)([A-Za-z_][\w-]*)\1/;

/** `{% assign name = expression %}`: the name and the expression, or undefined when the markup is not one. */
export function assignParts(markup: string): { name: string; expression: string } | undefined {
  const m = assignMarkup.exec(markup);
  return m ? { name: m[1] ?? '', expression: m[2] ?? '' } : undefined;
}

/** `{% capture name %}`, the name quoted or not; undefined when the markup names none. */
export function capturedName(markup: string): string | undefined {
  return captureMarkup.exec(markup)?.[2];
}
