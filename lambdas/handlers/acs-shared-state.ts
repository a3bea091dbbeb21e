import { createHash } from 'node:crypto';
import type { AcsPayloadObject } from '../contracts/acs.ts';
import { thrownReason } from '../contracts/check.ts';
import { PayloadReadError } from '../contracts/errors.ts';
import { compareIds } from '../consolidation/order.ts';
import { storeNow, type ObjectStore } from '../io/object-store.ts';
import type { StateMerge } from './acs-types.ts';
import { mapLimitedSettled } from './concurrency.ts';
import { pruneSuperseded } from './acs-state-prune.ts';
import { foldRuns, nextSnapshotIds, parseSnapshot, snapshotGeneration, snapshotUri, type Snapshot } from './acs-state-snapshot.ts';
import type { HandlerLogger } from './logger.ts';

/**
 * The shared state's layout beside the one-object state `<name>.json`:
 * `<name>/batches/<batch id>.json` holds one batch's own part, and `<name>/snapshots/<generation>-<digest>.json`
 * the merge of many parts (acs-state-snapshot.ts), so that a batch reads one snapshot and the parts
 * written since instead of every part of the job. Once a newer snapshot holds them, older snapshots
 * are deleted, and parts once they were folded 20 minutes before (acs-state-prune.ts), so what a
 * batch lists stays bounded by the job's rate, and what it reads by {@link partsPerSnapshot},
 * however long the job runs.
 */
export interface SharedStateLayout {
  /** The one-object state (`load`/`save`, and the shared state's fallback). */
  single: string;
  /** Every key of the layout starts with it (the one-object state's too). */
  listPrefix: string;
  parts: string;
  snapshots: string;
}

export function sharedStateLayout(singleUri: string): SharedStateLayout {
  const base = singleUri.endsWith('.json') ? singleUri.slice(0, -'.json'.length) : `${singleUri}.d`;
  return { single: singleUri, listPrefix: base, parts: `${base}/batches/`, snapshots: `${base}/snapshots/` };
}

/** Parts read outside a snapshot before a batch writes a new one: a batch reads at most about this many. */
export const partsPerSnapshot = 32;
/** Parts read at once. */
const readsAtOnce = 16;
/**
 * How long ago a part must have been folded into a snapshot before a batch may delete it: the
 * longest an ACS Lambda runs (900 s) and a margin for the writers' clocks. By then every batch that
 * listed before the part was written has finished, so every snapshot still to come holds it.
 */
export const partsSettleMs = 20 * 60_000;

/**
 * A batch's id: a digest of its answers (each object's id with its workers' answers, in a fixed
 * order). The same batch sent again has the same id, so its part replaces itself; two batches of
 * one job never share one, since an object is consolidated once per batch it is in.
 */
export function batchIdOf(payload: readonly AcsPayloadObject[]): string {
  const hash = createHash('sha256');
  const objects = [...payload].sort((a, b) => compareIds(a.datasetObjectId, b.datasetObjectId));
  for (const object of objects) {
    const answers = object.annotations.map((a) => JSON.stringify([a.workerId, a.annotationData ?? null])).sort(compareIds);
    hash.update(JSON.stringify([object.datasetObjectId, answers]));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 32);
}

/** What a shared load found, kept for the commit: a new snapshot needs the parts it merged. */
export interface SharedRead<T> {
  merge: StateMerge<T>;
  /** The merged value (undefined: no part yet), as JSON so that each load gets a copy. */
  json: string | undefined;
  /** The snapshot's ids and state, and the parts read beside it: what a new snapshot would hold. */
  snapshotParts: string[];
  /** When each of `snapshotParts` was first folded. */
  snapshotFoldedAt: number[];
  snapshotState: T | undefined;
  readParts: Array<{ id: string; value: T }>;
  /** A part or snapshot that may be there could not be read (throttled): no snapshot from this batch. */
  incomplete: boolean;
  /** The ids of the parts listed: a new snapshot keeps those ids (their parts are still stored). */
  listedPartIds: ReadonlySet<string>;
  /** Whether the listing found the one-object state, readable or not; undefined when the listing failed, so it is not known. */
  singleListed: boolean | undefined;
  /** The highest snapshot generation listed, readable or not (0: none): a new snapshot's is one more. */
  newestGeneration: number;
  /** What a new snapshot built on this read supersedes, to delete once it is written (empty unless the snapshot read was the newest listed). */
  superseded: string[];
}

/**
 * What a damaged part or snapshot (not JSON, or not of the state's shape) means and what to do,
 * beside the warning that names it: no batch rewrites another's part, so it stays as it is, the
 * counts it holds stay missing from every later batch's prior, and every batch warns again.
 */
function damagedPartsAdvice(damaged: number): { damaged: number; effect: string; fix: string } {
  return {
    damaged,
    effect: "the worker counts of the batches a damaged file holds are left out of this batch's prior and of every later batch's: no batch rewrites another batch's part, so it stays damaged and each batch warns again",
    fix: 'restore each damaged file named here (from S3 versioning or a copy), or delete it to accept the loss of its counts and silence this warning',
  };
}

/** Listings a batch makes at most when what it listed was deleted before it read it. */
const listingsAtMost = 3;

/**
 * Reads the shared state: the newest snapshot, every part not in it (this batch's own left out:
 * a batch sent again must not count its answers in its own prior), and the one-object state of a
 * job begun before the layout existed. A snapshot or part that is gone by the time it is read was
 * deleted by a batch that wrote a newer snapshot holding it: the batch lists again, and after
 * {@link listingsAtMost} listings goes on with what it found, writing no snapshot. Returns
 * undefined when the store cannot list (no `list`, or access denied): the caller then keeps to
 * the one object.
 */
export async function readSharedState<T>(store: ObjectStore, layout: SharedStateLayout, batchId: string, merge: StateMerge<T>, logger: HandlerLogger): Promise<SharedRead<T> | undefined> {
  if (!store.list) return undefined;
  for (let listing = 1; ; listing++) {
    const listedAt = storeNow(store);
    let uris: string[];
    try {
      uris = await store.list(layout.listPrefix);
    } catch (error) {
      if (error instanceof PayloadReadError && error.denied) {
        logger.warn('cannot list the shared consolidation state (access denied); keeping it in one object, which batches that run at the same time write over. Give the role s3:ListBucket on the bucket', { uri: layout.listPrefix, error: thrownReason(error, 'the store') });
        return undefined;
      }
      logger.warn('cannot list the shared consolidation state; this batch starts afresh and saves only its own part', { uri: layout.listPrefix, error: thrownReason(error, 'the store') });
      return { merge, json: undefined, snapshotParts: [], snapshotFoldedAt: [], snapshotState: undefined, readParts: [], incomplete: true, listedPartIds: new Set(), singleListed: undefined, newestGeneration: 0, superseded: [] };
    }
    const found = await readListed(store, layout, uris, listedAt, batchId, merge);
    if (found.gone.length > 0 && listing < listingsAtMost) continue;
    const { read, problems, gone, snapshotUri } = found;
    if (read.snapshotParts.includes(batchId)) logger.info('this batch was consolidated before (the same answers); its earlier part is in the snapshot, so it counts in this batch\'s prior', { batchId, snapshot: snapshotUri });
    // In key order, not in the order the reads ended: the same store gives the same warning.
    if (gone.length > 0) {
      read.incomplete = true;
      problems.push(...gone.map((uri) => `${uri}: deleted since it was listed, ${listingsAtMost} times running (newer snapshots were written meanwhile); it is left out of this batch's prior and this batch writes no snapshot`));
    }
    // In key order, not in the order the reads ended: the same store gives the same warning.
    if (problems.length > 0) logger.warn('parts of the shared consolidation state were left out', { count: problems.length, first: problems.sort(compareIds).slice(0, 3), ...(found.damaged > 0 ? damagedPartsAdvice(found.damaged) : {}) });
    return read;
  }
}

/** One listing's snapshot and parts read; `gone`: listed objects deleted before they were read. */
async function readListed<T>(store: ObjectStore, layout: SharedStateLayout, uris: string[], listedAt: number, batchId: string, merge: StateMerge<T>): Promise<{ read: SharedRead<T>; problems: string[]; damaged: number; gone: string[]; snapshotUri: string | undefined }> {
  const partIds = new Map<string, string>();
  const snapshotUris: Array<{ uri: string; generation: number }> = [];
  let singleListed = false;
  for (const uri of uris) {
    if (uri === layout.single) singleListed = true;
    else if (uri.startsWith(layout.parts)) {
      const id = /^([0-9a-f]{32})\.json$/.exec(uri.slice(layout.parts.length))?.[1];
      if (id) partIds.set(id, uri);
    } else if (uri.startsWith(layout.snapshots)) {
      const generation = snapshotGeneration(uri.slice(layout.snapshots.length));
      if (generation !== undefined) snapshotUris.push({ uri, generation });
    }
  }
  let incomplete = false;
  const problems: string[] = [];
  /** How many of the problems are damage (not JSON, not the state's shape), not a read that failed now. */
  let damaged = 0;
  const damage = (problem: string) => {
    damaged++;
    problems.push(problem);
  };
  const gone: string[] = [];
  /** A stored value read and parsed, or undefined with the problem noted (or, when it is gone since the listing, the URI). */
  const readPiece = async (uri: string): Promise<unknown> => {
    try {
      return JSON.parse(await store.getText(uri)) as unknown;
    } catch (error) {
      if (error instanceof PayloadReadError && error.missing) {
        gone.push(uri);
        return undefined;
      }
      const problem = `${uri}: ${thrownReason(error, 'the store')}`;
      if (error instanceof SyntaxError) damage(problem);
      else {
        incomplete = true;
        problems.push(problem);
      }
      return undefined;
    }
  };
  /** A stored part that reads and passes `merge.read`, else undefined with the problem noted. */
  const readPart = async (uri: string): Promise<T | undefined> => {
    const value = await readPiece(uri);
    if (value === undefined) return undefined;
    try {
      return merge.read(value);
    } catch (error) {
      damage(`${uri}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const snapshot = await newestSnapshot(snapshotUris, readPiece, merge, damage);
  const inSnapshot = new Set(snapshot?.parts ?? []);
  const toRead = [...partIds].filter(([id]) => id !== batchId && !inSnapshot.has(id));
  const readParts: Array<{ id: string; value: T }> = [];
  for (const { id, value } of await mapLimitedSettled(toRead, readsAtOnce, async ([id, uri]) => ({ id, value: await readPart(uri) }))) if (value !== undefined) readParts.push({ id, value: value as T });
  const single = singleListed ? await readPart(layout.single) : undefined;
  const all = [...(single === undefined ? [] : [single]), ...(snapshot ? [snapshot.state as T] : []), ...readParts.map((p) => p.value)];
  const newestGeneration = Math.max(0, ...snapshotUris.map((s) => s.generation));
  // Only a snapshot built on the newest listed one may delete: one built on an older one (the
  // newest would not read) must not take away what the newest holds and it lacks. It deletes the
  // older snapshots and the others of its base's generation (written at the same time as the base;
  // the parts they hold beyond the base it has read and holds), and the parts its base holds that
  // were folded more than partsSettleMs before this listing. A younger part may be missing from a
  // snapshot still being written: one built on a sibling of the base by a batch that listed before
  // the part was written. Such a part stays, listed and in the ids, until a later snapshot may delete it.
  const settled = new Set(snapshot?.parts.filter((_, i) => (snapshot.foldedAt[i] ?? 0) <= listedAt - partsSettleMs));
  const superseded =
    snapshot && snapshot.generation === newestGeneration
      ? [...snapshotUris.filter((s) => s.generation <= snapshot.generation && s.uri !== snapshot.uri).map((s) => s.uri), ...[...partIds].filter(([id]) => settled.has(id)).map(([, uri]) => uri)]
      : [];
  return {
    read: {
      merge,
      json: all.length > 0 ? JSON.stringify(merge.merge(all)) : undefined,
      snapshotParts: snapshot?.parts ?? [],
      snapshotFoldedAt: snapshot?.foldedAt ?? [],
      snapshotState: snapshot?.state as T | undefined,
      readParts,
      incomplete,
      listedPartIds: new Set(partIds.keys()),
      singleListed,
      newestGeneration,
      superseded,
    },
    problems,
    damaged,
    gone,
    snapshotUri: snapshot?.uri,
  };
}

/** The snapshot of the highest generation (the last key of it), else the next one that reads. */
async function newestSnapshot<T>(listed: Array<{ uri: string; generation: number }>, readPiece: (uri: string) => Promise<unknown>, merge: StateMerge<T>, damage: (problem: string) => void): Promise<Snapshot | undefined> {
  for (const { uri, generation } of [...listed].sort((a, b) => b.generation - a.generation || compareIds(b.uri, a.uri))) {
    const value = await readPiece(uri);
    if (value === undefined) continue;
    const parsed = parseSnapshot(value);
    if ('problem' in parsed) {
      damage(`${uri}: ${parsed.problem}`);
      continue;
    }
    try {
      return { uri, generation, parts: parsed.parts, foldedAt: parsed.foldedAt, state: merge.read(parsed.state) };
    } catch (error) {
      damage(`${uri}: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/**
 * Writes this batch's part and, when the parts outside the newest snapshot have grown to
 * {@link partsPerSnapshot}, a new snapshot holding them all, then deletes what it supersedes
 * (acs-state-prune.ts). A part is deleted only once every snapshot still to be written holds it
 * ({@link partsSettleMs}), so two snapshots written at once, or one lost, lose nothing: a reader
 * merges the stored parts its snapshot lacks.
 */
export async function writeSharedPart<T>(store: ObjectStore, layout: SharedStateLayout, batchId: string, partJson: string, read: SharedRead<T> | undefined, logger: HandlerLogger): Promise<void> {
  try {
    await store.putText(`${layout.parts}${batchId}.json`, partJson);
  } catch (error) {
    logger.warn('consolidation state not saved; the next batch starts without this batch\'s part', { uri: `${layout.parts}${batchId}.json`, error: thrownReason(error, 'the store') });
    return;
  }
  if (!read || read.incomplete || read.readParts.length + 1 < partsPerSnapshot) return;
  const own = ownPart(partJson, read.merge, logger);
  if (own === undefined) return;
  // A batch sent again whose earlier part the snapshot holds already: its answers are in there.
  const ownIsFolded = read.snapshotParts.includes(batchId);
  const folded = [...read.readParts.map((p) => p.id), ...(ownIsFolded ? [] : [batchId])];
  const parts = nextSnapshotIds(read.snapshotParts, folded, read.listedPartIds);
  const writtenAt = storeNow(store);
  const foldedBefore = new Map(read.snapshotParts.map((id, i) => [id, read.snapshotFoldedAt[i] ?? 0]));
  const state = read.merge.merge([...(read.snapshotState === undefined ? [] : [read.snapshotState]), ...read.readParts.map((p) => p.value), ...(ownIsFolded ? [] : [own])]);
  const uri = snapshotUri(layout.snapshots, read.newestGeneration + 1, parts);
  try {
    await store.putText(uri, JSON.stringify({ version: 1, writtenAt, parts, folded: foldRuns(parts.map((id) => foldedBefore.get(id) ?? writtenAt)), state }));
  } catch (error) {
    // The parts are stored; the next batch reads them and tries again.
    logger.warn('consolidation state snapshot not saved; the next batch reads the parts instead', { uri, error: thrownReason(error, 'the store') });
    return;
  }
  await pruneSuperseded(store, read.superseded, layout.listPrefix, logger);
}

/**
 * This batch's own part as `merge.read` takes it, or undefined with a warning: a consolidator
 * whose part its own `read` refuses must not fail a batch whose labels are done.
 */
export function ownPart<T>(json: string, merge: StateMerge<T>, logger: HandlerLogger): T | undefined {
  try {
    return merge.read(JSON.parse(json));
  } catch (error) {
    logger.warn("this batch's part of the consolidation state does not pass its own check; it is not added to the sum", { error: (error as Error).message });
    return undefined;
  }
}
