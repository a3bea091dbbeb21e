import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import type { ObjectStore } from '../../../lambdas/io/object-store.ts';
import { PayloadReadError } from '../../../lambdas/contracts/errors.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';
import { acsHandler } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, loadTaskState, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { kindConsolidation, textClassification } from '../../../lambdas/task-types/index.ts';
import { classAnswers } from '../../../lambdas/task-types/kinds/class.ts';
import type { DawidSkeneState } from '../../../lambdas/consolidation/index.ts';

const bucket = 'gtkit-test-bucket';
const stateFolder = (jobName: string) => `s3://${bucket}/output/${jobName}/annotations/gtkit-state/`;
const stateUri = (jobName: string) => `${stateFolder(jobName)}consolidation.json`;

/** Two objects: w1 and w2 agree on the first, only w1 answers the second. Ids start at `first`, so batches differ. */
function batch(first: number) {
  return buildAcsPayload([
    { datasetObjectId: first, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }, { workerId: 'w2', answer: { category: { label: 'a' } } }] },
    { datasetObjectId: first + 1, answers: [{ workerId: 'w1', answer: { category: { label: 'b' } } }] },
  ]);
}

/** One job's ACS (as a scaffolded acs.ts builds it) on a store, under its own job name. */
function job(store: ObjectStore, jobName: string, seedState?: string, algorithm: 'dawid-skene' | 'one-coin-dawid-skene' = 'dawid-skene') {
  const warn = vi.fn();
  const info = vi.fn();
  const consolidation = kindConsolidation(textClassification, classAnswers, { algorithm, labels: ['a', 'b'], ...(seedState ? { seedState } : {}) });
  const handler = acsHandler({ ...consolidation, store, logger: { ...silentLogger, warn, info } });
  let n = 0;
  return {
    warn,
    info,
    async run(payload: unknown) {
      const payloadUri = `s3://${bucket}/requests/${jobName}/${n++}.json`;
      await store.putText(payloadUri, JSON.stringify(payload));
      return invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'intent', jobName }));
    },
    async answersOf(worker: string, name = algorithm) {
      const state = await loadTaskState(store, stateUri(jobName));
      return (state?.states[name] as DawidSkeneState | undefined)?.workers[worker]?.answers;
    },
  };
}

/** A store whose first read (or listing) of a URI that `hits` fails for a passing reason, as a throttled one does. */
function failingOnce<S extends ObjectStore>(store: S, hits: (uri: string) => boolean, what: 'getText' | 'list' = 'getText'): S {
  let failed = false;
  const fail = (uri: string) => {
    if (failed || !hits(uri)) return;
    failed = true;
    throw new PayloadReadError('SlowDown', uri);
  };
  const list = store.list?.bind(store);
  const listing = list && {
    async list(prefix: string) {
      if (what === 'list') fail(prefix);
      return list(prefix);
    },
  };
  return Object.assign(Object.create(store) as S, {
    async getText(uri: string) {
      if (what === 'getText') fail(uri);
      return store.getText(uri);
    },
    ...listing,
  });
}

/** A store that counts the reads under a prefix. */
function counting(store: MemoryObjectStore, prefix: string) {
  const reads: string[] = [];
  const wrapped = Object.assign(Object.create(store) as MemoryObjectStore, {
    async getText(uri: string) {
      if (uri.startsWith(prefix)) reads.push(uri);
      return store.getText(uri);
    },
  });
  return { store: wrapped, reads };
}

describe('seedState: a job starts its carried state from an earlier job', () => {
  it("the first batch of an empty job reads the earlier job's parts once, saves them as its start, and they count once in every later batch", async () => {
    const store = new MemoryObjectStore();
    const first = job(store, 'job1');
    for (const at of [0, 10, 20]) await first.run(batch(at));
    expect(await first.answersOf('w1')).toBe(6);

    const { store: watched, reads } = counting(store, stateFolder('job1'));
    const second = job(watched, 'job2', stateFolder('job1'));
    await second.run(batch(100));
    // job1's three parts, and this batch's own answers.
    expect(await second.answersOf('w1')).toBe(8);
    expect(store.objects.get(stateUri('job2'))).toBeDefined();
    expect(second.info).toHaveBeenCalledWith("the job's carried state starts from the seed state (the job's own had no start saved)", { seedState: stateFolder('job1'), stateUri: stateUri('job2') });
    const seedReads = reads.length;
    expect(seedReads).toBe(3);

    await second.run(batch(110));
    // Not read again, and counted once: job1's 6, and two batches of 2.
    expect(reads).toHaveLength(seedReads);
    expect(await second.answersOf('w1')).toBe(10);
    expect(second.warn).not.toHaveBeenCalled();
    // The earlier job's state is only read.
    expect(await first.answersOf('w1')).toBe(6);
  });

  it('batches that start at the same time on an empty job each write the same start: the seed counts once', async () => {
    const store = new MemoryObjectStore();
    const first = job(store, 'job1');
    await first.run(batch(0));
    const second = job(store, 'job2', stateFolder('job1'));
    await Promise.all([second.run(batch(100)), second.run(batch(110)), second.run(batch(120))]);
    expect(await second.answersOf('w1')).toBe(2 + 3 * 2);
  });

  it("a job whose start is there is not seeded, even when it cannot be read; nor is one whose listing fails now", async () => {
    const store = new MemoryObjectStore();
    const first = job(store, 'job1');
    await first.run(batch(0));
    const second = job(store, 'job2', stateFolder('job1'));
    store.objects.set(stateUri('job2'), '{"version": 1, "sta');
    await second.run(batch(100));
    expect(second.info).not.toHaveBeenCalledWith(expect.stringContaining('seed'), expect.anything());
    expect(store.objects.get(stateUri('job2'))).toBe('{"version": 1, "sta');

    // The listing of the job's own state fails for a passing reason: its start may be there.
    const third = job(failingOnce(store, (uri) => uri.startsWith(stateFolder('job3')), 'list'), 'job3', stateFolder('job1'));
    await third.run(batch(200));
    expect(third.info).not.toHaveBeenCalledWith(expect.stringContaining('seed'), expect.anything());
    expect(store.objects.get(stateUri('job3'))).toBeUndefined();
  });

  it("a seed part that cannot be read now (throttled) is not saved as the job's start: the next batch reads the whole seed, which counts once", async () => {
    const store = new MemoryObjectStore();
    const first = job(store, 'job1');
    for (const at of [0, 10, 20]) await first.run(batch(at));
    const second = job(failingOnce(store, (uri) => uri.startsWith(`${stateFolder('job1')}consolidation/batches/`)), 'job2', stateFolder('job1'));
    await second.run(batch(100));
    // One warning, about the seed, naming the part; no start saved.
    expect(second.warn).toHaveBeenCalledTimes(1);
    expect(second.warn).toHaveBeenCalledWith(
      "the seed state could be read only in part now (a passing error, such as a throttled read): this batch uses what was read, and the next batch reads it again to save it in full as the job's start",
      { seedState: stateFolder('job1'), problems: [expect.stringMatching(/^s3:\/\/.*\/job1\/annotations\/gtkit-state\/consolidation\/batches\/[0-9a-f]{32}\.json: SlowDown$/)] },
    );
    expect(store.objects.get(stateUri('job2'))).toBeUndefined();
    await second.run(batch(110));
    expect(second.info).toHaveBeenCalledWith("the job's carried state starts from the seed state (the job's own had no start saved)", { seedState: stateFolder('job1'), stateUri: stateUri('job2') });
    // job1's 6, and two batches of 2.
    expect(await second.answersOf('w1')).toBe(10);
    await second.run(batch(120));
    expect(await second.answersOf('w1')).toBe(12);
  });

  it("a seed whose listing fails now is one warning that blames no setting, and the next batch reads it", async () => {
    const store = new MemoryObjectStore();
    const first = job(store, 'job1');
    for (const at of [0, 10]) await first.run(batch(at));
    const second = job(failingOnce(store, (uri) => uri.startsWith(stateFolder('job1')), 'list'), 'job2', stateFolder('job1'));
    await second.run(batch(100));
    expect(second.warn.mock.calls).toEqual([
      [
        'the seed state could not be read now (a passing error, such as a throttled read): this batch starts without it, and the next batch reads it again',
        { seedState: stateFolder('job1'), problems: [`${stateFolder('job1')}consolidation: SlowDown`] },
      ],
    ]);
    await second.run(batch(110));
    expect(await second.answersOf('w1')).toBe(4 + 2 * 2);
  });

  it("a store that cannot list saves no state while the seed's one object cannot be read now: saved without it, the job would lose it", async () => {
    const store = new MemoryObjectStore();
    const plain = { getText: (uri: string) => store.getText(uri), putText: (uri: string, text: string) => store.putText(uri, text) };
    const first = job(plain, 'job1');
    await first.run(batch(0));
    await first.run(batch(10));
    const second = job(failingOnce(plain, (uri) => uri === stateUri('job1')), 'job2', stateFolder('job1'));
    await second.run(batch(100));
    expect(store.objects.get(stateUri('job2'))).toBeUndefined();
    expect(second.warn).toHaveBeenCalledWith(expect.stringMatching(/^consolidation state not saved: the seed state could not be read now/), { uri: stateUri('job2'), seedState: stateFolder('job1') });
    await second.run(batch(110));
    // job1's 4 and the second batch's 2: the first batch's counts are the price of keeping the seed.
    expect(await second.answersOf('w1')).toBe(6);
  });

  it('a seed folder with nothing in it (a wrong job name) is said, and the job starts afresh', async () => {
    const store = new MemoryObjectStore();
    const second = job(store, 'job2', stateFolder('jbo1'));
    const response = await second.run(batch(100));
    expect(response).toHaveLength(2);
    expect(second.warn).toHaveBeenCalledWith(expect.stringMatching(/^the seed state holds no carried state that could be read, so the job starts afresh; check consolidation\.seedState/), { seedState: stateFolder('jbo1') });
    expect(await second.answersOf('w1')).toBe(2);
  });

  it("the seed's damaged parts are named in one warning about the seed, with what it means and what to do", async () => {
    const store = new MemoryObjectStore();
    const first = job(store, 'job1');
    await first.run(batch(0));
    store.objects.set(`${stateFolder('job1')}consolidation/batches/${'e'.repeat(32)}.json`, '{}');
    const second = job(store, 'job2', stateFolder('job1'));
    await second.run(batch(100));
    expect(second.warn.mock.calls).toEqual([
      [
        "parts of the seed state are damaged and left out of the job's start (their counts are missing from it for good); to count them, restore them in the earlier job's folder (from S3 versioning or a copy) before the job's first batch",
        { seedState: stateFolder('job1'), problems: [expect.stringMatching(/eeee\.json: expected a task state .* \(it is empty\)$/)] },
      ],
    ]);
    expect(await second.answersOf('w1')).toBe(4);
  });

  it("a seed of another algorithm is warned about in the --prior check's words, and the job starts afresh for its own", async () => {
    const store = new MemoryObjectStore();
    await job(store, 'job1').run(batch(0));
    const second = job(store, 'job2', stateFolder('job1'), 'one-coin-dawid-skene');
    await second.run(batch(100));
    expect(second.warn).toHaveBeenCalledWith(
      "the carried consolidation state is of another algorithm: it holds the state of dawid-skene, not one-coin-dawid-skene's, so this batch starts afresh for one-coin-dawid-skene (the other's state is kept beside it; set consolidation.algorithm back to dawid-skene to use it)",
      { stateUri: stateUri('job2'), algorithm: 'one-coin-dawid-skene', heldAlgorithms: ['dawid-skene'] },
    );
    expect(await second.answersOf('w1', 'one-coin-dawid-skene')).toBe(2);
    // The seed's state is kept under its name in the new job's.
    expect(await second.answersOf('w1', 'dawid-skene')).toBe(2);
  });

  it('a store that cannot list reads the seed\'s one state object, and keeps the sum in the job\'s', async () => {
    const store = new MemoryObjectStore();
    const plain = { getText: (uri: string) => store.getText(uri), putText: (uri: string, text: string) => store.putText(uri, text) };
    const first = job(plain, 'job1');
    await first.run(batch(0));
    await first.run(batch(10));
    expect(await first.answersOf('w1')).toBe(4);
    const second = job(plain, 'job2', stateFolder('job1'));
    await second.run(batch(100));
    await second.run(batch(110));
    expect(await second.answersOf('w1')).toBe(8);
    expect(second.warn).not.toHaveBeenCalled();
  });

  it('is checked when the handler is built: an s3:// gtkit-state/ folder', () => {
    for (const bad of ['s3://b/j/annotations/', 'j/annotations/gtkit-state/', 's3://b/j/gtkit-state/c.json']) {
      expect(() => acsHandler({ ...kindConsolidation(textClassification, classAnswers, { algorithm: 'dawid-skene', labels: ['a', 'b'], seedState: bad }) })).toThrow(
        `consolidation settings for text-classification is not valid:\n  consolidation.seedState: expected the s3:// URI of an earlier job's carried-state folder, s3://<bucket>/<output path>/<job name>/annotations/gtkit-state/, got ${JSON.stringify(bad)}`,
      );
      expect(() => acsHandler({ consolidateBatch: async () => new Map(), seedState: bad })).toThrow(`acsHandler: options.seedState: expected the s3:// URI of an earlier job's carried-state folder`);
    }
    expect(() => acsHandler({ consolidateBatch: async () => new Map(), seedState: 's3://b/out/job1/annotations/gtkit-state' })).not.toThrow();
  });
});

describe('seedState on an S3-protocol server', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3([bucket]);
  });
  afterAll(async () => s3.close());

  it("a second job starts from the first's parts, listed and read through S3", async () => {
    const store = new S3ObjectStore(s3.client);
    const first = job(store, 'job1');
    await Promise.all([first.run(batch(0)), first.run(batch(10))]);
    const second = job(store, 'job2', stateFolder('job1'));
    await second.run(batch(100));
    await second.run(batch(110));
    expect(await second.answersOf('w1')).toBe(8);
    expect(second.warn).not.toHaveBeenCalled();
  });
});
