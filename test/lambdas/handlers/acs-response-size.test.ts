import { describe, expect, it } from 'vitest';
import { acsHandler, isConsolidationFailure, ResponseTooLargeError, type AcsObject } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, invokeHandler, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { rejected } from '../../helpers/errors.ts';

type Answer = { category: { label: string } };
const payloadUri = 's3://gtkit-test-bucket/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/batch.json';
const offloadPrefix = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-offload/';
const stateUri = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation.json';

/** A memory store that counts writes and the most it was writing at once. */
class CountingStore extends MemoryObjectStore {
  puts = 0;
  inFlight = 0;
  maxInFlight = 0;
  override async putText(uri: string, text: string): Promise<void> {
    this.puts++;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight--;
    return super.putText(uri, text);
  }
}

function setup(payload: unknown) {
  const store = new CountingStore({ [payloadUri]: JSON.stringify(payload) });
  const event = buildAcsEvent({ payloadUri, labelAttributeName: 'intent' });
  return { store, event };
}

const answered = (n: number, answers = 2) =>
  buildAcsPayload(Array.from({ length: n }, (_, i) => ({ datasetObjectId: i, answers: Array.from({ length: answers }, (_, w) => ({ workerId: `w${w}`, answer: { category: { label: 'a' } } })) })));

const contentOf = (response: Array<{ consolidatedAnnotation: { content: Record<string, unknown> } }>, i: number) => response[i]?.consolidatedAnnotation.content ?? {};

describe('the ACS response size', () => {
  it('a batch whose every answer is refused for one reason says it once per object, and fits where saying it per answer did not', async () => {
    // A template whose field was renamed: 4,000 objects × 9 workers, each answer refused by parseAnswer (said per answer: 8.1 MB).
    const { store, event } = setup(answered(4000, 9));
    const parseAnswer = (answer: unknown): Answer => {
      if (!(answer as { intent?: unknown }).intent) throw new Error('answer.intent: is missing (the template\'s element must be named "intent")');
      return answer as Answer;
    };
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, parseAnswer, consolidateObject: () => ({ label: 'x' }) }), event);
    expect(response).toHaveLength(4000);
    expect(contentOf(response, 7).intent).toEqual({
      consolidationError: 'none of the 9 answers could be used (annotations[0–8].annotationData.content: answer.intent: is missing (the template\'s element must be named "intent"))',
      rawAnnotations: Array.from({ length: 9 }, (_, w) => ({ workerId: `w${w}`, content: '{"category":{"label":"a"}}' })),
    });
  });

  it('when objects failed, a response too large says so first, with the first reason, before advising offload', async () => {
    const { store, event } = setup(answered(3, 2));
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      responseLimitBytes: 500,
      parseAnswer: (answer) => {
        if ((answer as Answer).category.label === 'a') throw new Error('answer.category.label: "a" is retired');
        return answer as Answer;
      },
      consolidateObject: () => ({ label: 'x' }),
    });
    const error = await rejected(invokeHandler(handler, event));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toMatch(/over Lambda's 500-byte response limit\. 3 of 3 objects could not be consolidated, and each such entry carries its answers and why \(datasetObjectId "0": none of the 2 answers could be used \(annotations\[0–1\]\.annotationData\.content: answer\.category\.label: "a" is retired\)\); fix that first\. Set onOversize: 'offload'/);
  });

  it('a response too large names the objects with the largest labels, largest first', async () => {
    const { store, event } = setup(answered(5));
    const handler = acsHandler<Answer, string>({ store, logger: silentLogger, responseLimitBytes: 2000, consolidateObject: (o) => ({ label: o.datasetObjectId === '3' ? 'x'.repeat(3000) : o.datasetObjectId === '1' ? 'y'.repeat(100) : 'z' }) });
    const error = await rejected(invokeHandler(handler, event));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toMatch(/response limit\. The largest labels are those of datasetObjectId "3" \(3002 bytes\), datasetObjectId "1" \(102 bytes\), datasetObjectId "0" \(3 bytes\)\. Set onOversize: 'offload'/);
  });

  it('a failed object echoes each raw answer cut like a set-aside one, so big answers do not fail the batch', async () => {
    const big = { category: { label: 'x'.repeat(20_000) } };
    const payload = buildAcsPayload([
      { datasetObjectId: 'bad', answers: [0, 1, 2].map((w) => ({ workerId: `w${w}`, answer: big })) },
      { datasetObjectId: 'good', answers: [{ workerId: 'w0', answer: { category: { label: 'a' } } }] },
    ]);
    const { store, event } = setup(payload);
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      responseLimitBytes: 10_000,
      consolidateObject: (o) => {
        if (o.datasetObjectId === 'bad') throw new Error('cannot decide');
        return { label: 'a' };
      },
    });
    const response = await invokeAcs(handler, event, ['bad', 'good']);
    const text = JSON.stringify(big);
    expect(contentOf(response, 0).intent).toEqual({
      consolidationError: 'cannot decide',
      rawAnnotations: [0, 1, 2].map((w) => ({ workerId: `w${w}`, content: `${text.slice(0, 1000)}… (${text.length} characters; the whole answer is in the job's worker-response file)` })),
    });
    expect(contentOf(response, 1).intent).toBe('a');
  });

  it('echoes of set-aside answers lose their content, largest first, before the response is refused; reasons and worker ids stay', async () => {
    const payload = answered(3);
    for (const o of payload) o.annotations.push({ workerId: 'w9', annotationData: { content: `{${'x'.repeat(4999)}` } });
    const { store, event } = setup(payload);
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, responseLimitBytes: 8000, consolidateObject: () => ({ label: 'a' }) }), event, ['0', '1', '2']);
    const echoes = [0, 1, 2].map((i) => (contentOf(response, i)['intent-metadata'] as { 'rejected-annotations': Array<{ workerId: string; reason: string; content: string }> })['rejected-annotations'][0]);
    const stub = "(5000 characters, left out to keep the response under Lambda's limit; the whole answer is in the job's worker-response file)";
    expect(echoes.map((e) => e?.content)).toEqual([stub, stub, `{${'x'.repeat(4999)}`]);
    expect(echoes.map((e) => e?.workerId)).toEqual(['w9', 'w9', 'w9']);
    expect(echoes[0]?.reason).toMatch(/^payload\[datasetObjectId=0\]\.annotations\[2\]\.annotationData\.content: not valid JSON/);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(8000);
    expect(store.puts).toBe(0);
  });

  it('offload: a failed object offloaded still says in the response that it failed and why (a bare reference would read as a label)', async () => {
    const { store, event } = setup(answered(40, 3));
    // Longer than the 1,000 characters kept beside a reference, within the 2,000 a thrown reason is cut to where it is made.
    const long = `cannot decide: ${'r'.repeat(1500)}`;
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      responseLimitBytes: 7000,
      onOversize: 'offload',
      consolidateObject: (o) => {
        if (o.datasetObjectId === '3') throw new Error(long);
        if (Number(o.datasetObjectId) % 2 === 1) throw new Error('cannot decide');
        return { label: 'a' };
      },
    });
    const response = await invokeAcs(handler, event);
    const failed = response.filter((e) => Number(e.datasetObjectId) % 2 === 1).map((e) => e.consolidatedAnnotation.content.intent as Record<string, unknown>);
    const offloaded = failed.filter((label) => 'annotation-ref' in label);
    expect(offloaded.length).toBeGreaterThan(0);
    for (const label of failed) expect(isConsolidationFailure(label)).toBe(true);
    const ref = `${offloadPrefix}1.json`;
    expect(contentOf(response, 1).intent).toEqual({ consolidationError: 'cannot decide', 'annotation-ref': ref });
    expect(JSON.parse(store.objects.get(ref) ?? 'null')).toEqual({ consolidationError: 'cannot decide', rawAnnotations: [0, 1, 2].map((w) => ({ workerId: `w${w}`, content: '{"category":{"label":"a"}}' })) });
    // A reason of any length stays short beside its reference; the whole one is in the store.
    expect(contentOf(response, 3).intent).toEqual({ consolidationError: `${long.slice(0, 1000)}… (${long.length} characters; the whole reason is in the offloaded object)`, 'annotation-ref': `${offloadPrefix}3.json` });
    expect((JSON.parse(store.objects.get(`${offloadPrefix}3.json`) ?? 'null') as { consolidationError: string }).consolidationError).toBe(long);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(7000);
  });

  it("offload: labels a reference would not shrink stay; when offloading cannot be enough it throws at once, writing nothing, and says what is left", async () => {
    const { store, event } = setup(answered(3));
    const metadataHeavy = acsHandler<Answer>({ store, logger: silentLogger, responseLimitBytes: 2000, onOversize: 'offload', consolidateObject: () => ({ label: 1, metadata: { note: 'm'.repeat(1000) } }) });
    const error = await rejected(invokeAcs(metadataHeavy, event), ResponseTooLargeError);
    expect(error.message).toBe(
      "the ACS response would be 3313 bytes even with onOversize: 'offload' (labels 3 bytes with every label a reference shrinks offloaded, metadata 3033 bytes, ids and JSON structure 277 bytes), over Lambda's 2000-byte response limit. Nothing was offloaded: make the metadata smaller, since it always stays in the response.",
    );
    expect(store.puts).toBe(0);
  });

  it('offload: moves only the labels needed, largest saving first, and never more than 16 writes at once', async () => {
    const { store, event } = setup(answered(60));
    const sized = (o: AcsObject<Answer>) => ({ label: Number(o.datasetObjectId) < 40 ? 'x'.repeat(1000 + Number(o.datasetObjectId)) : 1 });
    const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, responseLimitBytes: 20_000, onOversize: 'offload', consolidateObject: sized }), event);
    const offloaded = response.flatMap((e, i) => (typeof e.consolidatedAnnotation.content.intent === 'object' ? [i] : []));
    // 60 entries: 40 labels of about 1 kB and 20 of one byte. The largest go, and only until it fits.
    expect(offloaded).toEqual(Array.from({ length: 28 }, (_, k) => 12 + k));
    expect(contentOf(response, 39).intent).toEqual({ 'annotation-ref': `${offloadPrefix}39.json` });
    expect(store.objects.get(`${offloadPrefix}39.json`)).toBe(JSON.stringify('x'.repeat(1039)));
    const size = Buffer.byteLength(JSON.stringify(response));
    expect(size).toBeLessThanOrEqual(20_000);
    const savingOf12 = JSON.stringify('x'.repeat(1012)).length - JSON.stringify({ 'annotation-ref': `${offloadPrefix}12.json` }).length;
    expect(size + savingOf12).toBeGreaterThan(20_000);
    expect(store.puts).toBe(28);
    const many = setup(answered(60));
    const tight = await invokeAcs(acsHandler<Answer>({ store: many.store, logger: silentLogger, responseLimitBytes: 10_000, onOversize: 'offload', consolidateObject: sized }), many.event);
    expect(many.store.puts).toBe(tight.filter((e) => typeof e.consolidatedAnnotation.content.intent === 'object').length);
    expect(many.store.puts).toBeGreaterThan(16);
    expect(many.store.maxInFlight).toBe(16);
  });

  it("offload without an outputConfig to write under says so, not 'set offload'", async () => {
    const { store, event } = setup(answered(3));
    delete event.outputConfig;
    const handler = acsHandler<Answer>({ store, logger: silentLogger, responseLimitBytes: 1000, onOversize: 'offload', consolidateObject: () => ({ label: 'x'.repeat(1000) }) });
    const error = await rejected(invokeHandler(handler, event), ResponseTooLargeError);
    expect(error.message).toBe("the ACS response would be 3226 bytes, over Lambda's 1000-byte response limit. onOversize is 'offload', but the event has no outputConfig to write the labels under; make the labels smaller.");
  });

  it('the carried state is saved only once the response is final, so a batch that fails and is sent again counts once', async () => {
    const { store, event } = setup(answered(3));
    const counting = (limit: number) =>
      acsHandler<Answer>({
        store,
        logger: silentLogger,
        responseLimitBytes: limit,
        consolidateBatch: async (objects, ctx) => {
          const seen = (await ctx.state.load<{ answers: number }>())?.answers ?? 0;
          await ctx.state.save({ answers: seen + objects.reduce((n, o) => n + o.annotations.length, 0) });
          // A value saved earlier in the batch is what a later load sees.
          expect(await ctx.state.load()).toEqual({ answers: seen + 6 });
          return new Map(objects.map((o) => [o.datasetObjectId, { label: 'x'.repeat(500) }]));
        },
      });
    await expect(invokeAcs(counting(1000), event)).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(store.objects.has(stateUri)).toBe(false);
    await invokeAcs(counting(1 << 20), event);
    expect(store.objects.get(stateUri)).toBe('{"answers":6}');
  });
});
