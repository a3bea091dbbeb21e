import { createHash } from 'node:crypto';
import type { CapturedAnswer } from './answers-file.ts';

/**
 * Which data an answer was given for: the first 16 hex digits of the SHA-256 of its manifest
 * line's `source-ref` (or `source`). `datasetObjectId` is only the line's position, so without
 * this an edit of the manifest (a line inserted, removed or moved) would replay every later
 * answer onto another object without a word.
 */
export function sourceDigest(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/** Whether a value is a digest as `sourceDigest` makes it (16 lower-case hex digits). */
export function isSourceDigest(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
}

/** The data a manifest line stands for: its `source-ref`, else its `source` (as the task types read it). */
export function lineSource(dataObject: Record<string, unknown>): string {
  const ref = Object.hasOwn(dataObject, 'source-ref') ? dataObject['source-ref'] : undefined;
  const text = Object.hasOwn(dataObject, 'source') ? dataObject.source : undefined;
  return String(ref ?? text ?? '');
}

/** A line that can take answers: its datasetObjectId and its data (with its digest, when the caller keeps one). */
export interface AnswerableLine {
  id: string;
  source: string;
  digest?: string;
}

export interface PlacementNote {
  /** `moved`: replayed on its data's new line; `ignored`: not replayed at all. */
  kind: 'moved' | 'ignored';
  message: string;
}

export interface PlacedAnswers {
  /** Each line's answers, by datasetObjectId; an answer moved to its data's new line is under that line's id. */
  byId: Map<string, CapturedAnswer[]>;
  /** What a user should hear: answers moved to their data's new line, and answers left out with why. */
  notes: PlacementNote[];
}

/**
 * Puts each captured answer on the line it was given for. An answer without `sourceDigest`
 * (written by hand or by an older gtkit) goes by its datasetObjectId. One whose line still
 * holds the same data stays; one whose data is now on exactly one other line moves there; one
 * whose data is on no line, or on several, is left out. Nothing is dropped without a note, and
 * when a moved answer meets the same worker's answer on its new line, the answer given for that
 * line as it is now wins (else the later one in the file).
 */
export function placeAnswers(answers: readonly CapturedAnswer[], lines: readonly AnswerableLine[]): PlacedAnswers {
  const lineById = new Map(lines.map((l) => [l.id, l]));
  // Each line hashed at most once, however many answers name it.
  const digests = new Map<AnswerableLine, string>();
  const digestOf = (l: AnswerableLine): string => {
    let d = l.digest ?? digests.get(l);
    if (d === undefined) digests.set(l, (d = sourceDigest(l.source)));
    return d;
  };
  let linesByDigest: Map<string, string[]> | undefined;
  const linesWith = (digest: string): string[] => {
    if (!linesByDigest) {
      linesByDigest = new Map();
      for (const l of lines) {
        const d = digestOf(l);
        const ids = linesByDigest.get(d);
        if (ids) ids.push(l.id);
        else linesByDigest.set(d, [l.id]);
      }
    }
    return linesByDigest.get(digest) ?? [];
  };
  const notes: PlacementNote[] = [];
  const ignored = (message: string) => notes.push({ kind: 'ignored', message });
  const chosen = new Map<string, { answer: CapturedAnswer; moved: boolean }>();
  const from = (a: CapturedAnswer) => `the answer of ${JSON.stringify(a.workerId)} for datasetObjectId ${JSON.stringify(a.datasetObjectId)}`;
  for (const a of answers) {
    const line = lineById.get(a.datasetObjectId);
    let id: string | undefined;
    let moved = false;
    if (a.sourceDigest === undefined || (line && digestOf(line) === a.sourceDigest)) {
      if (!line) {
        ignored(`${from(a)}: no such object needs human annotation; ignored`);
        continue;
      }
      id = line.id;
    } else {
      const candidates = linesWith(a.sourceDigest);
      if (candidates.length !== 1) {
        ignored(
          `${from(a)} was given for data that ${candidates.length === 0 ? 'no line needing human annotation holds now' : `${candidates.length} lines hold now (datasetObjectIds ${candidates.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')})`} (the manifest changed since it was captured); ignored`,
        );
        continue;
      }
      id = candidates[0] as string;
      moved = true;
      notes.push({ kind: 'moved', message: `${from(a)} was given for the data now on datasetObjectId ${JSON.stringify(id)} (the manifest changed since it was captured); replayed there` });
    }
    const key = `${id}\u0000${a.workerId}`;
    const earlier = chosen.get(key);
    if (earlier && earlier.moved !== moved) {
      const [kept, dropped] = moved ? [earlier.answer, a] : [a, earlier.answer];
      ignored(`${from(dropped)} meets ${from(kept)} on datasetObjectId ${JSON.stringify(id)}; the one given for that line as it is now is kept`);
      chosen.set(key, moved ? earlier : { answer: a, moved });
      continue;
    }
    if (earlier) ignored(`${from(earlier.answer)} meets a later answer of the same worker on datasetObjectId ${JSON.stringify(id)}; the later one is kept`);
    chosen.set(key, { answer: a, moved });
  }
  const byId = new Map<string, CapturedAnswer[]>();
  for (const [key, { answer }] of chosen) {
    const id = key.slice(0, key.indexOf('\u0000'));
    const placed = id === answer.datasetObjectId ? answer : { ...answer, datasetObjectId: id };
    const list = byId.get(id);
    if (list) list.push(placed);
    else byId.set(id, [placed]);
  }
  return { byId, notes };
}
