import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import { watchCall } from './watchdog.ts';

/**
 * Calls a task's PRE or ACS handler in this process the way Lambda would bound it: within the
 * function's timeout, with `process.exit` failing the invocation instead of ending gtkit, and
 * with its console output on stderr (in Lambda it goes to CloudWatch; here stdout is gtkit's
 * own output, which `--json` keeps to one document).
 */
export interface HandlerCall {
  /** The function, as messages name it. */
  stage: 'PRE' | 'ACS';
  /** What it was called on (`manifest.jsonl:2`), when the message should say it. */
  on?: string;
  timeoutSeconds: number;
  /** The config field that sets the timeout, so the message says what to change. */
  setting: string;
}

/** A handler that ran out of time and may still be running (a timer or socket it left open). */
let leftRunning = 0;

/** How many handlers timed out while still running; the CLI ends the process once it is done rather than wait for them. */
export function handlersLeftRunning(): number {
  return leftRunning;
}

/** The call whose code is running, for a `process.exit` to fail that call (the preview runs several PREs at once). */
const currentCall = new AsyncLocalStorage<{ call: HandlerCall; fail: (error: Error) => void }>();

export async function callHandler<T>(call: HandlerCall, invoke: () => Promise<T>): Promise<T> {
  const on = call.on ? ` on ${call.on}` : '';
  let fail: (error: Error) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Unref'd: a handler that waits on nothing at all is caught by beforeExit below, without waiting for the timeout.
  const timer = setTimeout(() => {
    leftRunning++;
    fail(new Error(`the ${call.stage} did not return within ${call.timeoutSeconds} s (${call.setting})${on}; Lambda would time out`));
  }, call.timeoutSeconds * 1000);
  timer.unref();
  // The event loop emptied while the handler was pending: its promise can never settle.
  const neverSettles = () => fail(new Error(`the ${call.stage} never returned${on}: it waits on a promise that nothing settles; Lambda would time out after ${call.timeoutSeconds} s (${call.setting})`));
  process.once('beforeExit', neverSettles);
  // The timer above cannot fire while the handler holds the thread (a synchronous loop); the watchdog can.
  const watchdog = watchCall(call.timeoutSeconds, `the ${call.stage} did not return within ${call.timeoutSeconds} s (${call.setting})${on} and does not give gtkit's thread back (a synchronous endless loop?), so gtkit stops here; Lambda would time out`);
  guardProcess();
  try {
    return await Promise.race([currentCall.run({ call, fail }, () => Promise.resolve().then(invoke)), stopped]);
  } finally {
    releaseProcess();
    process.off('beforeExit', neverSettles);
    clearTimeout(timer);
    watchdog.stop();
  }
}

/** What the guard replaced, while at least one call runs (calls may overlap: the preview runs several PREs at once). */
let saved: { exit: typeof process.exit; log: typeof console.log; info: typeof console.info; debug: typeof console.debug; write: typeof process.stdout.write } | undefined;
let guarded = 0;

/** Puts the guard in place for the first call that runs; later overlapping calls share it. */
function guardProcess(): void {
  if (guarded++ > 0) return;
  const original = { exit: process.exit, log: console.log, info: console.info, debug: console.debug, write: process.stdout.write };
  saved = original;
  process.exit = ((code?: string | number | null) => {
    const running = currentCall.getStore();
    // Not from a handler's code (gtkit itself, or a stray timer of a call that has ended): a real exit.
    if (!running) return original.exit(code);
    const error = new Error(`the ${running.call.stage} called process.exit(${code ?? ''})${running.call.on ? ` on ${running.call.on}` : ''} (Lambda reports Runtime.ExitError)`);
    running.fail(error);
    // Thrown too, so the handler's own code stops here as it would in Lambda.
    throw error;
  }) as typeof process.exit;
  const toStderr = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  console.log = console.info = console.debug = toStderr;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
}

/** Takes the guard away once the last overlapping call has ended. */
function releaseProcess(): void {
  if (--guarded > 0 || !saved) return;
  process.exit = saved.exit;
  Object.assign(console, { log: saved.log, info: saved.info, debug: saved.debug });
  process.stdout.write = saved.write;
  saved = undefined;
}
