import { describe, expect, it, vi } from 'vitest';
import { acsHandler, type AcsObject, type HandlerLogger } from '../../../lambdas/index.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../../../lambdas/testing/index.ts';

type Answer = { category: { label: string } };
const payloadUri = 's3://gtkit-test-bucket/output/job/annotations/consolidated-annotation/consolidation-request/iteration-1/2026-11-24_21:26:06.json';
/** CloudWatch Logs' largest event. */
const cloudWatchEventBytes = 256 * 1024;

function objects(count: number, idOf: (i: number) => string | number = (i) => i) {
  return buildAcsPayload(Array.from({ length: count }, (_, i) => ({ datasetObjectId: idOf(i), answers: [{ workerId: 'w1', answer: { category: { label: 'a' } } }] })));
}

function logged() {
  const error = vi.fn<HandlerLogger['error']>();
  return { error, logger: { ...silentLogger, error } };
}

/** Runs the handler `build` makes on a store holding the payload. */
async function run(build: (store: MemoryObjectStore) => ReturnType<typeof acsHandler>, payload: unknown) {
  const store = new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) });
  return invokeAcs(build(store), buildAcsEvent({ payloadUri, labelAttributeName: 'intent' }));
}

/** A bug in a user's consolidateBatch: one object's answer dereferences undefined. */
function buggyBatch(objects: Array<AcsObject<Answer>>): Map<string, { label: string }> {
  const shapes: Record<string, { shape: string }> = {};
  for (const o of objects) if (o.datasetObjectId === '117') return new Map([[o.datasetObjectId, { label: (shapes.neutral as { shape: string }).shape }]]);
  return new Map();
}

describe('what the ACS logs when consolidation throws', () => {
  it("a batch whose consolidateBatch throws is one ERROR line with the error's class, its stack, the payload and the batch's ids; no line per object", async () => {
    const { error, logger } = logged();
    const handler = (store: MemoryObjectStore) => acsHandler<Answer, string>({ store, logger, consolidateBatch: buggyBatch as never });
    const response = await run(handler, objects(150, (i) => 100 + i));
    expect(response).toHaveLength(150);
    for (const entry of response) expect(entry.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: "Cannot read properties of undefined (reading 'shape')" });
    expect(error).toHaveBeenCalledTimes(1);
    const [message, fields] = error.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toBe('batch consolidation failed; every object keeps its raw answers');
    expect(fields).toMatchObject({ error: "Cannot read properties of undefined (reading 'shape')", errorName: 'TypeError', payload: payloadUri, datasetObjectIdCount: 150 });
    expect(fields).not.toHaveProperty('objects');
    // Where it was thrown: the function and this file, line and column.
    expect(fields.stack).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'shape'\)\n\s+at Object.buggyBatch \[as consolidateBatch\] \(.*acs-error-log\.test\.ts:\d+:\d+\)/);
    expect(fields.datasetObjectIds).toEqual(Array.from({ length: 100 }, (_, i) => String(100 + i)));
  });

  it('the line stays under CloudWatch Logs\' event limit however long the stack and the ids', async () => {
    const { error, logger } = logged();
    const huge = new RangeError('deep');
    huge.stack = `RangeError: deep\n${'    at recurse (file:///task/acs.ts:1:1)\n'.repeat(40_000)}`;
    const handler = (store: MemoryObjectStore) =>
      acsHandler<Answer, string>({
        store,
        logger,
        consolidateBatch: () => {
          throw huge;
        },
      });
    await run(handler, objects(2_000, (i) => `${'x'.repeat(500)}-${i}`));
    const [, fields] = error.mock.calls[0] as [string, Record<string, unknown>];
    expect(Buffer.byteLength(JSON.stringify(fields))).toBeLessThan(cloudWatchEventBytes / 4);
    expect(fields.stack).toMatch(/^RangeError: deep\n/);
    expect(fields.stack).toMatch(/… \(\d+ more characters\)$/);
    expect(fields.datasetObjectIdCount).toBe(2_000);
  });

  it('a 1 MB message is cut where the reason is made: the log line and every entry stay small, and the stack keeps its frames', async () => {
    const long = new Error('x'.repeat(1_000_000));
    long.name = `Big${'N'.repeat(1_000_000)}`;
    for (const throwIn of ['batch', 'object'] as const) {
      const { error, logger } = logged();
      const fail = () => {
        throw long;
      };
      const handler = (store: MemoryObjectStore) => acsHandler<Answer, string>({ store, logger, ...(throwIn === 'batch' ? { consolidateBatch: fail } : { consolidateObject: fail }) });
      // 12 entries of a 1 MB reason each would be over Lambda's 6 MB response limit.
      const response = await run(handler, objects(12));
      expect(response).toHaveLength(12);
      expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThan(100_000);
      for (const entry of response) expect((entry.consolidatedAnnotation.content.intent as { consolidationError: string }).consolidationError).toMatch(/^x{2000}… \(998000 more characters\)$/);
      for (const [, fields] of error.mock.calls as Array<[string, Record<string, unknown>]>) {
        expect(Buffer.byteLength(JSON.stringify(fields))).toBeLessThan(cloudWatchEventBytes / 4);
        expect(fields.errorName).toMatch(/^BigN+… \(\d+ more characters\)$/);
        expect(fields.stack).toMatch(/^BigN+… \(\d+ more characters\)\n\s+at .*acs-error-log\.test\.ts:\d+:\d+/);
      }
      expect(error).toHaveBeenCalledTimes(throwIn === 'batch' ? 1 : 12);
    }
  });

  it('an error whose stack, name or message getter throws still leaves every object its raw answers', async () => {
    const hostile = (key: 'stack' | 'name' | 'message') =>
      Object.defineProperty(new Error('boom'), key, {
        get() {
          throw new Error(`${key} getter boom`);
        },
      });
    for (const key of ['stack', 'name', 'message'] as const) {
      for (const throwIn of ['batch', 'object'] as const) {
        const { error, logger } = logged();
        const fail = () => {
          throw hostile(key);
        };
        const handler = (store: MemoryObjectStore) => acsHandler<Answer, string>({ store, logger, ...(throwIn === 'batch' ? { consolidateBatch: fail } : { consolidateObject: fail }) });
        const response = await run(handler, objects(2));
        const reason = key === 'message' ? `${throwIn === 'batch' ? 'consolidateBatch' : 'consolidateObject'} threw a value whose message cannot be read (reading it threw an error of its own); throw an Error whose message says why` : 'boom';
        for (const entry of response) expect(entry.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: reason, rawAnnotations: [expect.anything()] });
        expect(error).not.toHaveBeenCalledWith('batch failed', expect.anything());
        for (const [, fields] of error.mock.calls as Array<[string, Record<string, unknown>]>) expect(fields).not.toHaveProperty(key === 'name' ? 'errorName' : key === 'stack' ? 'stack' : 'nothing');
      }
    }
  });

  it('an Error a consolidateBatch returns for an object is its reason, cut like a thrown one', async () => {
    const handler = (store: MemoryObjectStore) => acsHandler<Answer, string>({ store, logger: silentLogger, consolidateBatch: (os) => new Map(os.map((o) => [o.datasetObjectId, new Error('y'.repeat(10_000))])) });
    const response = await run(handler, objects(1));
    expect(response[0]?.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: expect.stringMatching(/^y{2000}… \(8000 more characters\)$/) });
  });

  it('an object whose consolidateObject throws keeps its own ERROR line, now with the class and stack', async () => {
    const { error, logger } = logged();
    const handler = (store: MemoryObjectStore) =>
      acsHandler<Answer, string>({
        store,
        logger,
        consolidateObject: (o) => {
          if (o.datasetObjectId === '1') throw new SyntaxError('bad pattern');
          return { label: 'a' };
        },
      });
    const response = await run(handler, objects(3));
    expect(response[1]?.consolidatedAnnotation.content.intent).toMatchObject({ consolidationError: 'bad pattern' });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('object not consolidated', {
      datasetObjectId: '1',
      reason: 'bad pattern',
      answers: 1,
      errorName: 'SyntaxError',
      stack: expect.stringMatching(/^SyntaxError: bad pattern\n\s+at consolidateObject .*acs-error-log\.test\.ts:\d+:\d+/),
    });
  });

  it('an object that reaches the ACS with no answers says so, in its entry and in the log alike', async () => {
    const { error, logger } = logged();
    const handler = (store: MemoryObjectStore) => acsHandler<Answer, string>({ store, logger, consolidateObject: () => ({ label: 'a' }) });
    const response = await run(handler, buildAcsPayload([{ datasetObjectId: 0, answers: [] }]));
    expect(response[0]?.consolidatedAnnotation.content.intent).toEqual({ consolidationError: 'no answers in the payload', rawAnnotations: [] });
    expect(error).toHaveBeenCalledWith('object not consolidated', { datasetObjectId: '0', reason: 'no answers in the payload', answers: 0 });
  });
});
