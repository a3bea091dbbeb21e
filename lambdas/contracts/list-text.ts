/**
 * A list for a message, cut after `max` items with how many were left out, e.g.
 * `cat, dog, bird and 297 more`. Messages that land in every output label (a consolidation note)
 * must stay short however many labels or workers a job has.
 */
export function listText(items: readonly string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Items joined as a sentence lists them: `a`, `a and b`, `a, b and c` ('' for none). */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A long text for a message or an echo, cut after `max` characters with its length and, when
 * given, where the whole of it is: `abc… (12000 characters; the whole answer is in …)`.
 */
export function cutText(text: string, max: number, whereWhole?: string): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters${whereWhole ? `; ${whereWhole}` : ''})`;
}
