import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { acsHandler, isConsolidationFailure, ObjectWriteError, ResponseTooLargeError, type AcsObject, type HandlerLogger } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { rejected } from '../../helpers/errors.ts';

type Answer = { category: { label: string } };
const payloadUri = 's3://gtkit-test-bucket/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/2024-05-02_10:41:07.json';

function majority(object: AcsObject<Answer>) {
  const counts = new Map<string, number>();
  for (const a of object.annotations) counts.set(a.answer.category.label, (counts.get(a.answer.category.label) ?? 0) + 1);
  const [label, votes] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
  return { label: { label }, metadata: { confidence: votes / object.annotations.length } };
}

function setup(payload: unknown, extra: Record<string, string> = {}) {
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload), ...extra });
  const event = buildAcsEvent({ payloadUri, labelAttributeName: 'intent' });
  return { store, event };
}

const threeObjects = buildAcsPayload([
  { datasetObjectId: 0, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }, { workerId: 'w2', answer: { category: { label: 'a' } } }] },
  { datasetObjectId: 1, answers: [{ workerId: 'w1', answer: { category: { label: 'b' } } }] },
  { datasetObjectId: 2, answers: [] },
]);

describe('acsHandler', () => {
  it('returns exactly one entry per datasetObjectId, keyed by labelAttributeName', async () => {
    const { store, event } = setup(threeObjects);
    const handler = acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: majority });
    const response = await invokeAcs(handler, event, ['0', '1', '2']);
    expect(response[0]).toEqual({ datasetObjectId: '0', consolidatedAnnotation: { content: { intent: { label: 'a' }, 'intent-metadata': { confidence: 1 } } } });
    expect(isConsolidationFailure(response[2]?.consolidatedAnnotation.content.intent)).toBe(true);
    expect(response[2]?.consolidatedAnnotation.content.intent).toEqual({ consolidationError: 'no answers in the payload', rawAnnotations: [] });
  });

  it('isolates an object whose consolidation throws: raw answers and the reason are kept', async () => {
    const { store, event } = setup(threeObjects);
    const logger: HandlerLogger = { ...silentLogger, error: vi.fn() };
    const handler = acsHandler<Answer>({
      store,
      logger,
      consolidateObject: (o) => {
        if (o.datasetObjectId === '1') throw new Error('cannot decide');
        return majority(o);
      },
    });
    const response = await invokeAcs(handler, event, ['0', '1', '2']);
    expect(response[1]?.consolidatedAnnotation.content.intent).toEqual({
      consolidationError: 'cannot decide',
      rawAnnotations: [{ workerId: 'w1', content: '{"category":{"label":"b"}}' }],
    });
    expect(logger.error).toHaveBeenCalledWith('object not consolidated', expect.objectContaining({ datasetObjectId: '1', reason: 'cannot decide' }));
  });

  it('sets aside an unparseable answer, consolidates the rest and records it in the metadata', async () => {
    const payload = buildAcsPayload([{ datasetObjectId: 5, answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] }]);
    payload[0]?.annotations.push({ workerId: 'w2', annotationData: { content: '{"category":' } });
    const { store, event } = setup(payload);
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: majority }), event, ['5']);
    const content = response[0]?.consolidatedAnnotation.content ?? {};
    expect(content.intent).toEqual({ label: 'a' });
    expect(content['intent-metadata']).toEqual({
      confidence: 1,
      'rejected-annotations': [
        { workerId: 'w2', reason: expect.stringMatching(/^payload\[datasetObjectId=5\]\.annotations\[1\]\.annotationData\.content: not valid JSON/), content: '{"category":' },
      ],
    });
  });

  it('uses parseAnswer to reject answers of the wrong shape', async () => {
    const payload = buildAcsPayload([{ datasetObjectId: 0, answers: [{ workerId: 'w1', answer: { wrong: true } }] }]);
    const { store, event } = setup(payload);
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      parseAnswer: (a) => {
        if (typeof (a as Answer).category?.label !== 'string') throw new Error('category.label: expected a string');
        return a as Answer;
      },
      consolidateObject: majority,
    });
    const [entry] = await invokeAcs(handler, event, ['0']);
    expect((entry?.consolidatedAnnotation.content.intent as { consolidationError: string }).consolidationError).toBe(
      'none of the 1 answers could be used (annotations[0].annotationData.content: category.label: expected a string)',
    );
  });

  it('reads answers stored by s3Uri', async () => {
    const payload = [{ datasetObjectId: '0', dataObject: {}, annotations: [{ workerId: 'w1', annotationData: { s3Uri: 's3://gtkit-test-bucket/answers/0-w1.json' } }] }];
    const { store, event } = setup(payload, { 's3://gtkit-test-bucket/answers/0-w1.json': '{"category":{"label":"z"}}' });
    const [entry] = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: majority }), event, ['0']);
    expect(entry?.consolidatedAnnotation.content.intent).toEqual({ label: 'z' });
  });

  it('batch mode: ids the batch function leaves out, or a batch that throws, still get entries', async () => {
    const { store, event } = setup(threeObjects);
    const partial = acsHandler<Answer>({ store, logger: silentLogger, consolidateBatch: (objects) => new Map([[objects[0]!.datasetObjectId, majority(objects[0]!)]]) });
    const r1 = await invokeAcs(partial, event, ['0', '1', '2']);
    expect((r1[1]?.consolidatedAnnotation.content.intent as { consolidationError: string }).consolidationError).toBe('consolidation returned no result for this object');
    const throwing = acsHandler<Answer>({
      store,
      logger: silentLogger,
      consolidateBatch: () => {
        throw new Error('model diverged');
      },
    });
    const r2 = await invokeAcs(throwing, event, ['0', '1', '2']);
    expect(r2.map((e) => (e.consolidatedAnnotation.content.intent as { consolidationError: string }).consolidationError)).toEqual([
      'model diverged',
      'model diverged',
      'no answers in the payload',
    ]);
  });

  it('carries state from batch to batch under outputConfig', async () => {
    const { store, event } = setup(threeObjects);
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      consolidateBatch: async (objects, ctx) => {
        const seen = (await ctx.state.load<{ batches: number }>())?.batches ?? 0;
        await ctx.state.save({ batches: seen + 1 });
        return new Map(objects.map((o) => [o.datasetObjectId, { label: { batchesBefore: seen } }]));
      },
    });
    await invokeAcs(handler, event);
    const second = await invokeAcs(handler, event);
    expect(second[0]?.consolidatedAnnotation.content.intent).toEqual({ batchesBefore: 1 });
    expect(store.objects.get('s3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation.json')).toBe('{"batches":2}');
  });

  it('a batch that fails as a whole (an invalid event, a missing payload) is logged through the logger before it is thrown', async () => {
    const { store, event } = setup(threeObjects);
    const error = vi.fn();
    const handler = acsHandler<Answer>({ store, logger: { ...silentLogger, error }, consolidateObject: majority });
    await expect(handler({ ...event, labelAttributeName: undefined }, undefined as never)).rejects.toThrow('event.labelAttributeName: is missing');
    expect(error).toHaveBeenLastCalledWith('batch failed', { error: expect.stringContaining('event.labelAttributeName: is missing'), errorName: 'ContractError', stack: expect.stringContaining('ContractError'), payload: payloadUri });
    const missing = 's3://gtkit-test-bucket/nope.json';
    await expect(handler({ ...event, payload: { s3Uri: missing } }, undefined as never)).rejects.toThrow(`could not read ${missing}`);
    expect(error).toHaveBeenLastCalledWith('batch failed', { error: `could not read ${missing}: the object does not exist`, errorName: 'PayloadReadError', stack: expect.any(String), payload: missing });
    await expect(handler('not an event', undefined as never)).rejects.toThrow('ACS event is not valid');
    expect(error).toHaveBeenLastCalledWith('batch failed', { error: expect.stringContaining('expected an object, got string'), errorName: 'ContractError', stack: expect.any(String), payload: undefined });
  });

  it('a label that cannot be JSON fails that object alone, naming the culprit; the batch goes on', async () => {
    const { store, event } = setup(threeObjects);
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      consolidateObject: (o) => (o.datasetObjectId === '1' ? { label: { votes: 1n } } : majority(o)),
    });
    const response = await invokeAcs(handler, event, ['0', '1', '2']);
    expect(response[0]?.consolidatedAnnotation.content.intent).toEqual({ label: 'a' });
    expect(response[1]?.consolidatedAnnotation.content.intent).toEqual({
      consolidationError: 'the label is not JSON: content.intent.votes is a BigInt; use a number or a string',
      rawAnnotations: [{ workerId: 'w1', content: JSON.stringify({ category: { label: 'b' } }) }],
    });
  });

  it('NaN or ±Infinity in a label or its metadata fails that object, naming the path, instead of turning into null', async () => {
    const { store, event } = setup(threeObjects);
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      consolidateObject: (o) =>
        o.datasetObjectId === '0' ? { label: { label: 'a', score: Number.NaN } } : o.datasetObjectId === '1' ? { label: { label: 'b' }, metadata: { confidence: [0.5, Number.NEGATIVE_INFINITY] } } : majority(o),
    });
    const response = await invokeAcs(handler, event, ['0', '1', '2']);
    expect(response.map((r) => (r.consolidatedAnnotation.content.intent as { consolidationError?: string }).consolidationError)).toEqual([
      'the label is not JSON: content.intent.score is NaN, which JSON cannot hold (it would be written as null); use a number, or null on purpose',
      'the label is not JSON: content["intent-metadata"].confidence[1] is -Infinity, which JSON cannot hold (it would be written as null); use a number, or null on purpose',
      'no answers in the payload',
    ]);
    // A null on purpose is data.
    const nulls = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: () => ({ label: { label: null } }) }), event, ['0', '1', '2']);
    expect(nulls[0]?.consolidatedAnnotation.content.intent).toEqual({ label: null });
  });

  it('what one entry holds never changes how another is checked: a deep label passes beside a null one', async () => {
    const { store, event } = setup(threeObjects);
    // A null leaf: the entry is then walked for NaN, and that walk must not refuse its depth (stringify managed it).
    let deep: Record<string, unknown> = { leaf: null };
    for (let i = 0; i < 1500; i++) deep = { d: deep };
    const run = (other: unknown) =>
      invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: (o) => ({ label: o.datasetObjectId === '0' ? deep : { label: other } }) }), event, ['0', '1', '2']);
    for (const other of ['fine', null]) {
      const response = await run(other);
      expect((response[0]?.consolidatedAnnotation.content.intent as { consolidationError?: string }).consolidationError, String(other)).toBeUndefined();
    }
  });

  it('fails the batch with a clear message when the payload is missing or not JSON', async () => {
    const event = buildAcsEvent({ payloadUri, labelAttributeName: 'intent' });
    const missing = acsHandler({ store: new MemoryObjectStore(), logger: silentLogger, consolidateObject: () => ({ label: 1 }) });
    await expect(invokeAcs(missing, event)).rejects.toThrow(`could not read ${payloadUri}: the object does not exist`);
    const garbled = acsHandler({ store: new MemoryObjectStore({ [payloadUri]: 'nope' }), logger: silentLogger, consolidateObject: () => ({ label: 1 }) });
    await expect(invokeAcs(garbled, event)).rejects.toThrow(/payload: not valid JSON/);
  });

  it('answers an empty payload with an empty array', async () => {
    const { store, event } = setup([]);
    expect(await invokeAcs(acsHandler({ store, logger: silentLogger, consolidateObject: () => ({ label: 1 }) }), event, [])).toEqual([]);
  });

  it('refuses a response over the limit, or offloads the largest labels when asked', async () => {
    const { store, event } = setup(threeObjects);
    const big = (o: AcsObject<Answer>) => ({ label: { blob: o.datasetObjectId === '0' ? 'x'.repeat(5000) : 'small' } });
    const strict = acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: big, responseLimitBytes: 2000 });
    await expect(invokeAcs(strict, event)).rejects.toBeInstanceOf(ResponseTooLargeError);
    const offloading = acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: big, responseLimitBytes: 2000, onOversize: 'offload' });
    const response = await invokeAcs(offloading, event, ['0', '1', '2']);
    const ref = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-offload/0.json';
    expect(response[0]?.consolidatedAnnotation.content.intent).toEqual({ 'annotation-ref': ref });
    expect(JSON.parse(store.objects.get(ref) ?? 'null')).toEqual({ blob: 'x'.repeat(5000) });
    expect(response[1]?.consolidatedAnnotation.content.intent).toEqual({ blob: 'small' });
  });

  it('a failed offload says it was offloading a label, of which object, and to which URI', async () => {
    const { store, event } = setup(threeObjects);
    const failing = { getText: (uri: string) => store.getText(uri), putText: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')) };
    const big = () => ({ label: { blob: 'x'.repeat(5000) } });
    const error = await rejected(invokeAcs(acsHandler<Answer>({ store: failing, logger: silentLogger, consolidateObject: big, responseLimitBytes: 2000, onOversize: 'offload' }), event));
    expect(error).toBeInstanceOf(ObjectWriteError);
    expect(error.message).toBe('could not offload the label of datasetObjectId "0" to s3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-offload/0.json: connect ECONNREFUSED 127.0.0.1:9');
    // A store that already names the URI is not repeated.
    const s3Like = { getText: failing.getText, putText: async (uri: string) => Promise.reject(new ObjectWriteError(`could not write ${uri}: access denied`, uri, { reason: 'access denied' })) };
    const again = await rejected(invokeAcs(acsHandler<Answer>({ store: s3Like, logger: silentLogger, consolidateObject: big, responseLimitBytes: 2000, onOversize: 'offload' }), event));
    expect(again.message).toBe('could not offload the label of datasetObjectId "0" to s3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-offload/0.json: access denied');
    // The folder store too (it adds its path): the URI once.
    const root = await mkdtemp(join(tmpdir(), 'gtkit-offload-'));
    try {
      await writeFile(join(root, 'gtkit-test-bucket'), 'a file where the bucket folder goes');
      const local = new LocalObjectStore(root);
      const folder = { getText: failing.getText, putText: (uri: string, text: string) => local.putText(uri, text) };
      const third = await rejected(invokeAcs(acsHandler<Answer>({ store: folder, logger: silentLogger, consolidateObject: big, responseLimitBytes: 2000, onOversize: 'offload' }), event));
      expect(third.message.split('s3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-offload/0.json')).toHaveLength(2);
      expect(third.message).toMatch(/^could not offload the label of datasetObjectId "0" to s3:\/\/\S+: ENOTDIR: .* \(.*gtkit-offload\/0\.json\)$/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('answers a repeated id once, with the answers of every copy, the same way in both modes', async () => {
    const { store, event } = setup([...threeObjects, threeObjects[0]]);
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: majority }), event, ['0', '1', '2']);
    expect(response).toHaveLength(3);
    const repeated = [
      { datasetObjectId: '7', annotations: [{ workerId: 'w1', annotationData: { content: '{"category":{"label":"a"}}' } }, { workerId: 'w2', annotationData: { content: 'garbage' } }] },
      { datasetObjectId: '7', annotations: [{ workerId: 'w3', annotationData: { content: '{"category":{"label":"b"}}' } }] },
    ];
    const workersOf = (o: AcsObject<Answer>) => ({ label: { label: o.annotations.map((a) => a.workerId).join(',') } });
    const one = setup(repeated);
    const perObject = await invokeAcs(acsHandler<Answer>({ store: one.store, logger: silentLogger, consolidateObject: workersOf }), one.event, ['7']);
    const two = setup(repeated);
    const perBatch = await invokeAcs(acsHandler<Answer>({ store: two.store, logger: silentLogger, consolidateBatch: async (objects) => new Map(objects.map((o) => [o.datasetObjectId, workersOf(o)])) }), two.event, ['7']);
    for (const r of [perObject, perBatch]) {
      expect(r[0]?.consolidatedAnnotation.content.intent).toEqual({ label: 'w1,w3' });
      expect((r[0]?.consolidatedAnnotation.content['intent-metadata'] as { 'rejected-annotations': Array<{ workerId: string }> })['rejected-annotations'].map((x) => x.workerId)).toEqual(['w2']);
    }
  });

  it('{ label: undefined } fails that object with a reason instead of an entry without its label', async () => {
    const { store, event } = setup(threeObjects);
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: (o) => (o.datasetObjectId === '0' ? { label: undefined as never } : majority(o)) }), event, ['0', '1', '2']);
    expect(response[0]?.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: expect.stringContaining('returned { label: undefined }') });
    expect(response[1]?.consolidatedAnnotation.content.intent).toEqual({ label: 'b' });
  });

  it('answers that are not objects are set aside in place: later paths keep their index, and a missing worker id is a worker of its own', async () => {
    const payload = [
      { datasetObjectId: '0', annotations: [null, 'x', { workerId: 'w1', annotationData: { content: '{"category":{"label":"a"}}' } }, { workerId: 'w2', annotationData: { content: 'garbage' } }] },
      { datasetObjectId: '1', annotations: [{ annotationData: { content: '{"category":{"label":"b"}}' } }] },
    ];
    const { store, event } = setup(payload);
    const seen: string[] = [];
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: (o) => (seen.push(...o.annotations.map((a) => a.workerId)), majority(o)) }), event, ['0', '1']);
    const rejected = (response[0]?.consolidatedAnnotation.content['intent-metadata'] as { 'rejected-annotations': Array<{ workerId: string; reason: string }> })['rejected-annotations'];
    expect(rejected.map((r) => r.workerId)).toEqual(['unknown-worker-0-0', 'unknown-worker-0-1', 'w2']);
    expect(rejected[2]?.reason).toMatch(/^payload\[datasetObjectId=0\]\.annotations\[3\]\.annotationData\.content: not valid JSON/);
    expect(seen).toEqual(['w1', 'unknown-worker-1-0']);
  });

  it('an answer or a label nested thousands deep fails that object alone, not the batch', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const store = new MemoryObjectStore({ [payloadUri]: `[{"datasetObjectId":"0","annotations":[{"workerId":"w","annotationData":{"content":"{\\"category\\":{\\"label\\":\\"a\\"}}"}}]},{"datasetObjectId":"1","annotations":[{"workerId":"w","annotationData":{"content":${deep}}}]}]` });
    const event = buildAcsEvent({ payloadUri, labelAttributeName: 'intent' });
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: majority }), event, ['0', '1']);
    expect(response[0]?.consolidatedAnnotation.content.intent).toEqual({ label: 'a' });
    expect(isConsolidationFailure(response[1]?.consolidatedAnnotation.content.intent)).toBe(true);
    const deepLabel = setup([{ datasetObjectId: '0', annotations: [{ workerId: 'w', annotationData: { content: deep } }] }, threeObjects[1]]);
    const labelled = await invokeAcs(acsHandler<unknown, unknown>({ store: deepLabel.store, logger: silentLogger, consolidateObject: (o) => ({ label: o.annotations[0]?.answer }) }), deepLabel.event, ['0', '1']);
    expect(labelled[0]?.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: 'the label is not JSON: content is nested more than 1000 levels deep; flatten it' });
    expect(labelled[1]?.consolidatedAnnotation.content.intent).toEqual({ category: { label: 'b' } });
  });

  it('a consolidateBatch that returns no Map fails each object with a message that says what to return', async () => {
    const { store, event } = setup(threeObjects);
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateBatch: async () => ({}) as never }), event, ['0', '1', '2']);
    expect(response[0]?.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: 'consolidateBatch returned object; return a Map from datasetObjectId to { label } or an Error' });
  });

  it('a huge answer set aside is echoed in the metadata cut short, so the response stays under the limit', async () => {
    const huge = 'x'.repeat(7 << 20);
    const { store, event } = setup([{ datasetObjectId: '0', annotations: [{ workerId: 'w1', annotationData: { content: '{"category":{"label":"a"}}' } }, { workerId: 'w2', annotationData: { content: huge } }] }]);
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject: majority }), event, ['0']);
    const echoed = (response[0]?.consolidatedAnnotation.content['intent-metadata'] as { 'rejected-annotations': Array<{ content: string }> })['rejected-annotations'][0]?.content ?? '';
    expect(echoed).toMatch(/… \(7340032 characters; the whole answer is in the job's worker-response file\)$/);
    expect(echoed.length).toBeLessThan(1200);
  });
});

