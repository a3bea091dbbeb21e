import { isAbsolute, relative } from 'node:path';

/** A path as messages show it: relative to the current folder when it is below it, else absolute (never `../../tmp/…`). */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
