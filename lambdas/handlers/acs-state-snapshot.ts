import { createHash } from 'node:crypto';
import { compareIds } from '../consolidation/order.ts';

/**
 * A snapshot of the shared consolidation state, `<name>/snapshots/<generation>-<digest>.json`
 * holding `{ version: 1, writtenAt, parts, folded, state }`: `state` is the sum of every part folded
 * into it so far, and `parts` the ids of the parts whose files may still be stored or were folded
 * lately. A reader adds every stored part whose id is not in `parts`. `writtenAt` is the writer's
 * clock (ms since the epoch), and `folded` says when each id in `parts` was first folded, as runs
 * `[writtenAt, count]` in the order of `parts`: a part may be deleted only once it was folded long
 * enough ago (acs-shared-state.ts). A snapshot without them (written before they existed) counts
 * as folded long ago.
 *
 * The generation is one more than the highest one listed when the snapshot was made, so a snapshot
 * made from an older listing can never outrank one made from a newer: that is what lets a batch
 * delete what the newest snapshots hold (acs-state-prune.ts). Snapshots of earlier gtkit versions
 * carry their part count there instead, which only ever grew, so a job carries on from them.
 */
export interface Snapshot {
  uri: string;
  generation: number;
  parts: string[];
  /** When each of `parts` was first folded (0: before snapshots said so). */
  foldedAt: number[];
  state: unknown;
}

/** Ids of the most recently folded parts a snapshot keeps beyond those still stored: a batch sent again within this many later parts still counts once. */
export const recentPartIdsKept = 1024;

/** A snapshot's generation from its key below the snapshots prefix, or undefined when the key is no snapshot's. */
export function snapshotGeneration(name: string): number | undefined {
  const digits = /^(\d{8})-[0-9a-f]{16}\.json$/.exec(name)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** Where a snapshot of this generation and these part ids goes. */
export function snapshotUri(snapshotsPrefix: string, generation: number, parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  return `${snapshotsPrefix}${String(generation).padStart(8, '0')}-${digest}.json`;
}

/** A stored snapshot's ids, their fold times and unchecked state, or a problem naming what is wrong with it. */
export function parseSnapshot(value: unknown): { parts: string[]; foldedAt: number[]; state: unknown } | { problem: string } {
  const { version, parts, folded, state } = (value ?? {}) as { version?: unknown; parts?: unknown; folded?: unknown; state?: unknown };
  if (version !== 1 || !Array.isArray(parts) || !parts.every((p) => typeof p === 'string')) return { problem: 'not a snapshot of version 1 with a list of part ids' };
  if (folded === undefined) return { parts, foldedAt: parts.map(() => 0), state };
  const foldedAt = Array.isArray(folded) ? unfoldRuns(folded, parts.length) : undefined;
  if (foldedAt?.length !== parts.length) return { problem: 'its fold times (folded) are not runs [ms since the epoch, count] covering its part ids' };
  return { parts, foldedAt, state };
}

/** `[time, count]` runs of equal neighbours: the ids a snapshot folds at once share one time. */
export function foldRuns(times: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const time of times) {
    const last = runs.at(-1);
    if (last && last[0] === time) last[1]++;
    else runs.push([time, 1]);
  }
  return runs;
}

/** The times `[time, count]` runs stand for, or undefined when one is not such a run or they stand for more than `most`. */
function unfoldRuns(runs: unknown[], most: number): number[] | undefined {
  const times: number[] = [];
  for (const run of runs) {
    if (!Array.isArray(run) || typeof run[0] !== 'number' || !Number.isSafeInteger(run[1]) || run[1] < 1 || times.length + run[1] > most) return undefined;
    for (let i = 0; i < run[1]; i++) times.push(run[0]);
  }
  return times;
}

/**
 * The ids a new snapshot lists: its base's, then the parts it folds now (in id order), less the
 * oldest beyond {@link recentPartIdsKept} whose files the batch did not list. An id whose part may
 * still be stored stays, or a reader would add that part a second time; once the part is deleted
 * and enough later parts have come, its id goes, so the list stays bounded.
 */
export function nextSnapshotIds(base: readonly string[], folded: readonly string[], listedPartIds: ReadonlySet<string>): string[] {
  const all = [...base, ...[...folded].sort(compareIds)];
  const firstRecent = all.length - recentPartIdsKept;
  return all.filter((id, i) => i >= firstRecent || listedPartIds.has(id));
}
