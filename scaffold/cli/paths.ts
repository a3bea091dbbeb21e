import { isAbsolute, relative } from 'node:path';

/** A path as messages show it: relative to the current folder when it is below it, else absolute (never `../../tmp/…`). */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** A path as one shell word, for a line people paste: as it is when it is plain, else in single quotes. */
export function shellWord(path: string): string {
  // A leading "-" would be read as an option (`cd -leading`), quoted or not.
  const safe = path.startsWith('-') ? `./${path}` : path;
  return /^[\w./@%+=:,-]+$/.test(safe) ? safe : `'${safe.replaceAll("'", "'\\''")}'`;
}

/** A percent-encoded URL or path part, decoded where that is valid, else as written (a stray `%` is data, not an error). */
export function decodedOrAsWritten(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
