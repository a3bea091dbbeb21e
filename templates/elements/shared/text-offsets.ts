/**
 * Offsets in crowd-entity-annotation are Unicode code points (an emoji counts once), while the
 * DOM counts UTF-16 units. These convert between the two and find word edges for the keyboard.
 */

/** The code-point index of a UTF-16 offset; an offset inside a surrogate pair rounds `up` or down. */
export function codePointIndex(text: string, utf16Offset: number, up = false): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (units >= utf16Offset) return points;
    if (units + ch.length > utf16Offset) return up ? points + 1 : points;
    units += ch.length;
    points++;
  }
  return points;
}

/** The UTF-16 offset of a code-point index. */
export function utf16Offset(text: string, codePoint: number): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points >= codePoint) break;
    units += ch.length;
    points++;
  }
  return units;
}

const wordChar = /[\p{L}\p{N}\p{M}_'’-]/u;

/** The next word edge from `at` (code points) in direction `step` (+1 or −1), as Ctrl+arrows move. */
export function wordEdge(points: readonly string[], at: number, step: 1 | -1): number {
  let i = at;
  const isWord = (k: number) => wordChar.test(points[k] ?? '');
  if (step > 0) {
    while (i < points.length && !isWord(i)) i++;
    while (i < points.length && isWord(i)) i++;
  } else {
    while (i > 0 && !isWord(i - 1)) i--;
    while (i > 0 && isWord(i - 1)) i--;
  }
  return i;
}

/** Narrows [start, end) (code points) so it neither starts nor ends with whitespace. */
export function trimSpan(points: readonly string[], start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && /\s/u.test(points[a] ?? '')) a++;
  while (b > a && /\s/u.test(points[b - 1] ?? '')) b--;
  return [a, b];
}
