/**
 * Bounded concurrency for the ACS's S3 reads and writes, the preview's PRE calls and the dry
 * run's file writes: enough at once to hide latency, few enough not to open thousands of sockets.
 */

/**
 * A gate that runs at most `limit` of the functions given to it at once, the rest in the order
 * they came. A finishing call hands its slot straight to the next waiting one, so a newcomer
 * cannot slip in between and go over the limit.
 */
export function concurrencyLimit(limit: number): <R>(fn: () => Promise<R>) => Promise<R> {
  let active = 0;
  // A queue read from `head`: shift() on thousands of waiters would copy the array each time.
  let waiting: Array<() => void> = [];
  let head = 0;
  return async (fn) => {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting[head++];
      if (next) next();
      else {
        active--;
        waiting = [];
        head = 0;
      }
    }
  };
}

/**
 * Calls `fn` on every item, at most `limit` at once, started in input order as earlier calls
 * finish; results keep input order. A pool of `limit` workers takes the items one by one, so
 * 100,000 items cost the memory of `limit` calls, not of 100,000 waiting promises. With
 * `settle`, every call runs even after one fails, and then it fails with the error of the first
 * failed item in input order; without it, the first failure in time rejects at once and no
 * further call starts.
 */
async function pool<T, R>(items: ArrayLike<T>, limit: number, fn: (item: T, index: number) => Promise<R>, settle: boolean): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: { index: number; error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && (settle || !failed)) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        if (!failed || index < failed.index) failed = { index, error };
        if (!settle) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.error;
  return results;
}

/** `Promise.all` over `items` with at most `limit` in flight; results keep input order. */
export function mapLimited<T, R>(items: ArrayLike<T>, limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return pool(items, limit, fn, false);
}

/**
 * {@link mapLimited} that lets every call finish before it fails, and then fails with the error
 * of the first failed item in input order: which error comes out, and whether a call is still
 * running when it does, never depends on which call happened to fail first.
 */
export function mapLimitedSettled<T, R>(items: ArrayLike<T>, limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  return pool(items, limit, fn, true);
}
