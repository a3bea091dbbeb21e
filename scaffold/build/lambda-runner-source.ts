import { invokeRequestLimitBytes, invokeResponseLimitBytes, outOfMemoryMessage, requestTooLargeMessage } from './lambda-limits.ts';

/**
 * The script runLikeLambda starts in a fresh Node process: the part of the Node.js Lambda runtime
 * that matters for a handler. It resolves `_HANDLER` (`dir/module.export`, trying `.js`, `.mjs`,
 * `.cjs` in the task root), imports the module by file URL, passes each event through JSON,
 * builds a context and serialises the result with JSON.stringify. Errors come back as
 * `{ errorType, errorMessage, trace }`, named as the runtime names them.
 *
 * What ends an execution environment on Lambda ends this process too: a timeout, an uncaught
 * exception, an unhandled rejection, `process.exit`. The progress file, small, is rewritten
 * (atomically) before and after every invocation, so the parent knows which invocation was running
 * when the process ended or had to be killed, and starts a fresh process (a cold start) for the
 * rest. Each invocation's outcome is appended once to the results file (a JSON line), so neither
 * the runner nor the parent's watch copies the results of earlier invocations again.
 *
 * Lambda's limits apply: an event over the request limit fails without reaching the handler, a
 * response over the response limit fails its invocation, and an init or invocation that took the
 * process past the function's memory size fails with `Runtime.OutOfMemory` and ends it (the
 * parent also stops a process that grows past it while it runs).
 *
 * Arguments: the progress file, the results file, the events file (every event of the run), the
 * index of the event this environment starts at (the earlier ones had their invocations).
 * Callback-style handlers run on nodejs22.x and are refused on nodejs24.x, which dropped them.
 */
export const runnerSource = String.raw`
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
const requestLimit = ${invokeRequestLimitBytes};
const responseLimit = ${invokeResponseLimitBytes};
const requestTooLarge = { errorType: 'RequestEntityTooLargeException', errorMessage: ${JSON.stringify(requestTooLargeMessage)}, trace: [] };
const outOfMemory = { errorType: 'Runtime.OutOfMemory', errorMessage: ${JSON.stringify(outOfMemoryMessage)}, trace: [] };
const [progressFile, resultsFile, eventsFile, firstArg] = process.argv.slice(1);
const first = Number(firstArg);
const env = process.env;
const out = { initMs: 0, initDone: false, maxMemoryMb: 0, running: null };
const isErrorLike = (e) => e instanceof Error || (e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string');
const asError = (e) => isErrorLike(e)
  ? { errorType: e.name, errorMessage: e.message, trace: String(e.stack).split('\n') }
  : { errorType: typeof e, errorMessage: String(e), trace: [] };
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const memoryLimitMb = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
const save = () => {
  out.maxMemoryMb = peakMb();
  writeFileSync(progressFile + '.tmp', JSON.stringify(out));
  renameSync(progressFile + '.tmp', progressFile);
};
// One invocation's outcome, written once; the running invocation is then over.
const record = (outcome) => {
  appendFileSync(resultsFile, JSON.stringify(outcome) + '\n');
  out.running = null;
  save();
};
// The environment ends: the invocation that was running (or the init) fails with this error.
const fail = (error) => {
  if (out.running !== null) return record({ ok: false, error, ms: performance.now() - out.running.started });
  if (!out.initDone) out.initError = error;
  save();
};
process.on('uncaughtException', (e) => { fail(asError(e)); process.exit(129); });
process.on('unhandledRejection', (reason) => {
  const text = isErrorLike(reason) ? reason.name + ': ' + reason.message : String(reason);
  fail({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: text, trace: isErrorLike(reason) ? String(reason.stack).split('\n') : [] });
  process.exit(128);
});
process.on('exit', (code) => {
  if (out.running === null && (out.initDone || out.initError)) return;
  fail({ errorType: 'Runtime.ExitError', errorMessage: code === 0 ? 'Runtime exited without providing a reason' : 'Runtime exited with error: exit status ' + code, trace: [] });
});
const named = (name, message, cause) => Object.assign(new Error(message), { name, ...(cause && cause.stack ? { stack: cause.stack } : {}) });
save();
let fn;
const t0 = performance.now();
// Init is over: written to the progress file at once, since no event may follow; a failed init ends the environment.
const endInit = (error) => {
  out.initMs = performance.now() - t0;
  if (error) fail(error);
  out.initDone = true;
  save();
  if (error) process.exit(0);
};
try {
  const spec = env._HANDLER ?? '';
  const slash = spec.lastIndexOf('/');
  const dot = spec.indexOf('.', slash + 1);
  if (dot < 0 || spec.includes('..')) throw named('Runtime.MalformedHandlerName', 'Bad handler ' + spec);
  const modulePath = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1).split('.');
  const base = join(env.LAMBDA_TASK_ROOT, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((x) => base + x).find((f) => existsSync(f));
  if (!file) throw named('Runtime.ImportModuleError', 'Cannot find module ' + modulePath);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    // As the runtime sorts them: a syntax error, a module that cannot be found, or the module's own error.
    if (e instanceof SyntaxError) throw named('Runtime.UserCodeSyntaxError', e.name + ': ' + e.message, e);
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) throw named('Runtime.ImportModuleError', 'Error: ' + e.message, e);
    throw e;
  }
  fn = exportPath.reduce((o, k) => (o == null ? undefined : o[k]), mod);
  if (typeof fn !== 'function') throw named('Runtime.HandlerNotFound', modulePath + '.' + exportPath.join('.') + ' is undefined or not exported');
  const callbackStyle = fn.length >= 3 && fn.constructor.name !== 'AsyncFunction';
  if (callbackStyle && env.AWS_EXECUTION_ENV === 'AWS_Lambda_nodejs24.x') throw named('Runtime.CallbackHandlerDeprecated', 'Callback-based function handlers are not supported on nodejs24.x; use an async handler');
} catch (e) {
  endInit(asError(e));
}
endInit(peakMb() > memoryLimitMb ? outOfMemory : undefined);
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT) * 1000;
for (let i = first; i < events.length; i++) {
  const eventText = JSON.stringify(events[i]);
  if (Buffer.byteLength(eventText) > requestLimit) {
    // Invoke refuses it: the handler never runs and the environment stays as it was.
    record({ ok: false, error: requestTooLarge, ms: 0 });
    continue;
  }
  const deadline = Date.now() + timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: 'arn:aws:lambda:' + env.AWS_REGION + ':123456789012:function:' + env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: 'local-request-' + (i + 1),
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  out.running = { index: i, started: performance.now(), startedAt: Date.now() };
  save();
  // The invocation's time starts after the progress file is written: that write is the runner's, not the handler's.
  out.running.started = performance.now();
  let timer;
  let timedOut = false;
  let outcome;
  try {
    const event = JSON.parse(eventText);
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => { timedOut = true; reject(named('Sandbox.Timedout', 'Task timed out after ' + (timeoutMs / 1000).toFixed(2) + ' seconds')); }, timeoutMs); });
    const answered = new Promise((resolve, reject) => {
      const callback = (error, result) => (error !== undefined && error !== null ? reject(error) : resolve(result));
      const returned = fn(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (fn.length < 3) resolve(returned);
    });
    const value = await Promise.race([answered, timeout]);
    const body = JSON.stringify(value === undefined ? null : value);
    const bytes = Buffer.byteLength(body);
    const ms = performance.now() - out.running.started;
    if (bytes > responseLimit) {
      const errorMessage = 'Response payload size (' + bytes + ' bytes) exceeded maximum allowed payload size (' + responseLimit + ' bytes).';
      outcome = { ok: false, error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage, trace: [] }, ms };
    } else outcome = { ok: true, result: JSON.parse(body), ms };
  } catch (e) {
    outcome = { ok: false, error: asError(e), ms: performance.now() - out.running.started };
  } finally {
    clearTimeout(timer);
  }
  // Past its memory size, Lambda would have stopped the function during this invocation.
  const overMemory = peakMb() > memoryLimitMb;
  record(overMemory ? { ok: false, error: outOfMemory, ms: performance.now() - out.running.started } : outcome);
  // Lambda resets the environment after a timeout or running out of memory: the next event is a cold start.
  if (timedOut || overMemory) process.exit(0);
}
process.exit(0);
`;
