/**
 * Bounded concurrency for the ACS's S3 reads and writes (and the preview's PRE calls): enough at
 * once to hide latency, few enough not to open thousands of sockets.
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

/** `Promise.all` over `items` with at most `limit` in flight; results keep input order. */
export function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limited = concurrencyLimit(limit);
  return Promise.all(items.map((item, i) => limited(() => fn(item, i))));
}

/**
 * {@link mapLimited} that lets every call finish before it fails, and then fails with the error
 * of the first failed item in input order: which error comes out, and whether a call is still
 * running when it does, never depends on which call happened to fail first.
 */
export async function mapLimitedSettled<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limited = concurrencyLimit(limit);
  const settled = await Promise.allSettled(items.map((item, i) => limited(() => fn(item, i))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}
