import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import type { ObjectStore } from '../../../lambdas/io/object-store.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { acsHandler, PayloadReadError } from '../../../lambdas/index.ts';
import { partsPerSnapshot } from '../../../lambdas/handlers/acs-shared-state.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, loadTaskState, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation, textClassification } from '../../../lambdas/task-types/index.ts';
import type { DawidSkeneState } from '../../../lambdas/consolidation/index.ts';

const stateUri = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation.json';
const partsPrefix = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation/batches/';
const snapshotsPrefix = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation/snapshots/';

/** A batch of two objects: w1 and w2 agree on the first, only w1 answers the second. Ids start at `first`, so batches differ. */
function batch(first: number, label = 'a') {
  return buildAcsPayload([
    { datasetObjectId: first, answers: [{ workerId: 'w1', answer: { category: { label } } }, { workerId: 'w2', answer: { category: { label } } }] },
    { datasetObjectId: first + 1, answers: [{ workerId: 'w1', answer: { category: { label: 'b' } } }] },
  ]);
}

/** One job's ACS on one store; each call consolidates a payload of its own. */
function job<S extends ObjectStore = MemoryObjectStore>(store: S = new MemoryObjectStore() as unknown as S, algorithm: 'dawid-skene' | 'majority-vote' = 'dawid-skene') {
  const warn = vi.fn();
  const info = vi.fn();
  const consolidation = taskConsolidation(textClassification as never, { algorithm, labels: ['a', 'b'] });
  const handler = acsHandler({ store, logger: { ...silentLogger, warn, info }, parseAnswer: consolidation.parseAnswer, consolidateBatch: consolidation.consolidateBatch });
  let n = 0;
  return {
    store,
    warn,
    info,
    async run(payload: unknown) {
      const payloadUri = `s3://gtkit-test-bucket/requests/${n++}.json`;
      await store.putText(payloadUri, JSON.stringify(payload));
      return invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'intent' }));
    },
    async answersOf(worker: string) {
      const state = await loadTaskState(store, stateUri);
      return (state?.states['dawid-skene'] as DawidSkeneState | undefined)?.workers[worker]?.answers;
    },
    parts: () => [...(store as unknown as MemoryObjectStore).objects.keys()].filter((k) => k.startsWith(partsPrefix)),
    snapshots: () => [...(store as unknown as MemoryObjectStore).objects.keys()].filter((k) => k.startsWith(snapshotsPrefix)),
  };
}

describe('the shared consolidation state: one part per batch', () => {
  it('each batch adds its answers, and a later batch learns from the earlier ones', async () => {
    const j = job();
    await j.run(batch(0));
    expect(await j.answersOf('w1')).toBe(2);
    await j.run(batch(10));
    expect(await j.answersOf('w1')).toBe(4);
    expect(j.parts()).toHaveLength(2);
    expect(j.warn).not.toHaveBeenCalled();
  });

  it('a batch sent again (the same answers) replaces its own part: its answers count once, and not in its own prior', async () => {
    const j = job();
    await j.run(batch(0));
    await j.run(batch(10));
    const once = await loadTaskState(j.store, stateUri);
    // Ground Truth sending a batch again after a lost response (a new request file, the same answers).
    const again = await j.run(batch(10));
    expect(await loadTaskState(j.store, stateUri)).toEqual(once);
    expect(await j.answersOf('w1')).toBe(4);
    expect(j.parts()).toHaveLength(2);
    // Its prior was the first batch alone, as the first time, so its labels are the same.
    const fresh = job();
    await fresh.run(batch(0));
    expect(again).toEqual(await fresh.run(batch(10)));
  });

  it('batches that run at the same time each keep their part (a single state object kept only the last save)', async () => {
    const j = job();
    await j.run(batch(0));
    await Promise.all([j.run(batch(10)), j.run(batch(20)), j.run(batch(30))]);
    expect(await j.answersOf('w1')).toBe(8);
    expect(await j.answersOf('w2')).toBe(4);
  });

  it('the merged state is the one a single running total would hold, whatever the order of the parts', async () => {
    const forward = job();
    const backward = job();
    const batches = [batch(0), batch(10, 'b'), batch(20)];
    for (const b of batches) await forward.run(b);
    const total = (await loadTaskState(forward.store, stateUri))?.states['dawid-skene'] as DawidSkeneState;
    expect(total.workers.w1?.answers).toBe(6);
    expect(total.classes).toEqual(['a', 'b']);
    // Stored in another order (other keys), the sum is the same.
    for (const [i, key] of forward.parts().entries()) backward.store.objects.set(`${partsPrefix}${String(9 - i).repeat(32)}.json`, forward.store.objects.get(key) ?? '');
    expect((await loadTaskState(backward.store, stateUri))?.states['dawid-skene']).toEqual(total);
  });

  it(`after ${partsPerSnapshot} parts a batch writes a snapshot, and the next batch reads it and the parts since instead of every part`, async () => {
    const j = job();
    for (let b = 0; b < partsPerSnapshot; b++) await j.run(batch(b * 10));
    expect(j.snapshots()).toHaveLength(1);
    const snapshot = JSON.parse(j.store.objects.get(j.snapshots()[0] ?? '') ?? 'null') as { version: number; parts: string[] };
    expect(snapshot.version).toBe(1);
    expect(snapshot.parts).toHaveLength(partsPerSnapshot);
    // The first generation: a snapshot is named by its generation, one more than the newest listed.
    expect(j.snapshots()[0]).toMatch(/\/00000001-[0-9a-f]{16}\.json$/);
    const reads: string[] = [];
    const counting = Object.assign(Object.create(j.store) as MemoryObjectStore, {
      async getText(uri: string) {
        reads.push(uri);
        return j.store.getText(uri);
      },
    });
    const next = job(counting);
    await next.run(batch(1000));
    // The payload, the snapshot and nothing else: no part was read one by one.
    expect(reads.filter((u) => u.startsWith(partsPrefix))).toEqual([]);
    expect(reads.filter((u) => u.startsWith(snapshotsPrefix))).toHaveLength(1);
    expect(await j.answersOf('w1')).toBe(2 * (partsPerSnapshot + 1));
  });

  it('a damaged part is left out with a warning naming it, what that costs and what to do; the batch is labelled and the others count', async () => {
    const j = job();
    await j.run(batch(0));
    j.store.objects.set(`${partsPrefix}${'f'.repeat(32)}.json`, JSON.stringify({ version: 1, states: { 'dawid-skene': { version: 1, algorithm: 'dawid-skene', classes: ['a', 'b'], classCounts: [1, 1], workers: { w1: { counts: [1, 2, 3], answers: 'x' } } } } }));
    j.store.objects.set(`${partsPrefix}${'e'.repeat(32)}.json`, '{"version": 1, "states": ');
    // An empty object is no state of any version: damage, not an empty part.
    j.store.objects.set(`${partsPrefix}${'d'.repeat(32)}.json`, '{}');
    const response = await j.run(batch(10));
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(['0', '1']);
    expect(j.warn).toHaveBeenCalledWith('parts of the shared consolidation state were left out', {
      count: 3,
      first: [
        expect.stringMatching(/dddd\.json: expected a task state \{ "version": 1, "states": \{ … \} \} or one algorithm's state \(with its "algorithm"\), got an object with neither \(it is empty\)$/),
        expect.stringMatching(/eeee\.json: .*JSON/),
        expect.stringMatching(/ffff\.json: the carried dawid-skene state does not fit: workers\.w1\.counts: expected 4 counts ≥ 0 \(2 classes squared\); workers\.w1\.answers: expected a count ≥ 0, got "x"$/),
      ],
      damaged: 3,
      effect: "the worker counts of the batches a damaged file holds are left out of this batch's prior and of every later batch's: no batch rewrites another batch's part, so it stays damaged and each batch warns again",
      fix: 'restore each damaged file named here (from S3 versioning or a copy), or delete it to accept the loss of its counts and silence this warning',
    });
    expect(await j.answersOf('w1')).toBe(4);
  });

  it('a part that cannot be read for a while (throttled) is left out of this batch only: nothing is written over, and no snapshot leaves it out', async () => {
    const j = job();
    // Enough parts outside any snapshot that this batch would write one (the snapshot the last of them wrote is lost).
    for (let i = 0; i < partsPerSnapshot; i++) await j.run(batch(100 + 10 * i));
    for (const uri of j.snapshots()) j.store.objects.delete(uri);
    const [firstPart] = j.parts();
    let throttled = true;
    const flaky = Object.assign(Object.create(j.store) as MemoryObjectStore, {
      async getText(uri: string) {
        if (throttled && uri === firstPart) throw new PayloadReadError(`could not read ${uri}: SlowDown`, uri);
        return j.store.getText(uri);
      },
    });
    const other = job(flaky);
    const response = await other.run(batch(10));
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(['0', '1']);
    expect(other.warn).toHaveBeenCalledWith('parts of the shared consolidation state were left out', { count: 1, first: [expect.stringContaining('SlowDown')] });
    // A snapshot written now would hold every part but the throttled one, and readers would trust it.
    expect(j.snapshots()).toEqual([]);
    throttled = false;
    expect(await j.answersOf('w1')).toBe(2 * (partsPerSnapshot + 1));
  });

  it('a part or a snapshot the store refuses to write costs a warning, never the batch\'s labels', async () => {
    const j = job();
    for (let i = 0; i < partsPerSnapshot - 1; i++) await j.run(batch(100 + 10 * i));
    /** The job's store, refusing writes under one prefix. */
    const refusing = (prefix: string) =>
      Object.assign(Object.create(j.store) as MemoryObjectStore, {
        async putText(uri: string, text: string) {
          if (uri.startsWith(prefix)) throw new Error(`AccessDenied: ${uri}`);
          return j.store.putText(uri, text);
        },
      });
    const noPart = job(refusing(partsPrefix));
    expect((await noPart.run(batch(10))).map((e) => e.consolidatedAnnotation.content.intent)).toEqual(['0', '1']);
    expect(noPart.warn).toHaveBeenCalledWith("consolidation state not saved; the next batch starts without this batch's part", { uri: expect.stringMatching(/\/batches\/[0-9a-f]{32}\.json$/), error: expect.stringContaining('AccessDenied') });
    expect(j.parts()).toHaveLength(partsPerSnapshot - 1);
    // The next part makes enough for a snapshot, which the store refuses: the part stays, read next time.
    const noSnapshot = job(refusing(snapshotsPrefix));
    expect((await noSnapshot.run(batch(20))).map((e) => e.consolidatedAnnotation.content.intent)).toEqual(['0', '1']);
    expect(noSnapshot.warn).toHaveBeenCalledWith('consolidation state snapshot not saved; the next batch reads the parts instead', { uri: expect.stringContaining('/snapshots/'), error: expect.stringContaining('AccessDenied') });
    expect([j.parts().length, j.snapshots()]).toEqual([partsPerSnapshot, []]);
  });

  it('a role that may not list the bucket keeps the sum in the one state object, and says what to grant', async () => {
    const store = new MemoryObjectStore();
    const noList = Object.assign(Object.create(store) as MemoryObjectStore, {
      async list(prefix: string): Promise<string[]> {
        throw new PayloadReadError(`could not list ${prefix}: access denied`, prefix, { denied: true });
      },
      // What S3 answers such a role for the state object before the first batch writes it: 403, not 404.
      async getText(uri: string) {
        if (uri === stateUri && !store.objects.has(stateUri)) throw new PayloadReadError(`could not read ${uri}: access denied — give the reading role s3:GetObject on it`, uri, { denied: true });
        return store.getText(uri);
      },
    });
    const j = job(noList);
    await j.run(batch(0));
    expect(j.warn.mock.calls.map((c) => c[0])).toEqual([
      expect.stringMatching(/^cannot list the shared consolidation state \(access denied\); keeping it in one object.*s3:ListBucket/),
      expect.stringMatching(/^cannot read the consolidation state \(access denied\); this batch starts afresh and saves its own\. On a job's first batch this is expected: S3 refuses a read of an object that does not exist yet when the role has no s3:ListBucket/),
    ]);
    j.warn.mockClear();
    await j.run(batch(10));
    expect(j.warn.mock.calls.map((c) => c[0])).toEqual([expect.stringMatching(/^cannot list the shared consolidation state \(access denied\)/)]);
    expect(j.parts()).toEqual([]);
    const single = JSON.parse(store.objects.get(stateUri) ?? 'null') as { states: { 'dawid-skene': DawidSkeneState } };
    expect(single.states['dawid-skene'].workers.w1?.answers).toBe(4);
  });

  it("a store that cannot list at all (a user's own store without list) works the same way, silently", async () => {
    const store = new MemoryObjectStore();
    const plain = { getText: (uri: string) => store.getText(uri), putText: (uri: string, text: string) => store.putText(uri, text) };
    const warn = vi.fn();
    const consolidation = taskConsolidation(textClassification as never, { algorithm: 'dawid-skene', labels: ['a', 'b'] });
    const handler = acsHandler({ store: plain, logger: { ...silentLogger, warn }, parseAnswer: consolidation.parseAnswer, consolidateBatch: consolidation.consolidateBatch });
    for (const [i, first] of [0, 10].entries()) {
      store.objects.set(`s3://b/${i}.json`, JSON.stringify(batch(first)));
      await invokeAcs(handler, buildAcsEvent({ payloadUri: `s3://b/${i}.json`, labelAttributeName: 'intent' }));
    }
    expect(warn).not.toHaveBeenCalled();
    expect((JSON.parse(store.objects.get(stateUri) ?? 'null') as { states: { 'dawid-skene': DawidSkeneState } }).states['dawid-skene'].workers.w1?.answers).toBe(4);
  });

  it("without a listing, a part given without a load first is added to the one object's sum, not written over it; a part its own check refuses costs a warning, not the batch", async () => {
    const store = new MemoryObjectStore({ [stateUri]: JSON.stringify({ n: 5 }) });
    const plain = { getText: (uri: string) => store.getText(uri), putText: (uri: string, text: string) => store.putText(uri, text) };
    const counter = { read: (v: unknown) => { if (typeof (v as { n?: unknown }).n !== 'number') throw new TypeError('n: expected a number'); return v as { n: number }; }, merge: (parts: ReadonlyArray<{ n: number }>) => ({ n: parts.reduce((sum, p) => sum + p.n, 0) }) };
    const warn = vi.fn();
    const handler = (part: unknown) =>
      acsHandler({
        store: plain,
        logger: { ...silentLogger, warn },
        consolidateBatch: async (objects, context) => {
          await context.state.contribute(part as { n: number }, counter);
          return new Map(objects.map((o) => [o.datasetObjectId, { label: 'x' }]));
        },
      });
    store.objects.set('s3://b/p.json', JSON.stringify(batch(0)));
    const event = buildAcsEvent({ payloadUri: 's3://b/p.json', labelAttributeName: 'intent' });
    await invokeAcs(handler({ n: 1 }), event);
    expect(JSON.parse(store.objects.get(stateUri) ?? 'null')).toEqual({ n: 6 });
    const response = await invokeAcs(handler({ n: 'one' }), event);
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(['x', 'x']);
    expect(warn).toHaveBeenCalledWith("this batch's part of the consolidation state does not pass its own check; it is not added to the sum", { error: 'n: expected a number' });
    expect(JSON.parse(store.objects.get(stateUri) ?? 'null')).toEqual({ n: 6 });
  });

  it("consolidateObject contributing per object without loading: the batch's part is summed once, not once per object", async () => {
    const memory = new MemoryObjectStore();
    let merges = 0;
    const counter = { read: (v: unknown) => v as { n: number }, merge: (parts: ReadonlyArray<{ n: number }>) => (merges++, { n: parts.reduce((sum, p) => sum + p.n, 0) }) };
    const handler = acsHandler({
      store: memory,
      logger: silentLogger,
      consolidateObject: async (_object, context) => {
        await context.state.contribute({ n: 1 }, counter);
        return { label: 'x' };
      },
    });
    const many = buildAcsPayload(Array.from({ length: 200 }, (_, i) => ({ datasetObjectId: i, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] })));
    await memory.putText('s3://b/many.json', JSON.stringify(many));
    await invokeAcs(handler, buildAcsEvent({ payloadUri: 's3://b/many.json', labelAttributeName: 'intent' }));
    expect([...memory.objects].filter(([k]) => k.startsWith(partsPrefix)).map(([, v]) => JSON.parse(v) as unknown)).toEqual([{ n: 200 }]);
    // Summing per contribution made the batch cost objects × state size (199 merges of the growing sum).
    expect(merges).toBeLessThanOrEqual(2);
  });

  it('consolidateObject loading the state then contributing, per object: each part is merged a bounded number of times, not once per later object', async () => {
    const memory = new MemoryObjectStore();
    let partsMerged = 0;
    const counter = { read: (v: unknown) => v as { n: number }, merge: (parts: ReadonlyArray<{ n: number }>) => ((partsMerged += parts.length), { n: parts.reduce((sum, p) => sum + p.n, 0) }) };
    const seen: number[] = [];
    const handler = acsHandler({
      store: memory,
      logger: silentLogger,
      consolidateObject: async (_object, context) => {
        seen.push((await context.state.loadShared(counter))?.n ?? 0);
        await context.state.contribute({ n: 1 }, counter);
        return { label: 'x' };
      },
    });
    const many = buildAcsPayload(Array.from({ length: 400 }, (_, i) => ({ datasetObjectId: i, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] })));
    await memory.putText('s3://b/many-loaded.json', JSON.stringify(many));
    await invokeAcs(handler, buildAcsEvent({ payloadUri: 's3://b/many-loaded.json', labelAttributeName: 'intent' }));
    // Each object sees the parts of the objects before it.
    expect(seen).toEqual(Array.from({ length: 400 }, (_, i) => i));
    // Re-summing every part at each load merged 80,199 parts for 400 objects; a running sum merges a few per object.
    expect(partsMerged).toBeLessThanOrEqual(4 * 400);
  });

  // `checks`: parts checked by `read`, once per stored part a batch reads (and its own at a commit without list), not once per object.
  it.each([
    ['a store that lists, one at a time', 1, true, 1],
    ['a store that lists, three at once', 3, true, 1],
    ['a store without list, three at once', 3, false, 3],
  ] as const)("consolidateObject: each object's part adds to the batch's, and an object sees the parts of the objects before it (%s)", async (_, objectConcurrency, listable, checks) => {
    const memory = new MemoryObjectStore();
    const store = listable ? memory : { getText: (uri: string) => memory.getText(uri), putText: (uri: string, text: string) => memory.putText(uri, text) };
    let reads = 0;
    const counter = { read: (v: unknown) => (reads++, v as { n: number }), merge: (parts: ReadonlyArray<{ n: number }>) => ({ n: parts.reduce((sum, p) => sum + p.n, 0) }) };
    const seen: number[] = [];
    const warn = vi.fn();
    const handler = acsHandler({
      store,
      logger: { ...silentLogger, warn },
      objectConcurrency,
      consolidateObject: async (_object, context) => {
        seen.push((await context.state.loadShared(counter))?.n ?? 0);
        await context.state.contribute({ n: 1 }, counter);
        return { label: 'x' };
      },
    });
    const three = (first: number) => buildAcsPayload([0, 1, 2].map((i) => ({ datasetObjectId: first + i, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] })));
    for (const [i, first] of [0, 10].entries()) {
      await memory.putText(`s3://b/${i}.json`, JSON.stringify(three(first)));
      await invokeAcs(handler, buildAcsEvent({ payloadUri: `s3://b/${i}.json`, labelAttributeName: 'intent' }));
    }
    // Before the fix, a batch kept only its last object's part ({"n":1}), and its objects all saw the same sum: [0, 0, 0, 1, 1, 1].
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    const stored = [...memory.objects].filter(([k]) => k.startsWith(listable ? partsPrefix : stateUri)).map(([, v]) => JSON.parse(v) as unknown);
    expect(stored).toEqual(listable ? [{ n: 3 }, { n: 3 }] : [{ n: 6 }]);
    expect(reads).toBe(checks);
    expect(warn.mock.calls.length).toBe(0);
  });

  it('a listing that fails for a passing reason: the batch starts afresh and still saves its own part', async () => {
    const j = job();
    await j.run(batch(0));
    const failing = Object.assign(Object.create(j.store) as MemoryObjectStore, {
      async list(prefix: string): Promise<string[]> {
        throw new PayloadReadError(`could not list ${prefix}: SlowDown`, prefix);
      },
    });
    const other = job(failing);
    await other.run(batch(10));
    expect(other.warn.mock.calls.map((c) => c[0])).toEqual(['cannot list the shared consolidation state; this batch starts afresh and saves only its own part']);
    expect(await j.answersOf('w1')).toBe(4);
  });

  it('a state object written before parts existed (one algorithm, its class order beside it) counts as a part', async () => {
    const j = job();
    await j.run(batch(0));
    const part = JSON.parse(j.store.objects.get(j.parts()[0] ?? '') ?? 'null') as { states: { 'dawid-skene': DawidSkeneState } };
    const legacy = job();
    legacy.store.objects.set(stateUri, JSON.stringify({ ...part.states['dawid-skene'], outputClasses: ['a', 'b'] }));
    await legacy.run(batch(10));
    expect(await legacy.answersOf('w1')).toBe(4);
    expect((await loadTaskState(legacy.store, stateUri))?.outputClasses).toEqual(['a', 'b']);
  });

  it('a part written under a wrong-looking name, or a snapshot that is not one, is left alone', async () => {
    const j = job();
    await j.run(batch(0));
    j.store.objects.set(`${partsPrefix}notes.txt`, 'hello');
    j.store.objects.set(`${snapshotsPrefix}00000099-${'0'.repeat(16)}.json`, JSON.stringify({ version: 2 }));
    await j.run(batch(10));
    expect(j.warn).toHaveBeenCalledWith('parts of the shared consolidation state were left out', { count: 1, first: [expect.stringContaining('not a snapshot of version 1')], damaged: 1, effect: expect.any(String), fix: expect.any(String) });
    expect(await j.answersOf('w1')).toBe(4);
  });
});

describe('the shared consolidation state on an S3-protocol server', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3(['gtkit-test-bucket']);
  });
  afterAll(async () => s3.close());

  it('batches that run at the same time, and one sent again, each count once', async () => {
    const j = job(new S3ObjectStore(s3.client));
    await j.run(batch(0));
    await Promise.all([j.run(batch(10)), j.run(batch(20)), j.run(batch(30)), j.run(batch(10))]);
    expect(await j.answersOf('w1')).toBe(8);
    expect((await new S3ObjectStore(s3.client).list(partsPrefix)).length).toBe(4);
    expect(j.warn).not.toHaveBeenCalled();
  });
});
