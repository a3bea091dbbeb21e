import type { Win } from './dom.ts';

const cache = new WeakMap<object, Map<unknown, unknown>>();

/**
 * Calls `factory(win)` once per window and returns the same result afterwards. Base classes are
 * built per window (happy-dom windows and the browser's differ), and subclasses on one window
 * must extend the very same base.
 */
export function perWindow<T>(win: Win, factory: (win: Win) => T): T {
  let byFactory = cache.get(win);
  if (!byFactory) {
    byFactory = new Map();
    cache.set(win, byFactory);
  }
  if (!byFactory.has(factory)) byFactory.set(factory, factory(win));
  return byFactory.get(factory) as T;
}
