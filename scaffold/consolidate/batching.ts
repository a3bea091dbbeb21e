import { UsageError } from '../cli/exit-codes.ts';
import type { ReplayProblem } from '../run/replay.ts';

/** How `gtkit consolidate` cuts the objects into ACS batches (`--batches`). */
export type BatchOrder = 'id-order' | 'job';

export const batchOrders: readonly BatchOrder[] = ['id-order', 'job'];

export function parseBatchOrder(value: string | undefined): BatchOrder {
  if (value === undefined) return 'id-order';
  if ((batchOrders as readonly string[]).includes(value)) return value as BatchOrder;
  throw new UsageError(`--batches must be ${batchOrders.map((o) => JSON.stringify(o)).join(' or ')}, got ${JSON.stringify(value)}`);
}

/** The batches to consolidate, and how many of them are the job's own. */
export interface Batches {
  batches: string[][];
  fromJob: number;
}

/**
 * Cuts `ids` (in datasetObjectId order) into batches. With the job's batches (each consolidation
 * request's objects, in the order the job sent them), each job batch keeps the objects of `ids` it
 * names, in its order, and is left out when it names none; the objects no request names follow,
 * `batchSize` at a time. Without, `ids` are cut every `batchSize`.
 *
 * @example
 * batchesOf(['0', '1', '2', '3'], 10, [['2', '0'], ['9']]) // { batches: [['2', '0'], ['1', '3']], fromJob: 1 }
 */
export function batchesOf(ids: readonly string[], batchSize: number, jobBatches?: readonly (readonly string[])[]): Batches {
  const wanted = new Set(ids);
  const batches: string[][] = [];
  for (const job of jobBatches ?? []) {
    const kept = job.filter((id) => wanted.delete(id));
    if (kept.length > 0) batches.push(kept);
  }
  const fromJob = batches.length;
  const rest = ids.filter((id) => wanted.has(id));
  for (let start = 0; start < rest.length; start += batchSize) batches.push(rest.slice(start, start + batchSize));
  return { batches, fromJob };
}

/**
 * The problem of a --batches job run whose objects are not all in the job's consolidation
 * requests (`rest`: the batches cut for those objects; `requests`: the requests read): those
 * objects were consolidated after the job's batches, in other company, and their labels may not
 * be the job's. A problem, not a note: --strict and --json are how a script learns of it.
 */
export function objectsInNoRequest(rest: readonly (readonly string[])[], requests: number): ReplayProblem {
  const objects = rest.reduce((n, batch) => n + batch.length, 0);
  const first = rest[0]?.[0] ?? '';
  const why =
    requests === 0
      ? "no consolidation request of the job could be read under annotations/consolidated-annotation/consolidation-request/ (none there, or each damaged; see the warnings)"
      : `they are in none of the ${requests} consolidation request(s) the job's folder holds (a request missing or damaged, see the warnings, or naming other datasetObjectIds)`;
  return {
    stage: 'answers',
    where: '--batches job',
    message: `${objects} object(s), the first datasetObjectId ${first}, are not in the job's own batches: ${why}; they were consolidated after those, --batch-size at a time, so their labels may differ from the job's`,
  };
}
