import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { runningGtkitRoot } from './resolve-gtkit.ts';

const exec = promisify(execFile);

/** An error as the Lambda runtime reports it to the caller. */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type LambdaInvocation = { ok: true; result: unknown; ms: number } | { ok: false; error: LambdaErrorPayload; ms: number };

export interface LambdaRunOptions {
  /** The deployment package (the zip's bytes), or a folder holding the unpacked code. */
  code: Uint8Array | { dir: string };
  /** `<module>.<export>`, as in the function's Handler setting. */
  handler?: string;
  /** One invocation per event, in order, in the same process: the first is the cold one. */
  events: unknown[];
  /** The function's environment variables (added to those Lambda sets). */
  env?: Record<string, string>;
  functionName?: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  region?: string;
  runtime?: 'nodejs24.x' | 'nodejs22.x';
  /**
   * Make `@aws-sdk/*` importable from outside the code folder, as the Lambda runtime's own SDK
   * is. Needed by bundles built with `sdk: 'runtime'`; the SDK used is the one gtkit has.
   */
  runtimeSdk?: boolean;
}

export interface LambdaRunResult {
  /** Time to import the handler's module (the init phase of a cold start), ms. */
  initMs: number;
  /** Set when the module could not be loaded or has no such handler; no invocation ran. */
  initError?: LambdaErrorPayload;
  invocations: LambdaInvocation[];
  /** Peak resident memory of the process, MB (what Lambda reports as "Max Memory Used"). */
  maxMemoryMb: number;
  /** What the function wrote (its logs). */
  stdout: string;
  stderr: string;
}

/**
 * The part of the Node.js Lambda runtime that matters for a handler, run in a fresh Node
 * process: it resolves `_HANDLER` (`dir/module.export`, trying `.js`, `.mjs`, `.cjs` in the task
 * root), imports the module by file URL, refuses callback-style handlers (as `nodejs24.x` does),
 * passes each event through JSON, builds a context, enforces the timeout and serialises the result
 * with JSON.stringify. Errors come back as `{ errorType, errorMessage, trace }`.
 */
const runnerSource = String.raw`
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
const [resultFile, eventsFile] = process.argv.slice(1);
const env = process.env;
const out = { initMs: 0, invocations: [], maxMemoryMb: 0 };
const asError = (e, type) => ({ errorType: type ?? (e && e.name) ?? 'Error', errorMessage: e && e.message !== undefined ? String(e.message) : String(e), trace: e && e.stack ? String(e.stack).split('\n') : [] });
const finish = () => { out.maxMemoryMb = process.resourceUsage().maxRSS / 1024; writeFileSync(resultFile, JSON.stringify(out)); };
let fn;
const t0 = performance.now();
try {
  const spec = env._HANDLER ?? '';
  const slash = spec.lastIndexOf('/');
  const dot = spec.indexOf('.', slash + 1);
  if (dot < 0 || spec.includes('..')) throw Object.assign(new Error('Bad handler ' + spec), { name: 'Runtime.MalformedHandlerName' });
  const modulePath = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1).split('.');
  const base = join(env.LAMBDA_TASK_ROOT, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((x) => base + x).find((f) => existsSync(f));
  if (!file) throw Object.assign(new Error('Cannot find module ' + modulePath), { name: 'Runtime.ImportModuleError' });
  let mod;
  try { mod = await import(pathToFileURL(file).href); } catch (e) { throw Object.assign(new Error(String(e && e.message)), { name: 'Runtime.ImportModuleError', stack: e && e.stack }); }
  fn = exportPath.reduce((o, k) => (o == null ? undefined : o[k]), mod);
  if (typeof fn !== 'function') throw Object.assign(new Error(modulePath + '.' + exportPath.join('.') + ' is undefined or not exported'), { name: 'Runtime.HandlerNotFound' });
  if (fn.length >= 3 && fn.constructor.name !== 'AsyncFunction') throw Object.assign(new Error('Callback-based function handlers are not supported; use an async handler'), { name: 'Runtime.CallbackHandlerDeprecated' });
} catch (e) {
  out.initMs = performance.now() - t0;
  out.initError = asError(e);
  finish();
  process.exit(0);
}
out.initMs = performance.now() - t0;
const events = JSON.parse(readFileSync(eventsFile, 'utf8'));
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT) * 1000;
for (let i = 0; i < events.length; i++) {
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
  const started = performance.now();
  let timer;
  try {
    const event = JSON.parse(JSON.stringify(events[i]));
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(Object.assign(new Error('Task timed out after ' + (timeoutMs / 1000).toFixed(2) + ' seconds'), { name: 'Sandbox.Timedout' })), timeoutMs); });
    const value = await Promise.race([Promise.resolve().then(() => fn(event, context)), timeout]);
    const body = JSON.stringify(value === undefined ? null : value);
    out.invocations.push({ ok: true, result: JSON.parse(body), ms: performance.now() - started });
  } catch (e) {
    out.invocations.push({ ok: false, error: asError(e), ms: performance.now() - started });
  } finally {
    clearTimeout(timer);
  }
}
finish();
process.exit(0);
`;

/** The `@aws-sdk` folder of the gtkit running this code (stands in for the runtime's SDK). */
function sdkFolder(): string {
  for (let d = runningGtkitRoot; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', '@aws-sdk');
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error('no node_modules/@aws-sdk found above gtkit; install gtkit\'s dependencies');
  }
}

/**
 * Runs a deployment package the way the Node.js Lambda runtime does, in a fresh Node process
 * with nothing but the package (no `node_modules` around it, unless `runtimeSdk`): for checking
 * that a built zip really works, and for measuring its cold start. Node's version is this
 * machine's, not the runtime's.
 *
 * @example
 * const run = await runLikeLambda({ code: built.pre.zip, events: [preEvent] });
 * run.invocations[0]; // { ok: true, result: { taskInput: …, isHumanAnnotationRequired: true }, ms }
 */
export async function runLikeLambda(options: LambdaRunOptions): Promise<LambdaRunResult> {
  const sandbox = await mkdtemp(join(tmpdir(), 'gtkit-lambda-'));
  try {
    let taskRoot: string;
    if (options.code instanceof Uint8Array) {
      taskRoot = join(sandbox, 'var', 'task');
      for (const [name, bytes] of Object.entries(unzipSync(options.code))) {
        if (name.endsWith('/')) continue;
        const file = resolve(taskRoot, name);
        if (!file.startsWith(taskRoot + sep)) throw new Error(`zip entry ${JSON.stringify(name)} would land outside the task root`);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, bytes);
      }
    } else taskRoot = resolve(options.code.dir);
    if (options.runtimeSdk) {
      await mkdir(join(sandbox, 'node_modules'), { recursive: true });
      await symlink(sdkFolder(), join(sandbox, 'node_modules', '@aws-sdk'), 'dir');
    }
    const name = options.functionName ?? 'SageMaker-gtkit-local';
    const region = options.region ?? 'us-east-1';
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: taskRoot,
      _HANDLER: options.handler ?? 'index.handler',
      AWS_EXECUTION_ENV: `AWS_Lambda_${options.runtime ?? 'nodejs24.x'}`,
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb ?? 1024),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(options.timeoutSeconds ?? 300),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: 'local',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      ...options.env,
    };
    const resultFile = join(sandbox, 'result.json');
    const eventsFile = join(sandbox, 'events.json');
    await writeFile(eventsFile, JSON.stringify(options.events));
    const { stdout, stderr } = await exec(process.execPath, ['--input-type=module', '-e', runnerSource, resultFile, eventsFile], {
      cwd: taskRoot,
      env,
      maxBuffer: 256 * 1024 * 1024,
    });
    const result = JSON.parse(await readFile(resultFile, 'utf8')) as Omit<LambdaRunResult, 'stdout' | 'stderr'>;
    return { ...result, stdout, stderr };
  } finally {
    await rm(sandbox, { recursive: true, force: true });
  }
}
