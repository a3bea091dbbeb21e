/**
 * The rows of a JSON Lines file: LF or CRLF endings, and a UTF-8 byte-order mark at the start
 * (some editors write one) dropped, so the first row parses like the others. Row i is line i + 1.
 */
export function jsonLinesRows(text: string): string[] {
  return withoutBom(text).split(/\r?\n/);
}

/** A file's text without the UTF-8 byte-order mark some editors write at its start (it is not part of the JSON). */
export function withoutBom(text: string): string {
  return text.replace(/^\uFEFF/, '');
}
