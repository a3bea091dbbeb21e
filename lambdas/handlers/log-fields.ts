/**
 * Fields of a structured log line that hold what a user's code threw or a list the batch gave:
 * each capped, since CloudWatch Logs refuses an event over 256 KB and a stack or a batch's ids
 * must never cost the line its message.
 */

/** The longest stack a log line carries: a deep stack's first frames are where it was thrown. */
export const loggedStackChars = 16_000;
/** The most list entries (ids, labels) a log line names; the count says how many there are. */
export const loggedListEntries = 100;
/** The longest entry of such a list: an id or a label made up by a hostile answer may be long. */
const loggedEntryChars = 200;

/**
 * What was thrown, for the log line that reports it: the error's class (`errorName`) and its stack
 * (`stack`, where it was thrown: source lines when Node maps them, as with
 * NODE_OPTIONS=--enable-source-maps, which gtkit deploy sets), cut at {@link loggedStackChars}.
 * Empty for a thrown value that is not an Error (the reason already describes it).
 */
export function thrownFields(thrown: unknown): { errorName?: string; stack?: string } {
  if (!(thrown instanceof Error)) return {};
  const stack = typeof thrown.stack === 'string' && thrown.stack !== '' ? cut(thrown.stack, loggedStackChars) : undefined;
  return { errorName: thrown.name, ...(stack === undefined ? {} : { stack }) };
}

/**
 * The first {@link loggedListEntries} entries of a list under `listKey`, each cut to a readable
 * length, and under `countKey` how many there are when there are more.
 */
export function cappedForLog(listKey: string, countKey: string, entries: readonly string[]): Record<string, unknown> {
  return { [listKey]: entries.slice(0, loggedListEntries).map((e) => cut(e, loggedEntryChars)), ...(entries.length > loggedListEntries ? { [countKey]: entries.length } : {}) };
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}… (${text.length - chars} more characters)`;
}
