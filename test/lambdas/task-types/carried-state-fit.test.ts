import { describe, expect, it, vi } from 'vitest';
import { acsHandler } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { kindConsolidation, textClassification } from '../../../lambdas/task-types/index.ts';
import { classAnswers } from '../../../lambdas/task-types/kinds/class.ts';
import { classMismatchPhrase, heldStatesPhrase, stateClassMismatch } from '../../../lambdas/task-types/carried-state-fit.ts';

const partsPrefix = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation/batches/';
const stateUri = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation.json';

function batch(first: number, labels: [string, string]) {
  return buildAcsPayload([
    { datasetObjectId: first, answers: [{ workerId: 'w1', answer: { category: { label: labels[0] } } }, { workerId: 'w2', answer: { category: { label: labels[0] } } }] },
    { datasetObjectId: first + 1, answers: [{ workerId: 'w1', answer: { category: { label: labels[1] } } }, { workerId: 'w2', answer: { category: { label: labels[1] } } }] },
  ]);
}

/** A job's ACS with these labels and this algorithm, on a store shared between configs (a redeploy mid-job). */
function acs(store: MemoryObjectStore, labels: string[], algorithm: 'dawid-skene' | 'one-coin-dawid-skene' | 'majority-vote' = 'dawid-skene') {
  const warn = vi.fn();
  const handler = acsHandler({ ...kindConsolidation(textClassification, classAnswers, { algorithm, labels }), store, logger: { ...silentLogger, warn } });
  let n = 0;
  return {
    warn,
    async run(payload: unknown) {
      const payloadUri = `s3://gtkit-test-bucket/requests/${labels.join('-')}-${algorithm}-${n++}.json`;
      await store.putText(payloadUri, JSON.stringify(payload));
      return invokeAcs(handler, buildAcsEvent({ payloadUri, labelAttributeName: 'sentiment' }));
    },
  };
}

describe("the carried state against the task's algorithm and labels", () => {
  it('a state of other labels is one warning per batch naming both sides, and that nothing of it is used', async () => {
    const store = new MemoryObjectStore();
    await acs(store, ['cat', 'dog', 'bird']).run(batch(0, ['cat', 'dog']));
    const now = acs(store, ['pos', 'neg', 'neutral']);
    await now.run(batch(10, ['pos', 'neg']));
    expect(now.warn).toHaveBeenCalledTimes(1);
    expect(now.warn).toHaveBeenCalledWith(
      `the carried dawid-skene state's classes differ from the task's labels: its classes "cat", "dog", "bird" are not among the task's labels (their counts are carried on, unused); the task's labels "pos", "neg", "neutral" are not in it (they start without counts); no class is shared, so this batch starts afresh for dawid-skene`,
      { stateUri, stateOnlyClasses: ['cat', 'dog', 'bird'], missingLabels: ['pos', 'neg', 'neutral'] },
    );
  });

  it('a label renamed mid-job: the shared classes keep their counts, and the warning says which label lost its counts', async () => {
    const store = new MemoryObjectStore();
    await acs(store, ['pos', 'neg', 'neutral']).run(batch(0, ['pos', 'neutral']));
    const renamed = acs(store, ['pos', 'neg', 'other']);
    await renamed.run(batch(10, ['pos', 'other']));
    expect(renamed.warn).toHaveBeenCalledWith(
      `the carried dawid-skene state's classes differ from the task's labels: its class "neutral" is not among the task's labels (its counts are carried on, unused); the task's label "other" is not in it (it starts without counts); the 2 shared classes keep their counts`,
      { stateUri, stateOnlyClasses: ['neutral'], missingLabels: ['other'] },
    );
  });

  it('the same labels in another order, or the job\'s own state, raise nothing', async () => {
    const store = new MemoryObjectStore();
    const first = acs(store, ['pos', 'neg']);
    await first.run(batch(0, ['pos', 'neg']));
    const reordered = acs(store, ['neg', 'pos']);
    await reordered.run(batch(10, ['pos', 'neg']));
    await first.run(batch(20, ['neg', 'pos']));
    expect(first.warn).not.toHaveBeenCalled();
    expect(reordered.warn).not.toHaveBeenCalled();
  });

  it("the algorithm switched mid-job: the batch says the state is of another and starts afresh for the new one; once it has its own, no more", async () => {
    const store = new MemoryObjectStore();
    await acs(store, ['pos', 'neg']).run(batch(0, ['pos', 'neg']));
    const switched = acs(store, ['pos', 'neg'], 'one-coin-dawid-skene');
    await switched.run(batch(10, ['pos', 'neg']));
    expect(switched.warn).toHaveBeenCalledWith(expect.stringContaining("it holds the state of dawid-skene, not one-coin-dawid-skene's, so this batch starts afresh for one-coin-dawid-skene"), expect.objectContaining({ heldAlgorithms: ['dawid-skene'] }));
    switched.warn.mockClear();
    await switched.run(batch(20, ['pos', 'neg']));
    expect(switched.warn).not.toHaveBeenCalled();
    expect([...store.objects.keys()].filter((k) => k.startsWith(partsPrefix))).toHaveLength(3);
  });

  it('an algorithm that learns nothing (majority vote) is not warned about a learning one\'s state', async () => {
    const store = new MemoryObjectStore();
    await acs(store, ['pos', 'neg']).run(batch(0, ['pos', 'neg']));
    const vote = acs(store, ['pos', 'neg'], 'majority-vote');
    await vote.run(batch(10, ['pos', 'neg']));
    expect(vote.warn).not.toHaveBeenCalled();
  });
});

describe('the words the ACS and --prior share', () => {
  it('names the held states, and caps long class lists', () => {
    expect(heldStatesPhrase(['dawid-skene'], 'one-coin-dawid-skene')).toBe("it holds the state of dawid-skene, not one-coin-dawid-skene's");
    expect(heldStatesPhrase([], 'dawid-skene')).toBe("it holds no algorithm's state, not dawid-skene's");
    expect(stateClassMismatch({ classes: ['a', 'b'] }, ['b', 'a'])).toBeUndefined();
    // Majority vote's state records no classes; a task with no labels takes the state's.
    expect(stateClassMismatch({ workers: {} }, ['a'])).toBeUndefined();
    expect(stateClassMismatch({ classes: ['a'] }, [])).toBeUndefined();
    const many = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const mismatch = stateClassMismatch({ classes: many }, ['c0']);
    expect(mismatch).toEqual({ stateOnly: many.slice(1), taskOnly: [], shared: 1 });
    expect(classMismatchPhrase(mismatch as NonNullable<typeof mismatch>, 'unused')).toBe(
      `its classes ${many
        .slice(1, 11)
        .map((c) => `"${c}"`)
        .join(', ')} and 1 more are not among the task's labels (their counts are carried on, unused); the 1 shared class keeps its counts`,
    );
  });
});
