/**
 * Fields of a structured log line that hold what a user's code threw, a list the batch gave, or
 * text a worker or the data wrote: each capped, since CloudWatch Logs refuses an event over 256 KB
 * and a stack or a batch's ids must never cost the line its message, and worker-written or
 * customer text digested or left out, since CloudWatch keeps it for the log group's retention.
 */

import { createHash } from 'node:crypto';
import { cutText, describeType, isObject } from '../contracts/check.ts';

/** The longest stack a log line carries: a deep stack's first frames are where it was thrown. */
export const loggedStackChars = 16_000;
/** The longest first line of a stack (the class and the message, which the line's reason holds already), so that its frames fit. */
const loggedStackHeaderChars = 500;
/** The most list entries (ids, labels) a log line names; the count says how many there are. */
export const loggedListEntries = 100;
/** The longest entry of such a list, or of an error's class name: one made up by a hostile answer or error may be long. */
const loggedEntryChars = 200;

/**
 * What was thrown, for the log line that reports it: the error's class (`errorName`) and its stack
 * (`stack`, where it was thrown: source lines when Node maps them, as with
 * NODE_OPTIONS=--enable-source-maps, which gtkit deploy sets), cut at {@link loggedStackChars}
 * after its header (class and message) is cut to a few hundred characters, so that a long message
 * never pushes the frames out. Empty for a thrown value that is not an Error (the reason already
 * describes it), and when reading the error throws (a getter, a Proxy): the report of a failure
 * must not fail.
 */
export function thrownFields(thrown: unknown): { errorName?: string; stack?: string } {
  try {
    if (!(thrown instanceof Error)) return {};
    const name: unknown = thrown.name;
    const stack: unknown = thrown.stack;
    return {
      ...(typeof name === 'string' ? { errorName: cutText(name, loggedEntryChars) } : {}),
      ...(typeof stack === 'string' && stack !== '' ? { stack: cutText(withShortHeader(stack), loggedStackChars) } : {}),
    };
  } catch {
    return {};
  }
}

/** A V8 stack with the text before its first frame (`Name: message`) cut short. */
function withShortHeader(stack: string): string {
  const firstFrame = stack.search(/\n\s+at /);
  const header = firstFrame < 0 ? stack : stack.slice(0, firstFrame);
  return header.length <= loggedStackHeaderChars ? stack : `${cutText(header, loggedStackHeaderChars)}${firstFrame < 0 ? '' : stack.slice(firstFrame)}`;
}

/**
 * The first {@link loggedListEntries} entries of a list under `listKey`, each cut to a readable
 * length, and under `countKey` how many there are when there are more.
 */
export function cappedForLog(listKey: string, countKey: string, entries: readonly string[]): Record<string, unknown> {
  return { [listKey]: entries.slice(0, loggedListEntries).map((e) => cutText(e, loggedEntryChars)), ...(entries.length > loggedListEntries ? { [countKey]: entries.length } : {}) };
}

/** Hex characters of a logged text's digest: enough to tell a hundred texts apart, too few to stand for the text. */
const loggedDigestChars = 12;

/**
 * A short digest of a text a worker or the data wrote (an unknown label, which a custom template's
 * "other: specify" field fills with free text), for a log line that must tell such texts apart
 * without copying them into CloudWatch: the first {@link loggedDigestChars} hex characters of the
 * SHA-256 of its UTF-8 bytes. The output manifest keeps the text, so a reader finds which one a log
 * line means by digesting the texts there the same way.
 *
 * @example
 * textDigestForLog('Dog'); // 'sha256:' and 12 hex characters, the same for every 'Dog'
 */
export function textDigestForLog(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex').slice(0, loggedDigestChars)}`;
}

/**
 * How many texts a batch gave under `countKey`, and the digests ({@link textDigestForLog}) of the
 * first {@link loggedListEntries} under `listKey`: what a log line says of worker-written text.
 */
export function digestsForLog(listKey: string, countKey: string, texts: readonly string[]): Record<string, unknown> {
  return { [countKey]: texts.length, [listKey]: texts.slice(0, loggedListEntries).map(textDigestForLog) };
}

/** V8's JSON.parse message for an unexpected character, which quotes the text around it: `Unexpected token 'J', "Jane Doe l"... is not valid JSON`. */
const parserQuote = /Unexpected token [\s\S]* is not valid JSON/g;

/**
 * A JSON string literal, as gtkit's messages quote a value (`got string "Jane…"`), or one the cap on
 * a reason's length cut before its closing quote (`$`): that one runs to the end.
 */
const quotedText = /"(?:[^"\\]|\\[\s\S])*("|$)/g;

/** Words gtkit's own messages quote (`expected one label {"label": "…"}`): a digest of a word anyone can read in gtkit would hide nothing, so they stay readable. */
const ownWords = new Set(['label', 'labels', '…', '#rrggbb', 'annotatedResult']);

/**
 * Why an answer was set aside, for a log line: the reason said by a parser of worker answers quotes
 * what the answer held (`answer.category.label: expected a string, got string "Jane Doe…"`, the
 * text around JSON.parse's unexpected character), so each quoted text becomes its digest
 * ({@link textDigestForLog}) and the parser's quote is left out. The output manifest's
 * `rejected-annotations` keeps the reason as it is. A reason that names answer text without
 * quoting it (a custom parseAnswer's own wording) is logged as it is; a quoted text the reason's
 * length cap cut before its closing quote is left out whole.
 *
 * @example
 * reasonForLog('.annotationData.content: answer.category.label: expected a string, got string "Jane"');
 * // '.annotationData.content: answer.category.label: expected a string, got string sha256:…'
 */
export function reasonForLog(reason: string): string {
  return reason.replace(parserQuote, "Unexpected token (the answer's text around it is left out of the log) is not valid JSON").replace(quotedText, (literal, closed: string) => {
    // A literal cut short is a worker's text of unknown length: none of it is logged.
    if (closed === '') return '(a quoted text cut short, left out of the log)';
    const text = quotedTextOf(literal);
    return ownWords.has(text) ? literal : textDigestForLog(text);
  });
}

/** The text a JSON string literal stands for, or what is between its quotes when it is no valid literal (a raw line break in it). */
function quotedTextOf(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** The longest `source-ref` a log line carries: an S3 URI is at most about 1,100 characters. */
const loggedSourceRefChars = 2000;

/**
 * Where a data object is and what it holds, for the log line about it: its `source-ref` (an S3
 * URI) and its field names, never its values. A manifest line carries the customer's data
 * (`source` text, extra fields), and CloudWatch keeps what a Lambda logs for as long as the log
 * group's retention, so the values stay out; the source-ref or the field names find the line.
 */
export function dataObjectLogFields(dataObject: unknown): Record<string, unknown> {
  if (!isObject(dataObject)) return { dataObjectType: describeType(dataObject) };
  const sourceRef = dataObject['source-ref'];
  return {
    ...(typeof sourceRef === 'string' ? { sourceRef: cutText(sourceRef, loggedSourceRefChars) } : {}),
    ...cappedForLog('fields', 'fieldCount', Object.keys(dataObject)),
  };
}
