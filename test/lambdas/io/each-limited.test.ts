import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../../lambdas/io/each-limited.ts';
import { rejected } from '../../helpers/errors.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachLimited', () => {
  it('calls every item once, never more than the limit at once, and starts them in order', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await forEachLimited(Array.from({ length: 50 }, (_, i) => i), 4, async (item, index) => {
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
    await forEachLimited(Int32Array.from([7, 8, 9]), 16, async (item) => void seen.push(item));
    expect(seen).toEqual([7, 8, 9]);
    await forEachLimited([], 4, async () => expect.unreachable());
  });

  it('after a failure every call still runs, then it fails with the error of the first failed item in input order', async () => {
    const done: number[] = [];
    const error = await rejected(
      forEachLimited([0, 1, 2, 3, 4, 5], 3, async (item) => {
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
});
