import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { outOfMemoryMessage } from './lambda-limits.ts';
import { runnerSource } from './lambda-runner-source.ts';
import { runningGtkitRoot } from './resolve-gtkit.ts';
import { onLeaving, removeOnTheWayOut } from '../cli/stop-signals.ts';

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
  /**
   * One invocation per event, in order, in the same process (the first is the cold one) until a
   * timeout, a crash or `process.exit` ends it; the next event then starts a fresh one.
   */
  events: unknown[];
  /** The function's environment variables (added to those Lambda sets). */
  env?: Record<string, string>;
  functionName?: string;
  /** The function's memory size (default 1024): a process that needs more fails with `Runtime.OutOfMemory`, as on Lambda. */
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
  /**
   * Execution environments started: 1, plus one for each timeout, crash or `process.exit` that
   * ended one before the last event (Lambda starts a fresh one, a cold start, after those).
   */
  environments: number;
  invocations: LambdaInvocation[];
  /** Peak resident memory of a process, MB (what Lambda reports as "Max Memory Used"). */
  maxMemoryMb: number;
  /** What the function wrote (its logs). */
  stdout: string;
  stderr: string;
}

/** What the runner's progress file holds (see lambda-runner-source.ts); the invocations come from its results file. */
interface Progress {
  initMs: number;
  initDone: boolean;
  initError?: LambdaErrorPayload;
  maxMemoryMb: number;
  running: { index: number; started: number; startedAt: number } | null;
}

/** How long a module may take to load: Lambda's 10 s init phase, then once more within the invoke's timeout. */
const initLimitMs = 10_000;
/** Time the runner's own timer gets to report a timeout before the process is killed. */
const killGraceMs = 1_000;
const watchEveryMs = 100;

/**
 * A process's peak resident memory so far in MB (Linux `VmHWM`), or undefined where `/proc` does
 * not say; the runner then checks its own peak after each invocation instead.
 */
function peakMemoryMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmHWM:\s*(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The invocations the runner recorded, one JSON line each (none when it never got to one). */
function readResults(file: string): LambdaInvocation[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LambdaInvocation);
}

function readProgress(file: string): Progress | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Progress;
  } catch {
    return undefined;
  }
}

/**
 * One execution environment: a Node process that loads the handler and takes events until one
 * ends it. A handler that holds the thread (a loop, a long synchronous import) cannot run its own
 * timer, so the process is killed once the running invocation is past its timeout, as Lambda does.
 */
async function runEnvironment(args: { sandbox: string; taskRoot: string; env: Record<string, string>; eventsFile: string; first: number; timeoutMs: number; memoryMb: number; n: number; running: { child?: ChildProcess } }): Promise<{ progress: Progress; invocations: LambdaInvocation[]; stdout: string; stderr: string }> {
  const progressFile = join(args.sandbox, `progress-${args.n}.json`);
  const resultsFile = join(args.sandbox, `results-${args.n}.jsonl`);
  const child = spawn(process.execPath, ['--input-type=module', '-e', runnerSource, progressFile, resultsFile, args.eventsFile, String(args.first)], { cwd: args.taskRoot, env: args.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // runLikeLambda's one clean-up hook kills it if the caller is stopped by a signal.
  args.running.child = child;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  const spawnedAt = Date.now();
  let killedFor: 'init' | 'invoke' | 'memory' | undefined;
  let peakMb = 0;
  const watch = setInterval(() => {
    const now = Date.now();
    const progress = readProgress(progressFile);
    const running = progress?.running;
    peakMb = Math.max(peakMb, peakMemoryMb(child.pid) ?? 0);
    // Lambda stops a function the moment it needs more than its memory size.
    if (peakMb > args.memoryMb) killedFor = 'memory';
    else if (running && now > running.startedAt + args.timeoutMs + killGraceMs) killedFor = 'invoke';
    else if (!progress?.initDone && now > spawnedAt + initLimitMs + args.timeoutMs + killGraceMs) killedFor = 'init';
    if (killedFor) child.kill('SIGKILL');
  }, watchEveryMs);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, failed) => {
    child.on('error', failed);
    child.on('close', (code, signal) => done({ code, signal }));
  }).finally(() => {
    clearInterval(watch);
    args.running.child = undefined;
  });
  const progress = readProgress(progressFile) ?? { initMs: 0, initDone: false, maxMemoryMb: 0, running: null };
  const invocations = readResults(resultsFile);
  // The runner's own figure is from its last save, before the invocation that was killed.
  progress.maxMemoryMb = Math.max(progress.maxMemoryMb, peakMb);
  // What the runner could not write itself: it was killed, or died before it could.
  const lost = (error: LambdaErrorPayload) => {
    if (progress.running) invocations.push({ ok: false, error, ms: Date.now() - progress.running.startedAt });
    else if (!progress.initDone) progress.initError = error;
    progress.running = null;
  };
  const seconds = (args.timeoutMs / 1000).toFixed(2);
  if (killedFor === 'memory') lost({ errorType: 'Runtime.OutOfMemory', errorMessage: outOfMemoryMessage, trace: [] });
  else if (killedFor === 'invoke') lost({ errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${seconds} seconds`, trace: [] });
  else if (killedFor === 'init') lost({ errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${seconds} seconds (while loading the module)`, trace: [] });
  else if (progress.running || (!progress.initDone && !progress.initError)) lost({ errorType: 'Runtime.ExitError', errorMessage: exit.signal ? `Runtime exited with error: signal: ${exit.signal}` : `Runtime exited with error: exit status ${exit.code ?? 'unknown'}`, trace: [] });
  return { progress, invocations, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}

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
 * machine's, not the runtime's. A handler that times out, crashes or calls `process.exit` fails
 * its own invocation (`Sandbox.Timedout`, its error, `Runtime.ExitError`) and the next event gets
 * a fresh process, as Lambda resets the environment; a handler that holds the thread is killed
 * at its timeout, so the call always returns. Lambda's limits hold too: an event or a response
 * over 6 MB fails its invocation (`RequestEntityTooLargeException`, `Function.ResponseSizeTooLarge`),
 * and a process past `memoryMb` fails with `Runtime.OutOfMemory` and is replaced.
 *
 * @example
 * const run = await runLikeLambda({ code: built.pre.zip, events: [preEvent] });
 * run.invocations[0]; // { ok: true, result: { taskInput: …, isHumanAnnotationRequired: true }, ms }
 */
export async function runLikeLambda(options: LambdaRunOptions): Promise<LambdaRunResult> {
  const sandbox = await mkdtemp(join(tmpdir(), 'gtkit-lambda-'));
  const running: { child?: ChildProcess } = {};
  // A Ctrl-C or SIGTERM ends the process without reaching the finally below. One hook, in this
  // order: the handler must not run on with nobody to watch its timeout, and killing it first
  // stops its writes (progress, results) into the sandbox before the sandbox is removed.
  const leave = onLeaving(() => {
    running.child?.kill('SIGKILL');
    removeOnTheWayOut(sandbox);
  });
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
    const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT) * 1000;
    const memoryMb = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
    const result: LambdaRunResult = { initMs: 0, invocations: [], maxMemoryMb: 0, stdout: '', stderr: '', environments: 0 };
    // Written once: each environment starts at its first event (the events can be several MB).
    const eventsFile = join(sandbox, 'events.json');
    await writeFile(eventsFile, JSON.stringify(options.events));
    // One environment after another until every event has had its invocation.
    for (let next = 0; result.environments === 0 || next < options.events.length; ) {
      const run = await runEnvironment({ sandbox, taskRoot, env, eventsFile, first: next, timeoutMs, memoryMb, n: result.environments, running });
      if (result.environments === 0) result.initMs = run.progress.initMs;
      result.environments += 1;
      result.stdout += run.stdout;
      result.stderr += run.stderr;
      result.maxMemoryMb = Math.max(result.maxMemoryMb, run.progress.maxMemoryMb);
      result.invocations.push(...run.invocations);
      if (run.progress.initError) {
        result.initError = run.progress.initError;
        break;
      }
      if (run.invocations.length === 0 && next < options.events.length) {
        // The environment ended between invocations before taking one: the next event fails, so the run ends.
        result.invocations.push({ ok: false, error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited before the invocation started', trace: [] }, ms: 0 });
        next += 1;
      } else next += run.invocations.length;
    }
    return result;
  } finally {
    leave();
    await rm(sandbox, { recursive: true, force: true });
  }
}
