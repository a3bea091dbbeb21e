import { existsSync, rmSync } from 'node:fs';
import { ExitCode } from './exit-codes.ts';

/** The signals that stop gtkit's long work, each with the exit code a shell reports for it (128 + its number) and its name in words. */
export const stopSignals = {
  SIGINT: { exitCode: ExitCode.interrupted, words: 'interrupted (Ctrl-C)' },
  SIGTERM: { exitCode: ExitCode.terminated, words: 'terminated (SIGTERM)' },
} as const;
export type StopSignal = keyof typeof stopSignals;
export const stopSignalNames = Object.keys(stopSignals) as StopSignal[];

/**
 * Runs `cleanUp` (synchronous: the process is on its way out; an error it throws is reported, not
 * raised) once when the process leaves before
 * the work is done: at exit, or on SIGINT or SIGTERM. On a signal nobody else handles, the signal
 * is raised again after the clean-up, so the process still ends by it, as it would have without
 * this hook; a handler that ends the process itself (the progress line's) gets its turn and its
 * exit runs the clean-up. Returns the function that takes the hook away, for when the work is done.
 *
 * @example
 * const leave = onLeaving(() => removeOnTheWayOut(scratch));
 * try { await work(scratch); } finally { leave(); await rm(scratch, { recursive: true, force: true }); }
 */
export function onLeaving(cleanUp: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    // A clean-up that throws inside a signal listener would end the process with exit code 1 instead of by the signal.
    try {
      cleanUp();
    } catch (error) {
      process.stderr.write(`gtkit: could not clean up on the way out: ${(error as Error).message}\n`);
    }
  };
  const onSignal = (signal: StopSignal) => {
    off();
    once();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const off = () => {
    process.off('exit', once);
    for (const signal of stopSignalNames) process.off(signal, onSignal);
  };
  process.on('exit', once);
  for (const signal of stopSignalNames) process.on(signal, onSignal);
  return off;
}

/**
 * `rmSync` options for a folder the interrupted work may still be writing into: files written
 * while it is removed make it ENOTEMPTY, which a few short retries outlast.
 */
const removeWhileBusy = { recursive: true, force: true, maxRetries: 5, retryDelay: 20 } as const;

/**
 * Removes a scratch folder on the way out (from an {@link onLeaving} hook). File operations the
 * work started are still queued on libuv's thread pool when the process decides to leave, and they
 * land while the folder is removed (ENOTEMPTY after every retry) or after it (a file created in a
 * folder that was not removed yet): a Ctrl-C on a loaded machine left `gtkit-consolidate-*`
 * behind. So the folder is removed, then looked at again after short pauses until it has stayed
 * gone three times (60 ms when nothing was in flight, at most about a second): the event loop no
 * longer runs, so no new operation starts meanwhile. Throws the last failure if it is still there.
 */
export function removeOnTheWayOut(dir: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let failure: unknown;
  for (let quiet = 0, round = 0; quiet < 3 && round < 50; round++) {
    if (round > 0) Atomics.wait(pause, 0, 0, 20);
    if (!existsSync(dir)) {
      quiet++;
      continue;
    }
    quiet = 0;
    try {
      rmSync(dir, removeWhileBusy);
      failure = undefined;
    } catch (error) {
      failure = error;
    }
  }
  if (failure !== undefined) throw failure;
  if (existsSync(dir)) throw new Error(`${dir} is still there after a second of tries; remove it by hand`);
}
