/** Operators other languages have and Liquid does not, with what Liquid writes instead. */
const liquidFor: ReadonlyMap<string, string> = new Map([
  ['===', '=='],
  ['!==', '!='],
  ['&&', 'and'],
  ['||', 'or'],
]);

/**
 * The JavaScript operator in the Liquid tag or output around `offset`, if any, with Liquid's
 * word for it. liquidjs stops at `{% if a && b %}` with `expected "|" before filter`, which
 * sends the reader looking for a filter. Text in quotes is not looked at.
 */
export function foreignOperatorAt(source: string, offset: number): { written: string; liquid: string } | undefined {
  const start = Math.max(source.lastIndexOf('{%', offset), source.lastIndexOf('{{', offset));
  if (start === -1) return undefined;
  const ends = [source.indexOf('%}', offset), source.indexOf('}}', offset)].filter((i) => i !== -1);
  const markup = source.slice(start, ends.length > 0 ? Math.min(...ends) : source.length);
  const written = /===|!==|&&|\|\|/.exec(markup.replace(/"[^"]*"|'[^']*'/g, '""'))?.[0];
  const liquid = written === undefined ? undefined : liquidFor.get(written);
  return written !== undefined && liquid !== undefined ? { written, liquid } : undefined;
}
