import inspector from 'node:inspector';
import { Worker } from 'node:worker_threads';

/**
 * The last resort behind `callHandler`'s timeout. That timeout is a timer on gtkit's own thread,
 * so a handler that never gives the thread back (a synchronous endless loop) stops it from ever
 * firing, and Ctrl-C with it: gtkit would hang with no word. Lambda stops such a function at its
 * timeout; here a watchdog on a thread of its own says which call it was and ends the process.
 * It cannot fail just that call, since the stuck thread is the one that would go on.
 */

// CommonJS source for an `eval` worker: one timer per running call, cleared when the call ends.
const source = `
const { parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const timers = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'done') {
    clearTimeout(timers.get(m.id));
    timers.delete(m.id);
    return;
  }
  timers.set(m.id, setTimeout(() => {
    // Straight to the file descriptor: the main thread, which relays a worker's stderr, is stuck.
    writeSync(2, 'error: ' + m.message + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }, m.afterMs));
});
`;

let worker: Worker | undefined;
let nextId = 0;

/**
 * How long past its timeout a call may keep the thread before the watchdog acts. The call's own
 * timer fires first whenever the thread is free, so this only has to outlast gtkit's own busy
 * stretches (a lint, a batch of renders) on a loaded machine: at least 3 s, at most 10 s.
 */
export function watchdogGraceMs(timeoutSeconds: number): number {
  return Math.min(10_000, Math.max(3_000, 2 * timeoutSeconds * 1000));
}

const notWatching = { stop: () => undefined };

/**
 * Starts watching one call; `stop()` when it has ended, whichever way. Not under a debugger (a
 * breakpoint in `pre.ts` holds the thread as a loop does, and must not end the session), nor with
 * `GTKIT_WATCHDOG=off`.
 */
export function watchCall(timeoutSeconds: number, message: string): { stop(): void } {
  if (inspector.url() !== undefined || process.env.GTKIT_WATCHDOG === 'off') return notWatching;
  if (!worker) {
    worker = new Worker(source, { eval: true });
    // Never what keeps gtkit running, and never a reason for it to fail.
    worker.unref();
    worker.on('error', () => {
      worker = undefined;
    });
  }
  const id = nextId++;
  const watching = worker;
  watching.postMessage({ type: 'start', id, afterMs: timeoutSeconds * 1000 + watchdogGraceMs(timeoutSeconds), message });
  return { stop: () => watching.postMessage({ type: 'done', id }) };
}
