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
}

/**
 * Encodes class answers. Items keep their first-appearance order; workers are sorted; classes
 * are `labels` when given (answers outside them ignored), else the answers' labels sorted.
 */
export function encodeClassAnswers(records: ReadonlyArray<AnswerRecord<string>>, labels?: readonly string[]): EncodedAnswers {
  const classes = labels ? [...labels] : [...new Set(records.map((r) => r.answer))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const itemIndex = new Map<string, number>();
  const items: string[] = [];
  const workerSet = new Set<string>();
  let kept = 0;
  for (const r of records) {
    if (!itemIndex.has(r.item)) {
      itemIndex.set(r.item, items.length);
      items.push(r.item);
    }
    if (classIndex.has(r.answer)) {
      workerSet.add(r.worker);
      kept++;
    }
  }
  const workers = [...workerSet].sort();
  const workerIndex = new Map(workers.map((w, i) => [w, i]));
  const itemOf = new Int32Array(kept);
  const workerOf = new Int32Array(kept);
  const classOf = new Int32Array(kept);
  let n = 0;
  for (const r of records) {
    const c = classIndex.get(r.answer);
    if (c === undefined) continue;
    itemOf[n] = itemIndex.get(r.item) as number;
    workerOf[n] = workerIndex.get(r.worker) as number;
    classOf[n] = c;
    n++;
  }
  return { items, workers, classes, itemOf, workerOf, classOf, ignored: records.length - kept };
}
