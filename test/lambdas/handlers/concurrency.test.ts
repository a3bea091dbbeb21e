import { describe, expect, it } from 'vitest';
import { mapLimited, mapLimitedSettled } from '../../../lambdas/handlers/concurrency.ts';
import { rejected } from '../../helpers/errors.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapLimitedSettled', () => {
  it('calls every item once, never more than the limit at once, and starts them in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await mapLimitedSettled(Array.from({ length: 50 }, (_, i) => i), 4, async (item, index) => {
      expect(index).toBe(item);
      started.push(item);
      most = Math.max(most, ++running);
      // Uneven waits, so calls finish out of order.
      for (let t = 0; t < (item % 3) + 1; t++) await tick();
      running--;
    });
    expect(started).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(4);
  });

  it('takes a typed array, and an empty list is done at once', async () => {
    const seen: number[] = [];
    await mapLimitedSettled(Int32Array.from([7, 8, 9]), 16, async (item) => void seen.push(item));
    expect(seen).toEqual([7, 8, 9]);
    await mapLimitedSettled([], 4, async () => expect.unreachable());
  });

  it('after a failure every call still runs, then it fails with the error of the first failed item in input order', async () => {
    const done: number[] = [];
    const error = await rejected(
      mapLimitedSettled([0, 1, 2, 3, 4, 5], 3, async (item) => {
        // Item 4 fails first in time, item 1 first in order.
        await tick();
        if (item === 4) throw new Error('four');
        await tick();
        if (item === 1) throw new Error('one');
        done.push(item);
      }),
    );
    expect(error.message).toBe('one');
    expect(done.sort()).toEqual([0, 2, 3, 5]);
  });

  it('holds no promise per waiting item: 200,000 items at 16 at once stay within a few MB of heap', async () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let most = 0;
    await mapLimitedSettled(new Array<number>(200_000).fill(0), 16, async () => {
      most = Math.max(most, process.memoryUsage().heapUsed - before);
    });
    // A promise and closure per item (the gate over items.map) took about 1 KB each: 199 MB here.
    expect(most).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('mapLimited', () => {
  it('keeps input order in its results and rejects at the first failure in time, starting no further call', async () => {
    expect(await mapLimited([3, 1, 2], 2, async (n) => n * 2)).toEqual([6, 2, 4]);
    const started: number[] = [];
    const error = await rejected(
      mapLimited([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        await tick();
        if (item === 1) throw new Error('one');
      }),
    );
    expect(error.message).toBe('one');
    // Item 0 finished before item 1 failed, so its worker took item 2; nothing after.
    expect(started).toEqual([0, 1, 2]);
  });
});
