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
    expect(fields).toMatchObject({ error: "Cannot read properties of undefined (reading 'shape')", errorName: 'TypeError', payload: payloadUri, objects: 150, datasetObjectIdCount: 150 });
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
