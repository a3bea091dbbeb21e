/**
 * Calls `fn` on every item, at most `limit` at once, the rest in order as calls finish. Unlike
 * `mapLimitedSettled` (lambdas/handlers/concurrency.ts) it makes no promise per item up front, so
 * 100,000 files to write or delete cost the memory of `limit` calls, not of 100,000 waiting ones.
 * As there, every call runs even after one fails, and then it fails with the error of the first
 * failed item in input order, whichever failed first in time.
 */
export async function forEachLimited<T>(items: ArrayLike<T>, limit: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed: { index: number; error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        await fn(items[index] as T, index);
      } catch (error) {
        if (!failed || index < failed.index) failed = { index, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.error;
}
