/** `text` as a regular expression that matches it literally (a file name, an attribute name). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
