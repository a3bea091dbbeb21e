import { compareIds } from './order.ts';
import type { AnswerRecord } from './types.ts';

/** Records as integer arrays, for tight loops without per-answer allocation. */
export interface EncodedAnswers {
  items: string[];
  workers: string[];
  classes: string[];
  itemOf: Int32Array;
  workerOf: Int32Array;
  classOf: Int32Array;
  /** Records dropped because their label is not among the given classes. */
  ignored: number;
  /** Workers of the records whose every answer was dropped, sorted: results list them with quality 0. */
  workersWithNoKnownLabel: string[];
}

/**
 * Encodes class answers. Items keep their first-appearance order; workers are sorted; classes
 * are `labels` when given (answers outside them ignored), else the answers' labels sorted.
 */
export function encodeClassAnswers(records: ReadonlyArray<AnswerRecord<string>>, labels?: readonly string[]): EncodedAnswers {
  const classes = labels ? [...labels] : answerLabels(records);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const itemIndex = new Map<string, number>();
  const items: string[] = [];
  // One pass with one lookup per key: workers get first-seen ids here, remapped to sorted ids below.
  const seenWorker = new Map<string, number>();
  const seenWorkers: string[] = [];
  const itemOf = new Int32Array(records.length);
  const workerOf = new Int32Array(records.length);
  const classOf = new Int32Array(records.length);
  // Only filled on the dropped path, so known-label batches pay nothing for it.
  const droppedWorkers = new Set<string>();
  let n = 0;
  for (const r of records) {
    let item = itemIndex.get(r.item);
    if (item === undefined) {
      item = items.length;
      itemIndex.set(r.item, item);
      items.push(r.item);
    }
    const c = classIndex.get(r.answer);
    if (c === undefined) {
      droppedWorkers.add(r.worker);
      continue;
    }
    let worker = seenWorker.get(r.worker);
    if (worker === undefined) {
      worker = seenWorkers.length;
      seenWorker.set(r.worker, worker);
      seenWorkers.push(r.worker);
    }
    itemOf[n] = item;
    workerOf[n] = worker;
    classOf[n] = c;
    n++;
  }
  const order = seenWorkers.map((_, i) => i).sort((a, b) => compareIds(seenWorkers[a]!, seenWorkers[b]!));
  const sortedId = new Int32Array(order.length);
  order.forEach((firstSeen, sorted) => (sortedId[firstSeen] = sorted));
  for (let a = 0; a < n; a++) workerOf[a] = sortedId[workerOf[a]!]!;
  return {
    items,
    workers: order.map((i) => seenWorkers[i]!),
    classes,
    itemOf: itemOf.subarray(0, n),
    workerOf: workerOf.subarray(0, n),
    classOf: classOf.subarray(0, n),
    ignored: records.length - n,
    workersWithNoKnownLabel: [...droppedWorkers].filter((w) => !seenWorker.has(w)).sort(compareIds),
  };
}

/** The distinct answer labels, sorted. */
export function answerLabels(records: ReadonlyArray<{ answer: string }>): string[] {
  const seen = new Set<string>();
  for (const r of records) seen.add(r.answer);
  return [...seen].sort();
}
