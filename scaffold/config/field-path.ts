/** The path validate-config gives a config whose default export is not an object. */
export const defaultExportPath = 'default export';

/** One step of a field path: a property by name, or a list item by position. */
export type FieldSegment = { key: string } | { index: number };

/**
 * The steps of a field path as the config's checks write it (`lambdas.pre.memoryMb`,
 * `labels[2]`, `tags["cost centre"]`; see `child` in lambdas/contracts/check.ts). Only the part
 * that reads cleanly is returned: a path that goes odd halfway gives its clean beginning, which
 * names an ancestor of the field, never another field.
 */
export function parseFieldPath(path: string): FieldSegment[] {
  const segments: FieldSegment[] = [];
  let i = 0;
  const bareKey = (): boolean => {
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
    if (end === i) return false;
    segments.push({ key: path.slice(i, end) });
    i = end;
    return true;
  };
  if (path[0] !== '[' && !bareKey()) return segments;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
      if (!bareKey()) break;
    } else if (path[i] === '[') {
      const bracketed = bracketSegment(path, i);
      if (!bracketed) break;
      segments.push(bracketed.segment);
      i = bracketed.end;
    } else break;
  }
  return segments;
}

/** `[3]` or `["some key"]` at `i`: the segment and the offset after its `]`. */
function bracketSegment(path: string, i: number): { segment: FieldSegment; end: number } | undefined {
  const index = /^\[(\d+)\]/.exec(path.slice(i, i + 24));
  if (index?.[1] !== undefined) return { segment: { index: Number(index[1]) }, end: i + index[0].length };
  if (path[i + 1] !== '"') return undefined;
  for (let j = i + 2; j < path.length; j++) {
    if (path[j] === '\\') j++;
    else if (path[j] === '"') {
      if (path[j + 1] !== ']') return undefined;
      try {
        return { segment: { key: JSON.parse(path.slice(i + 1, j + 1)) as string }, end: j + 2 };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
