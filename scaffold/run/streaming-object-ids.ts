import { getOwn } from '../../lambdas/contracts/own-property.ts';
import type { ManifestLine } from './manifest.ts';

/**
 * A streaming job's own deduplication key (reference §7.5): a message may name one of its
 * attributes as its id with `"dataset-objectid-attribute-name": "<key>"`, and Ground Truth labels
 * each id once. Without it the id is the SNS message's own, so every message counts.
 */
export const objectIdKeyAttribute = 'dataset-objectid-attribute-name';

/** The documented limits of the key's name and of the id (reference §7.5); the name is full-matched. */
const keyNamePattern = /^[$a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const maxKeyNameChars = 140;
const maxIdChars = 1024;

/** A line Ground Truth would not label: its id was given by an earlier line. */
export interface RepeatedObjectId {
  line: ManifestLine;
  /** The earlier line with the same id, which is labelled. */
  first: ManifestLine;
  key: string;
  id: string;
}

/** A line whose dedup key Ground Truth may not take as written: what is wrong, and what to do. */
export interface ObjectIdKeyProblem {
  line: ManifestLine;
  message: string;
  fix: string;
}

export interface StreamingObjectIds {
  /** The lines to label, in order: every line but the repeats. */
  kept: ManifestLine[];
  repeats: RepeatedObjectId[];
  problems: ObjectIdKeyProblem[];
}

/**
 * The sample messages of a streaming task as Ground Truth would take them: a line whose custom id
 * an earlier line already gave is left out (labelled once), and a key that breaks the documented
 * rules (a name outside the pattern or over 140 characters, an attribute it names that the line
 * lacks or that is no string, an id over 1,024 characters) is a problem. What Ground Truth does
 * with such a message is not documented, so the line itself is kept.
 *
 * @example
 * streamingObjectIds(lines).repeats; // [{ line: <line 3>, first: <line 1>, key: 'ticket-id', id: 'T-1001' }]
 */
export function streamingObjectIds(lines: readonly ManifestLine[]): StreamingObjectIds {
  const kept: ManifestLine[] = [];
  const repeats: RepeatedObjectId[] = [];
  const problems: ObjectIdKeyProblem[] = [];
  const firstWithId = new Map<string, ManifestLine>();
  const dropKey = `or leave out "${objectIdKeyAttribute}" to let Ground Truth tell messages apart by their SNS message id`;
  for (const line of lines) {
    const key = getOwn(line.dataObject, objectIdKeyAttribute);
    if (key === undefined) {
      kept.push(line);
      continue;
    }
    const problem = (message: string, fix: string) => problems.push({ line, message, fix });
    if (typeof key !== 'string') {
      problem(`"${objectIdKeyAttribute}" must name the attribute that holds the message's id, got ${JSON.stringify(key)}`, `write the attribute's name as a string, e.g. "${objectIdKeyAttribute}": "ticket-id", ${dropKey}`);
      kept.push(line);
      continue;
    }
    if (key.length > maxKeyNameChars || !keyNamePattern.test(key)) {
      const why = key.length > maxKeyNameChars ? `has ${key.length} characters; the documented limit is ${maxKeyNameChars}` : 'is not of the documented form: letters and digits, with single or repeated hyphens between them (a "$" may open it)';
      problem(`the id attribute "${key}" that "${objectIdKeyAttribute}" names ${why}, so Ground Truth may refuse the message`, `rename the attribute, e.g. "ticket-id", ${dropKey}`);
    }
    const id = getOwn(line.dataObject, key);
    if (id === undefined) {
      problem(`"${objectIdKeyAttribute}" names "${key}" as the message's id, but the line has no "${key}": what Ground Truth does with such a message is not documented`, `add "${key}": "<the object's id>" to the line, ${dropKey}`);
    } else if (typeof id !== 'string') {
      problem(`the id "${key}" must be a string, got ${JSON.stringify(id)}`, `write it as a string, e.g. "${key}": "${String(id)}"`);
    } else if (id.length > maxIdChars) {
      problem(`the id "${key}" has ${id.length} characters; the documented limit is ${maxIdChars}`, `shorten the id in "${key}"`);
    } else {
      // Ids are compared as the strings they are: "T-1" and "t-1" are two objects.
      const first = firstWithId.get(id);
      if (first !== undefined) {
        repeats.push({ line, first, key, id });
        continue;
      }
      firstWithId.set(id, line);
    }
    kept.push(line);
  }
  return { kept, repeats, problems };
}

/** A repeated id in words, as the dry run and lint say it. */
export function repeatedIdMessage(repeat: RepeatedObjectId): { message: string; fix: string } {
  return {
    message: `repeats the id ${JSON.stringify(repeat.id)} ("${repeat.key}", which "${objectIdKeyAttribute}" names) of line ${repeat.first.lineNumber}: Ground Truth labels each id once, so this message would not be labelled`,
    fix: `give the line an id of its own in "${repeat.key}" if it is another object, or remove it`,
  };
}
