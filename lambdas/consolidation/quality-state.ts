import { getOwn, sortedRecord } from '../contracts/own-property.ts';

/**
 * The carried state of the algorithms that learn one quality per worker, each measured on some
 * units (box-merge: boxes; pixel-vote: images): `{ version: 1, algorithm, workers: { id: { quality, <unit> } } }`.
 * Their states add up the same way and count in a batch the same way, so both use these two.
 */
type QualityEntry<U extends string> = { quality: number } & { [K in U]: number };

/**
 * States added up: per worker, the units counted and the quality averaged over them (qualities
 * measured on no units are averaged plainly), whatever the states' order.
 */
export function mergeQualityStates<A extends string, U extends string>(
  states: ReadonlyArray<{ version: 1; algorithm: A; workers: Record<string, QualityEntry<U>> }>,
  algorithm: A,
  unit: U,
): { version: 1; algorithm: A; workers: Record<string, QualityEntry<U>> } {
  if (states.length === 0) throw new TypeError(`merging ${algorithm} states: expected at least one state`);
  const sums = new Map<string, { weighted: number; units: number; plain: number; entries: number }>();
  for (const state of states)
    for (const [worker, entry] of Object.entries(state.workers)) {
      const sum = sums.get(worker) ?? { weighted: 0, units: 0, plain: 0, entries: 0 };
      const units = entry[unit] as number;
      sum.weighted += entry.quality * units;
      sum.units += units;
      sum.plain += entry.quality;
      sum.entries++;
      sums.set(worker, sum);
    }
  const workers = new Map<string, QualityEntry<U>>();
  for (const [worker, sum] of sums) workers.set(worker, { quality: sum.units > 0 ? sum.weighted / sum.units : sum.plain / sum.entries, [unit]: sum.units } as QualityEntry<U>);
  return { version: 1, algorithm, workers: sortedRecord(workers) };
}

/**
 * A worker's quality in this batch blended with the carried one, which counts in proportion to
 * the units it was measured on, fully from `fullAt` units.
 */
export function blendQualityPrior<U extends string>(quality: number, worker: string, prior: { workers: Record<string, QualityEntry<U>> } | undefined, unit: U, fullAt: number): number {
  const p = getOwn(prior?.workers, worker);
  if (!p) return quality;
  const trust = Math.min(1, (p[unit] as number) / fullAt);
  return (quality + p.quality * trust) / (1 + trust);
}
