import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acsHandler, PayloadReadError } from '../../../lambdas/index.ts';
import { batchIdOf, partsPerSnapshot, partsSettleMs } from '../../../lambdas/handlers/acs-shared-state.ts';
import { storeBackedState } from '../../../lambdas/handlers/acs-state.ts';
import { deletesPerBatch, pruneSuperseded } from '../../../lambdas/handlers/acs-state-prune.ts';
import { foldRuns, nextSnapshotIds, parseSnapshot, recentPartIdsKept } from '../../../lambdas/handlers/acs-state-snapshot.ts';
import type { StateMerge } from '../../../lambdas/handlers/acs-types.ts';
import { ObjectDeleteError, type ObjectStore } from '../../../lambdas/io/object-store.ts';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

const stateUri = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation.json';
const statePrefix = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation';
const partsPrefix = `${statePrefix}/batches/`;
const snapshotsPrefix = `${statePrefix}/snapshots/`;

/** A count of answers: each batch contributes its objects, so the sum is the number of objects consolidated. */
const counter: StateMerge<{ n: number }> = {
  read: (value) => {
    if (typeof (value as { n?: unknown }).n !== 'number') throw new TypeError('n: expected a number');
    return value as { n: number };
  },
  merge: (parts) => ({ n: parts.reduce((sum, p) => sum + p.n, 0) }),
};

/**
 * The stores' clock: each batch run moves it on a minute, so the snapshot a batch builds on (about
 * {@link partsPerSnapshot} batches back) was written more than {@link partsSettleMs} before, and
 * the parts it holds may go.
 */
let clock = 0;
const batchEvery = 60_000;
const payloadOf = (id: number) => buildAcsPayload([{ datasetObjectId: id, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] }]);

/** A job on one store whose consolidator counts: `seen` holds what each batch loaded, in the order batches loaded. */
function countingJob(store: ObjectStore) {
  Object.assign(store, { now: () => clock });
  const warn = vi.fn();
  const seen: number[] = [];
  const handler = acsHandler({
    store,
    logger: { ...silentLogger, warn },
    consolidateBatch: async (objects, context) => {
      seen.push((await context.state.loadShared(counter))?.n ?? 0);
      await context.state.contribute({ n: objects.length }, counter);
      return new Map(objects.map((o) => [o.datasetObjectId, { label: 'x' }]));
    },
  });
  return {
    warn,
    seen,
    /** Consolidates a batch of one object, `id`: batches with different ids are different batches. */
    async run(id: number) {
      clock += batchEvery;
      const payloadUri = `s3://gtkit-test-bucket/requests/${id}.json`;
      await store.putText(payloadUri, JSON.stringify(payloadOf(id)));
      return invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'intent' }));
    },
  };
}

/** Every batch's count added up, as the job's next batch would load it. */
async function total(store: ObjectStore): Promise<number | undefined> {
  return (await storeBackedState(store, stateUri, silentLogger, () => '-'.repeat(32)).loadShared(counter))?.n;
}

const keysUnder = (store: MemoryObjectStore, prefix: string) => [...store.objects.keys()].filter((k) => k.startsWith(prefix));

/** A store over `base` that, at its first listing, hands the listing back only once released: a batch that listed and then stalled. */
function stallingAfterListing(base: MemoryObjectStore) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let listed = () => {};
  const hasListed = new Promise<void>((resolve) => (listed = resolve));
  let stalled = false;
  const store = Object.assign(Object.create(base) as MemoryObjectStore, {
    async list(prefix: string) {
      const uris = await base.list(prefix);
      if (!stalled) {
        stalled = true;
        listed();
        await released;
      }
      return uris;
    },
  });
  return { store, hasListed, release };
}

describe('a long job keeps its shared state bounded', () => {
  it('older snapshots and the parts a newer one holds are deleted: a batch lists and reads a bounded number of objects, and every batch counts once', async () => {
    const store = new MemoryObjectStore();
    let largestListing = 0;
    const listing = Object.assign(Object.create(store) as MemoryObjectStore, {
      async list(prefix: string) {
        const uris = await store.list(prefix);
        largestListing = Math.max(largestListing, uris.length);
        return uris;
      },
    });
    const job = countingJob(listing);
    for (let i = 0; i < 10 * partsPerSnapshot; i++) await job.run(i);
    // One after another, each batch saw exactly the ones before it.
    expect(job.seen).toEqual(Array.from({ length: 10 * partsPerSnapshot }, (_, i) => i));
    expect(await total(store)).toBe(10 * partsPerSnapshot);
    // Before pruning: 10 snapshots and 320 parts stayed, and the last batch listed 329 objects.
    expect(keysUnder(store, snapshotsPrefix)).toHaveLength(2);
    expect(keysUnder(store, partsPrefix).length).toBeLessThanOrEqual(2 * partsPerSnapshot);
    expect(largestListing).toBeLessThanOrEqual(2 * partsPerSnapshot + 2);
    expect(job.warn).not.toHaveBeenCalled();
  });

  it(`a snapshot keeps the ids of the last ${recentPartIdsKept} parts, and any older one whose part is still stored`, () => {
    const base = Array.from({ length: recentPartIdsKept }, (_, i) => `old${String(i).padStart(5, '0')}`);
    const folded = ['new2', 'new1'];
    // old00000 was deleted; old00001's part is still stored (its deletion was refused): it must stay, or readers would add it again.
    expect(nextSnapshotIds(base, folded, new Set(['old00001']))).toEqual(['old00001', ...base.slice(2), 'new1', 'new2']);
    expect(nextSnapshotIds(['a'], ['c', 'b'], new Set())).toEqual(['a', 'b', 'c']);
  });

  it('a snapshot says when each id was folded, as runs; one written before that counts as folded long ago, and runs that do not cover its ids are refused', () => {
    expect(foldRuns([5, 5, 7, 7, 7])).toEqual([[5, 2], [7, 3]]);
    expect(parseSnapshot({ version: 1, writtenAt: 7, parts: ['a', 'b', 'c'], folded: [[5, 1], [7, 2]], state: {} })).toEqual({ parts: ['a', 'b', 'c'], foldedAt: [5, 7, 7], state: {} });
    expect(parseSnapshot({ version: 1, parts: ['a', 'b'], state: {} })).toEqual({ parts: ['a', 'b'], foldedAt: [0, 0], state: {} });
    for (const folded of [[[5, 1]], [[5, 3]], [[5, 0], [7, 2]], [['5', 2]], 'x']) expect(parseSnapshot({ version: 1, parts: ['a', 'b'], folded, state: {} })).toHaveProperty('problem');
  });

  it(`over ${recentPartIdsKept + 3 * partsPerSnapshot} batches the newest snapshot lists ${recentPartIdsKept} ids at most, and the total is right`, async () => {
    const store = new MemoryObjectStore();
    const job = countingJob(store);
    const batches = recentPartIdsKept + 3 * partsPerSnapshot;
    for (let i = 0; i < batches; i++) await job.run(i);
    const [newest] = keysUnder(store, snapshotsPrefix).sort().reverse();
    const snapshot = JSON.parse(store.objects.get(newest ?? '') ?? 'null') as { parts: string[] };
    expect(snapshot.parts.length).toBeLessThanOrEqual(recentPartIdsKept);
    expect(await total(store)).toBe(batches);
  }, 20_000);

  it('a batch sent again after its part was folded and deleted counts once, and its prior is what it was the first time', async () => {
    const store = new MemoryObjectStore();
    const job = countingJob(store);
    const firstPart = `${partsPrefix}${batchIdOf(payloadOf(0))}.json`;
    await job.run(0);
    expect(store.objects.has(firstPart)).toBe(true);
    for (let i = 1; i <= 3 * partsPerSnapshot; i++) await job.run(i);
    expect(store.objects.has(firstPart)).toBe(false);
    const before = await total(store);
    await job.run(0);
    expect(await total(store)).toBe(before);
    // Its prior holds every batch but its own earlier part (which the snapshot holds: counted in, as docs/lambda-helpers.md says).
    expect(job.seen.at(-1)).toBe(before);
  });
});

describe('batches that run at the same time while snapshots are pruned', () => {
  it('a batch that listed before two newer snapshots were written lists again when what it listed is gone: it sees every batch, and counts once', async () => {
    const store = new MemoryObjectStore();
    const fast = countingJob(store);
    const first = partsPerSnapshot + 8;
    for (let i = 0; i < first; i++) await fast.run(i);
    const stall = stallingAfterListing(store);
    const slow = countingJob(stall.store);
    const slowRun = slow.run(10_000);
    await stall.hasListed;
    const listedSnapshots = keysUnder(store, snapshotsPrefix);
    for (let i = first; i < first + 2 * partsPerSnapshot; i++) await fast.run(i);
    // The snapshot the slow batch listed is gone, and so are parts it would have read.
    expect(keysUnder(store, snapshotsPrefix)).not.toContain(listedSnapshots[0]);
    stall.release();
    await slowRun;
    expect(slow.seen).toEqual([first + 2 * partsPerSnapshot]);
    expect(await total(store)).toBe(first + 2 * partsPerSnapshot + 1);
    expect(slow.warn).not.toHaveBeenCalled();
  });

  it('two batches that write a snapshot of the same generation at once, then a third that builds on one of them: no count lost or doubled', async () => {
    const store = new MemoryObjectStore();
    const job = countingJob(store);
    for (let i = 0; i < partsPerSnapshot - 1; i++) await job.run(i);
    const a = stallingAfterListing(store);
    const b = stallingAfterListing(store);
    const runs = [countingJob(a.store).run(1000), countingJob(b.store).run(1001)];
    await Promise.all([a.hasListed, b.hasListed]);
    a.release();
    b.release();
    await Promise.all(runs);
    const generationOne = keysUnder(store, snapshotsPrefix);
    expect(generationOne.map((k) => k.slice(snapshotsPrefix.length, snapshotsPrefix.length + 8))).toEqual(['00000001', '00000001']);
    // A third batch, stalled on a listing that holds both, and batches enough for two more generations meanwhile.
    const c = stallingAfterListing(store);
    const slow = countingJob(c.store);
    const slowRun = slow.run(2000);
    await c.hasListed;
    let n = partsPerSnapshot + 1;
    for (let i = 0; i < 2 * partsPerSnapshot; i++, n++) await job.run(3000 + i);
    c.release();
    await slowRun;
    expect(slow.seen).toEqual([n]);
    for (let i = 0; i < partsPerSnapshot; i++) await job.run(4000 + i);
    expect(await total(store)).toBe(n + 1 + partsPerSnapshot);
    expect(keysUnder(store, snapshotsPrefix).length).toBeLessThanOrEqual(2);
  });

  it('a batch that stalls between reading and writing its snapshot writes one that never outranks the newer ones: nothing the others pruned is lost', async () => {
    const store = new MemoryObjectStore();
    const job = countingJob(store);
    for (let i = 0; i < partsPerSnapshot - 1; i++) await job.run(i);
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let reachedSnapshot = () => {};
    const atSnapshot = new Promise<void>((resolve) => (reachedSnapshot = resolve));
    const stallingWrite = Object.assign(Object.create(store) as MemoryObjectStore, {
      async putText(uri: string, text: string) {
        if (uri.startsWith(snapshotsPrefix)) {
          reachedSnapshot();
          await released;
        }
        return store.putText(uri, text);
      },
    });
    const slowRun = countingJob(stallingWrite).run(1000);
    await atSnapshot;
    // Meanwhile two generations: the parts the stalled snapshot holds are deleted.
    for (let i = 0; i < 2 * partsPerSnapshot + 1; i++) await job.run(2000 + i);
    release();
    await slowRun;
    for (let i = 0; i < partsPerSnapshot; i++) await job.run(3000 + i);
    expect(await total(store)).toBe(partsPerSnapshot - 1 + 1 + 2 * partsPerSnapshot + 1 + partsPerSnapshot);
  });

  it('a batch whose listing is gone three times running goes on with what it read: labelled, its part saved, no snapshot written, a warning', async () => {
    const store = new MemoryObjectStore();
    const job = countingJob(store);
    for (let i = 0; i < 2 * partsPerSnapshot; i++) await job.run(i);
    const snapshots = keysUnder(store, snapshotsPrefix);
    const vanishing = Object.assign(Object.create(store) as MemoryObjectStore, {
      async getText(uri: string) {
        if (uri.startsWith(snapshotsPrefix)) throw new PayloadReadError(`could not read ${uri}: the object does not exist`, uri, { missing: true });
        return store.getText(uri);
      },
    });
    const unlucky = countingJob(vanishing);
    const response = await unlucky.run(5000);
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(['x']);
    expect(unlucky.warn).toHaveBeenCalledWith('parts of the shared consolidation state were left out', { count: snapshots.length, first: expect.arrayContaining([expect.stringContaining('deleted since it was listed, 3 times running')]) });
    expect(keysUnder(store, snapshotsPrefix)).toEqual(snapshots);
    expect(await total(store)).toBe(2 * partsPerSnapshot + 1);
  });
});

describe('a backlog of superseded state', () => {
  it(`one batch deletes ${deletesPerBatch} objects at most, the snapshots first; the next deletes the rest`, async () => {
    const snapshots = [`${snapshotsPrefix}00000001-${'0'.repeat(16)}.json`, `${snapshotsPrefix}00000002-${'0'.repeat(16)}.json`];
    const parts = Array.from({ length: deletesPerBatch + 44 }, (_, i) => `${partsPrefix}${String(i).padStart(32, '0')}.json`);
    const store = new MemoryObjectStore(Object.fromEntries([...snapshots, ...parts].map((uri) => [uri, '{}'])));
    const deleted: string[] = [];
    const counting = Object.assign(Object.create(store) as MemoryObjectStore, {
      async delete(uri: string) {
        deleted.push(uri);
        return store.delete(uri);
      },
    });
    await pruneSuperseded(counting, [...snapshots, ...parts], statePrefix, silentLogger);
    expect(deleted).toHaveLength(deletesPerBatch);
    expect(keysUnder(store, snapshotsPrefix)).toEqual([]);
    const left = keysUnder(store, partsPrefix);
    expect(left).toHaveLength(parts.length + snapshots.length - deletesPerBatch);
    await pruneSuperseded(counting, left, statePrefix, silentLogger);
    expect(keysUnder(store, partsPrefix)).toEqual([]);
  });
});

describe('a store that cannot delete, or a role that may not', () => {
  it('a refused delete costs one warning per logger, not the batch: the state is kept whole and nothing counts twice', async () => {
    const store = new MemoryObjectStore();
    let refused = 0;
    const refusing = Object.assign(Object.create(store) as MemoryObjectStore, {
      async delete(uri: string) {
        refused++;
        throw new ObjectDeleteError(`could not delete ${uri}: access denied — give the role s3:DeleteObject on it`, uri, { denied: true });
      },
    });
    const job = countingJob(refusing);
    for (let i = 0; i < 5 * partsPerSnapshot; i++) await job.run(i);
    expect(job.warn.mock.calls).toEqual([[`cannot delete the superseded consolidation state (access denied), so every snapshot and part is kept and the state grows with the job. Give the role s3:DeleteObject on ${statePrefix}/*`, { uri: expect.stringMatching(/^s3:\/\//), error: expect.stringContaining('s3:DeleteObject') }]]);
    // One refused request per snapshot that had something to delete, not one per part.
    expect(refused).toBe(4);
    expect(keysUnder(store, partsPrefix)).toHaveLength(5 * partsPerSnapshot);
    expect(job.seen).toEqual(Array.from({ length: 5 * partsPerSnapshot }, (_, i) => i));
    expect(await total(store)).toBe(5 * partsPerSnapshot);
  });

  it('a store without delete is said once, and keeps everything', async () => {
    const memory = new MemoryObjectStore();
    const noDelete: ObjectStore = { getText: (u) => memory.getText(u), putText: (u, t) => memory.putText(u, t), list: (p) => memory.list(p) };
    const job = countingJob(noDelete);
    for (let i = 0; i < 4 * partsPerSnapshot; i++) await job.run(i);
    expect(job.warn.mock.calls.map((c) => c[0])).toEqual(['the store cannot delete, so the shared consolidation state keeps every snapshot and part and grows with the job; give the store a delete method']);
    expect(keysUnder(memory, snapshotsPrefix)).toHaveLength(4);
    expect(await total(memory)).toBe(4 * partsPerSnapshot);
  });

  it('a delete that fails for a passing reason is tried again by the next snapshot', async () => {
    const store = new MemoryObjectStore();
    let failOnce = true;
    const flaky = Object.assign(Object.create(store) as MemoryObjectStore, {
      async delete(uri: string) {
        if (failOnce && uri.startsWith(partsPrefix)) {
          failOnce = false;
          throw new ObjectDeleteError(`could not delete ${uri}: SlowDown`, uri);
        }
        return store.delete(uri);
      },
    });
    const job = countingJob(flaky);
    for (let i = 0; i < 2 * partsPerSnapshot; i++) await job.run(i);
    expect(job.warn).toHaveBeenCalledWith('some superseded consolidation state was not deleted; a later batch tries again', { count: 1, first: expect.stringContaining(partsPrefix), error: expect.stringContaining('SlowDown') });
    const left = keysUnder(store, partsPrefix);
    for (let i = 0; i < partsPerSnapshot; i++) await job.run(1000 + i);
    expect(keysUnder(store, partsPrefix).filter((k) => left.includes(k))).toEqual([]);
    expect(await total(store)).toBe(3 * partsPerSnapshot);
  });
});

describe('pruning on an S3-protocol server', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3(['gtkit-test-bucket']);
  });
  afterAll(async () => s3.close());

  it('a long job run four batches at a time keeps two snapshots and a bounded number of parts, and counts every batch once', async () => {
    const store = new S3ObjectStore(s3.client);
    const jobs = [countingJob(store), countingJob(store), countingJob(store), countingJob(store)];
    const batches = 3 * partsPerSnapshot;
    for (let i = 0; i < batches; i += jobs.length) await Promise.all(jobs.map((job, k) => job.run(i + k)));
    expect(await total(store)).toBe(batches);
    // The newest and its base, and the others of the newest's generation written at the same time.
    expect((await store.list(snapshotsPrefix)).length).toBeLessThanOrEqual(1 + jobs.length);
    expect((await store.list(partsPrefix)).length).toBeLessThanOrEqual(3 * partsPerSnapshot);
    for (const job of jobs) expect(job.warn).not.toHaveBeenCalled();
  }, 60_000);
});
