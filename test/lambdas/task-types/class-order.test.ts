import { describe, expect, it, vi } from 'vitest';
import { algorithms, type AlgorithmName } from '../../../lambdas/consolidation/registry.ts';
import { acsHandler } from '../../../lambdas/handlers/acs.ts';
import { textDigestForLog } from '../../../lambdas/handlers/log-fields.ts';
import type { HandlerLogger } from '../../../lambdas/handlers/logger.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, loadTaskState, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { taskConsolidation } from '../../../lambdas/task-types/consolidate.ts';
import type { TaskTypeName } from '../../../lambdas/task-types/names.ts';

const payloadUri = 's3://b/p.json';
const event = buildAcsEvent({ payloadUri, labelCategories: null });
const stateUri = `${event.outputConfig}/gtkit-state/consolidation.json`;

/** Batches of one job (one store) with no labels anywhere, as a console-made job sends them; object ids run on across batches. */
function job() {
  const store = new MemoryObjectStore();
  const warnings: Array<[string, unknown]> = [];
  const logger: HandlerLogger = { ...silentLogger, warn: (message, extra) => warnings.push([message, extra]) };
  let next = 0;
  return {
    store,
    warnings,
    async batch(type: TaskTypeName, algorithm: AlgorithmName, objects: unknown[][]) {
      const payload = buildAcsPayload(objects.map((answers) => ({ datasetObjectId: next++, answers: answers.map((answer, w) => ({ workerId: `w${w}`, answer })) })));
      store.objects.set(payloadUri, JSON.stringify(payload));
      const response = await invokeAcs(acsHandler({ ...taskConsolidation(type, { algorithm }), store, logger }), event);
      return response.map((e) => e.consolidatedAnnotation.content);
    },
    state: () => loadTaskState(store, stateUri),
  };
}

const single = (label: string) => [{ category: { label } }, { category: { label } }];
const multi = (...labels: string[]) => [{ category: { labels } }, { category: { labels } }];
const boxes = (label: string) => [0, 1].map(() => ({ annotatedResult: { inputImageProperties: { width: 100, height: 100 }, boundingBoxes: [{ label, left: 0, top: 0, width: 20, height: 20 }] } }));

describe('with no labels configured, class indices keep their meaning from batch to batch', () => {
  it.each(['majority-vote', 'weighted-vote', 'wawa', 'dawid-skene', 'one-coin-dawid-skene', 'dawid-skene-pooled'] as const)('%s: "dog" stays 0 when a later batch brings "cat"', async (algorithm) => {
    const j = job();
    expect((await j.batch('image-classification', algorithm, [single('dog')])).map((c) => c.label)).toEqual([0]);
    const second = await j.batch('image-classification', algorithm, [single('dog'), single('cat')]);
    expect(second.map((c) => [c.label, (c['label-metadata'] as { 'class-name': string })['class-name']])).toEqual([[0, 'dog'], [1, 'cat']]);
    expect((await j.state())?.outputClasses).toEqual(['dog', 'cat']);
  });

  it('a stateless algorithm saves a small record of the order, and the batch says where the order comes from', async () => {
    const j = job();
    await j.batch('image-classification', 'majority-vote', [single('dog')]);
    expect(await j.state()).toEqual({ version: 1, states: {}, outputClasses: ['dog'] });
    expect(j.warnings).toEqual([
      [
        "no labels from the task or the event: class indices follow the order the answers first used each label, carried in the consolidation state; set the task's labels to fix it",
        { classDigests: [textDigestForLog('dog')], classCount: 1, stateUri },
      ],
    ]);
  });

  it('the warning gives the first 100 classes as digests, never as text, and counts them all: one answer with thousands of labels would make a log line CloudWatch cannot hold', async () => {
    const j = job();
    const many = Array.from({ length: 150 }, (_, i) => `label-${String(i).padStart(3, '0')}`);
    await j.batch('image-classification-multilabel', 'multi-label-vote', [multi(...many)]);
    const [, extra] = j.warnings[0] as [string, { classDigests: string[]; classCount?: number }];
    expect(extra.classDigests).toEqual(many.slice(0, 100).map(textDigestForLog));
    expect(extra.classCount).toBe(150);
    expect((await j.state())?.outputClasses).toEqual(many);
  });

  it('multi-label-vote and box-merge keep the order too', async () => {
    const labels = async (type: TaskTypeName, algorithm: AlgorithmName, first: unknown[], second: unknown[]) => {
      const j = job();
      await j.batch(type, algorithm, [first]);
      const content = (await j.batch(type, algorithm, [second]))[0];
      return content?.['label-metadata'] as Record<string, unknown>;
    };
    expect((await labels('image-classification-multilabel', 'multi-label-vote', multi('dog'), multi('cat', 'dog')))['class-map']).toEqual({ 0: 'dog', 1: 'cat' });
    expect((await labels('bounding-box', 'box-merge', boxes('truck'), boxes('car')))['class-map']).toEqual({ 1: 'car' });
  });

  it("a learning algorithm's readState sees only its own state, and switching algorithms mid-job neither fails a batch nor moves an index", async () => {
    const readState = vi.spyOn(algorithms['dawid-skene']!, 'readState');
    try {
      const j = job();
      await j.batch('image-classification', 'dawid-skene', [single('dog')]);
      await j.batch('image-classification', 'majority-vote', [single('cat')]);
      // Each algorithm's state is kept under its name, so the switch back finds the learned one.
      expect(await j.state()).toMatchObject({ outputClasses: ['dog', 'cat'], states: { 'dawid-skene': { workers: { w0: { answers: 1 } } } } });
      const third = await j.batch('image-classification', 'dawid-skene', [single('cat'), single('dog')]);
      expect(third.map((c) => c.label)).toEqual([1, 0]);
      expect(readState).toHaveBeenCalled();
      for (const [state] of readState.mock.calls) expect(state).not.toHaveProperty('outputClasses');
      expect(await j.state()).toMatchObject({ outputClasses: ['dog', 'cat'], states: { 'dawid-skene': { workers: { w0: { answers: 3 } } } } });
    } finally {
      readState.mockRestore();
    }
  });

  it('a Dawid–Skene state saved before the order was kept gives its classes; a damaged order is ignored', async () => {
    const j = job();
    j.store.objects.set(stateUri, JSON.stringify({ version: 1, algorithm: 'dawid-skene', classes: ['dog', 'cat'], classCounts: [1, 1], workers: {} }));
    expect((await j.batch('image-classification', 'majority-vote', [single('cat')]))[0]?.label).toBe(1);
    for (const damaged of [{ outputClasses: 'dog' }, { outputClasses: [1, null, ''] }, [1, 2], 'text', 7]) {
      j.store.objects.set(stateUri, JSON.stringify(damaged));
      expect((await j.batch('image-classification', 'wawa', [single('dog')]))[0]?.label).toBe(0);
    }
  });
});
