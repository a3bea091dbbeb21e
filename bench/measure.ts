import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Median wall time in seconds of `runs` calls after `warmup` calls. */
export async function medianSeconds(fn: () => unknown, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/**
 * Peak memory (RSS, MB) while `fn` runs. On Linux, the kernel's high-water mark (VmHWM, reset
 * first through /proc/self/clear_refs): it sees a peak inside one synchronous call, where a timer
 * cannot fire (a consolidation is one such call, so sampling alone read about the RSS at its end).
 * Elsewhere, RSS sampled every few ms (`kernel: false`). RSS includes what the process held
 * before, so figures are upper bounds; call global.gc first when exposed.
 */
export async function peakRssMb<T>(fn: () => Promise<T> | T): Promise<{ value: T; peakMb: number; kernel: boolean }> {
  (globalThis as { gc?: () => void }).gc?.();
  const kernel = resetHighWaterMark();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss(), kernel ? highWaterMarkBytes() : 0);
    return { value, peakMb: peak / 2 ** 20, kernel };
  } finally {
    clearInterval(timer);
  }
}

/** Resets the kernel's RSS high-water mark to the current RSS; false where there is none to reset (not Linux). */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function highWaterMarkBytes(): number {
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
  return Number.isFinite(kb) ? kb * 1024 : 0;
}

export function fmt(n: number, digits = 4): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}
