import { acsHandler } from '../lambdas/index.ts';
import { defaultObjectConcurrency } from '../lambdas/handlers/acs-each-object.ts';
import { buildAcsEvent, buildAcsPayload, invokeAcs, MemoryObjectStore, silentLogger } from '../lambdas/testing/index.ts';
import { fmt, medianSeconds } from './measure.ts';
import type { BenchResult } from './types.ts';

// An ACS batch whose consolidateObject waits on I/O for each object (an S3 read, a call to a
// model): objectConcurrency overlaps those waits. The wait is a timer, so the figures show the
// handler's scheduling, not the machine's speed.
const objects = 1600;
const waitMs = 5;

export async function run(): Promise<BenchResult> {
  const payloadUri = 's3://bench/consolidation-request.json';
  const payload = buildAcsPayload(
    Array.from({ length: objects }, (_, i) => ({ datasetObjectId: i, answers: ['a', 'b', 'c'].map((workerId) => ({ workerId, answer: { category: { label: 'x' } } })) })),
  );
  const event = buildAcsEvent({ payloadUri });
  const rows: Array<Array<string | number>> = [];
  const metrics: Record<string, number> = {};
  for (const objectConcurrency of [1, 16, 64]) {
    let inFlight = 0;
    let most = 0;
    const handler = acsHandler({
      store: new MemoryObjectStore({ [payloadUri]: JSON.stringify(payload) }),
      logger: silentLogger,
      objectConcurrency,
      consolidateObject: async (object) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        inFlight--;
        return { label: object.annotations.length };
      },
    });
    // One timed run for the serial case (8 s); the median of 3 otherwise.
    const seconds = await medianSeconds(() => invokeAcs(handler, event), objectConcurrency === 1 ? 1 : 3, objectConcurrency === 1 ? 0 : 1);
    rows.push([objectConcurrency === defaultObjectConcurrency ? `${objectConcurrency} (default)` : objectConcurrency, fmt(seconds, 2), most]);
    metrics[`objects_${objectConcurrency}_at_once_seconds`] = seconds;
  }
  return {
    name: 'acs-objects',
    tables: [{ title: `ACS batch of ${objects} objects, consolidateObject waiting ${waitMs} ms each`, columns: ['objectConcurrency', 'seconds', 'most at once'], rows }],
    metrics,
  };
}
