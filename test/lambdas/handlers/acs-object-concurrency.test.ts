import { describe, expect, it } from 'vitest';
import { acsHandler, type AcsContext, type AcsHandlerOptions, type AcsObject } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';
import { messageOf, rejected } from '../../helpers/errors.ts';

type Answer = { category: { label: string } };
const payloadUri = 's3://gtkit-test-bucket/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/batch.json';
const stateUri = 's3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-state/consolidation.json';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function batch(n: number) {
  const payload = buildAcsPayload(Array.from({ length: n }, (_, i) => ({ datasetObjectId: i, answers: [0, 1].map((w) => ({ workerId: `w${w}`, answer: { category: { label: `l${i}` } } })) })));
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  return { store, event: buildAcsEvent({ payloadUri, labelAttributeName: 'intent' }) };
}

/** A delay per object that makes later objects often finish first: completion order differs from input order. */
const uneven = (i: number) => (i * 7) % 5;

/** Counts the consolidateObject calls running at once, and the order they finish in. */
function gauge() {
  const g = { inFlight: 0, most: 0, finished: [] as string[] };
  const around = async <R>(id: string, work: () => Promise<R>): Promise<R> => {
    g.most = Math.max(g.most, ++g.inFlight);
    try {
      return await work();
    } finally {
      g.inFlight--;
      g.finished.push(id);
    }
  };
  return { g, around };
}

type ObjectOptions = Omit<Extract<AcsHandlerOptions<Answer, unknown>, { consolidateObject: unknown }>, 'consolidateObject'>;
async function run(n: number, consolidateObject: (o: AcsObject<Answer>, context: AcsContext) => Promise<{ label: unknown }>, options: ObjectOptions = {}) {
  const { store, event } = batch(n);
  const response = await invokeAcs(acsHandler<Answer>({ store, logger: silentLogger, consolidateObject, ...options }), event);
  return { response, store, text: JSON.stringify(response) };
}

describe('consolidateObject runs with bounded concurrency', () => {
  it('runs one at a time by default', async () => {
    const { g, around } = gauge();
    await run(8, (o) => around(o.datasetObjectId, async () => (await sleep(uneven(Number(o.datasetObjectId))), { label: 1 })));
    expect(g.most).toBe(1);
  });

  it('runs at most 16 at once when asked, and answers in input order whatever order the calls finish in', async () => {
    const { g, around } = gauge();
    const { response } = await run(60, (o) => around(o.datasetObjectId, async () => (await sleep(uneven(Number(o.datasetObjectId))), { label: o.annotations[0]?.answer.category.label })), { objectConcurrency: 16 });
    expect(g.most).toBe(16);
    expect(g.finished).not.toEqual(g.finished.slice().sort((a, b) => Number(a) - Number(b)));
    expect(response.map((e) => e.datasetObjectId)).toEqual(Array.from({ length: 60 }, (_, i) => String(i)));
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(Array.from({ length: 60 }, (_, i) => `l${i}`));
  });

  it('runs at most objectConcurrency at once; 1 runs them one by one', async () => {
    for (const objectConcurrency of [1, 4]) {
      const { g, around } = gauge();
      await run(20, (o) => around(o.datasetObjectId, async () => (await sleep(uneven(Number(o.datasetObjectId))), { label: 1 })), { objectConcurrency });
      expect(g.most).toBe(objectConcurrency);
    }
  });

  it('keeps failures to their object, with the same messages, and the same bytes whatever order the calls finish in', async () => {
    const failing = (delay: (i: number) => number) => async (o: AcsObject<Answer>) => {
      const i = Number(o.datasetObjectId);
      await sleep(delay(i));
      if (i % 4 === 1) throw new Error(`object ${i} broke`);
      if (i % 4 === 2) throw `plain ${i}`;
      return { label: i };
    };
    const forward = await run(24, failing(uneven), { objectConcurrency: 16 });
    const backward = await run(24, failing((i) => 24 - i), { objectConcurrency: 16 });
    const serial = await run(24, failing(uneven), { objectConcurrency: 1 });
    expect(forward.text).toBe(serial.text);
    expect(backward.text).toBe(serial.text);
    const contents = forward.response.map((e) => e.consolidatedAnnotation.content.intent as { consolidationError?: string });
    expect(contents.slice(0, 4).map((c) => (typeof c === 'object' ? c.consolidationError : c))).toEqual([0, 'object 1 broke', 'plain 2', 3]);
  });

  it('the state is as if the objects ran one by one in input order; work before reading it still overlaps', async () => {
    const { g, around } = gauge();
    // A read-modify-write per object: run at once over a shared state, updates would be lost.
    const counting = (o: AcsObject<Answer>, ctx: AcsContext) =>
      around(o.datasetObjectId, async () => {
        await sleep(uneven(Number(o.datasetObjectId)));
        const seen = (await ctx.state.load<{ ids: string[] }>())?.ids ?? [];
        await sleep(uneven(Number(o.datasetObjectId) + 1));
        await ctx.state.save({ ids: [...seen, o.datasetObjectId] });
        return { label: seen.length };
      });
    const { response, store } = await run(40, counting, { objectConcurrency: 16 });
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(JSON.parse(store.objects.get(stateUri) ?? 'null')).toEqual({ ids: Array.from({ length: 40 }, (_, i) => String(i)) });
    expect(g.most).toBe(16);
    // The same bytes, state included, as one at a time.
    const serial = await run(40, counting, { objectConcurrency: 1 });
    expect(JSON.stringify(response)).toBe(serial.text);
    expect(store.objects.get(stateUri)).toBe(serial.store.objects.get(stateUri));
  });

  it('a save an object does not await still lands in input order, with the value as it was when saved; the last in input order is the batch state', async () => {
    const { response, store } = await run(30, async (o, ctx) => {
      const i = Number(o.datasetObjectId);
      await sleep((30 - i) % 6);
      const value = { last: o.datasetObjectId };
      void ctx.state.save(value);
      value.last = 'changed after save'; // a save keeps the value as it was when saved
      return { label: i };
    }, { objectConcurrency: 16 });
    expect(response).toHaveLength(30);
    expect(store.objects.get(stateUri)).toBe('{"last":"29"}');
  });

  it('at the default, a consolidator that shares one state load across the batch works (with several at once it would wait on itself)', async () => {
    let shared: Promise<{ seen?: number } | undefined> | undefined;
    const { response } = await run(6, async (o, ctx) => {
      // Object 0 comes last to the shared load, so with several at once a later object would make
      // it, and that load waits for object 0, which waits for it.
      await sleep(o.datasetObjectId === '0' ? 20 : 0);
      shared ??= ctx.state.load<{ seen?: number }>();
      return { label: (await shared)?.seen ?? 0 };
    });
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('the state object is read once per batch, however many objects load it; each load gets a copy of its own', async () => {
    const { store, event } = batch(10);
    store.objects.set(stateUri, '{"seen":[]}');
    let reads = 0;
    const getText = store.getText.bind(store);
    store.getText = async (uri: string) => {
      if (uri === stateUri) reads++;
      return getText(uri);
    };
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      objectConcurrency: 4,
      consolidateObject: async (o, ctx) => {
        const state = (await ctx.state.load<{ seen: string[] }>()) ?? { seen: [] };
        state.seen.push(o.datasetObjectId); // changes this call's copy only, until it saves
        return { label: state.seen.length };
      },
    });
    const response = await invokeAcs(handler, event);
    expect(reads).toBe(1);
    expect(response.map((e) => e.consolidatedAnnotation.content.intent)).toEqual(Array(10).fill(1));
  });

  it('a batch that fails after consolidating saves no state, as before', async () => {
    const { store, event } = batch(5);
    const handler = acsHandler<Answer>({
      store,
      logger: silentLogger,
      responseLimitBytes: 10,
      consolidateObject: async (o, ctx) => {
        await ctx.state.save({ id: o.datasetObjectId });
        return { label: 1 };
      },
    });
    await expect(invokeAcs(handler, event)).rejects.toThrow(/response limit/);
    expect(store.objects.has(stateUri)).toBe(false);
  });
});

describe('objectConcurrency is checked when the handler is built', () => {
  const refusal = messageOf(TypeError);
  const consolidateObject = () => ({ label: 1 });
  it('takes a whole number from 1 to 256, with consolidateObject only', () => {
    const expected = (got: string) => `acsHandler: options.objectConcurrency: expected a whole number from 1 to 256 (how many consolidateObject calls run at once; default 1), got ${got}`;
    for (const [value, got] of [[0, '0'], [1.5, '1.5'], ['16', '"16"'], [257, '257'], [Number.NaN, 'NaN']] as const) {
      expect(refusal(() => acsHandler({ consolidateObject, objectConcurrency: value } as never))).toBe(expected(got));
    }
    expect(refusal(() => acsHandler({ consolidateBatch: async () => new Map(), objectConcurrency: 4 } as never))).toBe(
      'acsHandler: options.objectConcurrency: applies to consolidateObject only (consolidateBatch gets the whole batch in one call); remove it',
    );
    expect(() => acsHandler({ consolidateObject, objectConcurrency: 1 })).not.toThrow();
    expect(() => acsHandler({ consolidateObject, objectConcurrency: 256 })).not.toThrow();
  });
});

describe('offloaded labels', () => {
  it('are written at most 16 at once; when several writes fail, the error is the first in plan order and no write is left running', async () => {
    const n = 40;
    const { store: memory, event } = batch(n);
    let inFlight = 0;
    let most = 0;
    const store = {
      getText: (uri: string) => memory.getText(uri),
      async putText(uri: string, text: string) {
        most = Math.max(most, ++inFlight);
        const id = Number(/(\d+)\.json$/.exec(uri)?.[1]);
        try {
          // The largest label (39) is planned first but fails last.
          await sleep(id === 39 ? 30 : id % 3);
          if (id === 39 || id === 38) throw new Error(`refused ${id}`);
          await memory.putText(uri, text);
        } finally {
          inFlight--;
        }
      },
    };
    const handler = acsHandler<Answer>({ store, logger: silentLogger, responseLimitBytes: 20_000, onOversize: 'offload', consolidateObject: async (o) => ({ label: 'x'.repeat(1000 + Number(o.datasetObjectId)) }) });
    const error = await rejected(invokeAcs(handler, event));
    expect(error.message).toBe('could not offload the label of datasetObjectId "39" to s3://gtkit-test-bucket/output/gtkit-test-job/annotations/gtkit-offload/39.json: refused 39');
    expect(inFlight).toBe(0);
    expect(most).toBe(16);
  });
});
