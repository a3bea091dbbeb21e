import { format } from 'node:util';

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
  const restore = redirectStdout();
  const exit = process.exit;
  process.exit = ((code?: string | number | null) => {
    const error = new Error(`the ${call.stage} called process.exit(${code ?? ''})${on} (Lambda reports Runtime.ExitError)`);
    fail(error);
    // Thrown too, so the handler's own code stops here as it would in Lambda.
    throw error;
  }) as typeof process.exit;
  try {
    return await Promise.race([Promise.resolve().then(invoke), stopped]);
  } finally {
    process.exit = exit;
    restore();
    process.off('beforeExit', neverSettles);
    clearTimeout(timer);
  }
}

/** Sends console.log/info/debug and process.stdout.write to stderr until the returned function is called. */
function redirectStdout(): () => void {
  const { log, info, debug } = console;
  const write = process.stdout.write;
  const toStderr = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  console.log = console.info = console.debug = toStderr;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return () => {
    Object.assign(console, { log, info, debug });
    process.stdout.write = write;
  };
}
