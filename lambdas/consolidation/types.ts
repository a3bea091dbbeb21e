import type { OptionSpec, OptionSpecs } from './options.ts';
import { workerQualities } from './tallies.ts';

/**
 * The uniform consolidation API (after crowd-kit): every algorithm takes (item, worker, answer)
 * records and returns, per item, a label with a confidence in [0, 1] (and class posteriors
 * where the method has them), plus a quality estimate per worker.
 */
export interface AnswerRecord<A> {
  // Every record counts: two records of one worker on one item are two answers. gtkit's ACS keeps
  // a worker's later answer only; pass records deduplicated the same way when that is wanted.
  item: string;
  worker: string;
  answer: A;
}

export interface ItemResult<L> {
  item: string;
  /** null when nothing could be decided; `reason` says why. */
  label: L | null;
  confidence: number;
  posteriors?: Record<string, number>;
  /**
   * How many of the item's answers were counted: an answer the algorithm leaves out (a label
   * outside `labels`, a number that is not finite, a text that is not a string) is not.
   */
  support: number;
  reason?: string;
}

export interface WorkerQuality {
  worker: string;
  /** In [0, 1]; what it measures is documented per algorithm (accuracy, agreement, precision). */
  quality: number;
  answers: number;
}

export interface ConsolidationResult<L, S = unknown> {
  /** In the order items first appear in the records. */
  items: Array<ItemResult<L>>;
  /**
   * One entry for every worker in the records (a worker whose answers were all unusable, such as
   * labels outside `labels`, has quality 0 and `answers` 0; span-vote and keypoint-merge count an
   * answer whose marks were all unusable as a wrong one), sorted by worker id in code-unit order
   * (`order.ts`), the same on every machine.
   */
  workers: WorkerQuality[];
  /** What to pass as `prior` for the next batch (JSON-serialisable), for algorithms that learn. */
  state?: S;
  /**
   * This batch's own part of `state`, without the prior, for algorithms whose states add up
   * (`mergeStates([prior, batchState])` is `state`; `checked` adds `state` so, and the algorithm
   * returns `batchState` alone). Stored apart per batch, it lets batches that run at once, or a
   * batch sent twice, keep every answer counted once.
   */
  batchState?: S;
}

export type AnswerKind = 'class' | 'multi-label' | 'box' | 'keypoint' | 'polygon' | 'polyline' | 'span' | 'text' | 'number' | 'mask';

/** An algorithm of the registry. */
export interface Algorithm<A, L, O = Record<string, unknown>, S = unknown> {
  name: string;
  kind: AnswerKind;
  description: string;
  /**
   * The options it takes, so that options from a config or the command line can be checked
   * ({@link checkOptions}). One spec per option of `O`, no more, no fewer (the compiler checks).
   */
  optionSpecs: SpecsFor<O>;
  /**
   * Runs the algorithm. gtkit's algorithms check their arguments first (`checked.ts`): records that are not
   * `{ item, worker, answer }` of this kind are a TypeError, options outside `optionSpecs` (or a
   * `prior` its `readState` refuses) a ContractError.
   */
  consolidate(records: ReadonlyArray<AnswerRecord<A>>, options?: O & { prior?: S }): ConsolidationResult<L, S>;
  /** For algorithms that carry state: checks a loaded state (e.g. JSON from S3) and returns it, or throws naming every problem. */
  readState?(value: unknown): S;
  /**
   * For algorithms whose states add up: one state holding what all of `states` hold (at least one),
   * whatever their order. With it the ACS stores each batch's `batchState` apart and merges them.
   */
  mergeStates?(states: readonly S[]): S;
}

/** One spec for each option of `O` (an algorithm without options has `O` = a string-keyed record, and takes `{}`). */
export type SpecsFor<O> = string extends keyof O ? OptionSpecs : { readonly [K in keyof O]-?: OptionSpec };

/** Options every classification algorithm takes. */
export interface ClassOptions {
  /** The known classes, in order: it fixes tie-breaking and posterior keys. Answers outside it are ignored. */
  labels?: readonly string[];
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Worker quality as the share of a worker's items that made it into the result, sorted by worker id. */
export function qualityFromHits(hits: Map<string, { hit: number; total: number }>): WorkerQuality[] {
  return workerQualities(hits, (h) => ({ quality: h.total ? h.hit / h.total : 0, answers: h.total }));
}

/** Counts one of a worker's items as kept or not. */
export function countHit(hits: Map<string, { hit: number; total: number }>, worker: string, kept: boolean): void {
  const h = hits.get(worker) ?? { hit: 0, total: 0 };
  h.total++;
  if (kept) h.hit++;
  hits.set(worker, h);
}
