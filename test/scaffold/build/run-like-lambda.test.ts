import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runLikeLambda } from '../../../scaffold/build/run-like-lambda.ts';
import { deterministicZip } from '../../../scaffold/build/zip.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const zipOf = (files: Record<string, string>) => deterministicZip(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

const temp = useTempRoot('gtkit-like-lambda-');

/** Whether a process runs: a killed child whose parent is gone may stay a zombie (state Z) until someone reaps it. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('runLikeLambda', () => {
  it('resolves index.handler to index.mjs and passes events and results through JSON', async () => {
    const code = zipOf({ 'index.mjs': 'export const handler = async (event, context) => ({ event, fn: context.functionName, mem: context.memoryLimitInMB, left: context.getRemainingTimeInMillis() > 0, id: context.awsRequestId, date: new Date(0), drop: undefined, env: process.env.MY_SETTING });' });
    const run = await runLikeLambda({ code, events: [{ a: 1, d: '2020' }, 'text'], functionName: 'SageMaker-x', memoryMb: 256, env: { MY_SETTING: 'on' } });
    expect(run.initError).toBeUndefined();
    expect(run.invocations.map((i) => (i.ok ? i.result : i.error))).toEqual([
      { event: { a: 1, d: '2020' }, fn: 'SageMaker-x', mem: '256', left: true, id: 'local-request-1', date: '1970-01-01T00:00:00.000Z', env: 'on' },
      { event: 'text', fn: 'SageMaker-x', mem: '256', left: true, id: 'local-request-2', date: '1970-01-01T00:00:00.000Z', env: 'on' },
    ]);
    expect(run.maxMemoryMb).toBeGreaterThan(0);
  });

  // Review of the whole change: with no event the init's end was never written, so a good init read as "exit status 0".
  it('with no events, a clean init is reported as one (a cold start alone)', async () => {
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = async () => 1;' }), events: [] });
    expect(run.initError).toBeUndefined();
    expect(run.invocations).toEqual([]);
    expect(run.initMs).toBeGreaterThan(0);
  });

  it('follows the handler setting: folders, .js/.cjs modules and nested exports', async () => {
    const code = zipOf({ 'src/app.cjs': 'exports.api = { main: async () => "cjs" };', 'package.json': '{}' });
    const run = await runLikeLambda({ code, handler: 'src/app.api.main', events: [null] });
    expect(run.invocations[0]).toMatchObject({ ok: true, result: 'cjs' });
  });

  it('returns null for an undefined result, like the runtime', async () => {
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = async () => undefined;' }), events: [{}] });
    expect(run.invocations[0]).toMatchObject({ ok: true, result: null });
  });

  it('reports errors as { errorType, errorMessage, trace } and keeps going with the next event', async () => {
    const code = zipOf({ 'index.mjs': 'let n = 0; export const handler = async () => { n++; if (n === 1) { const e = new Error("boom"); e.name = "PayloadReadError"; throw e; } return n; };' });
    const run = await runLikeLambda({ code, events: [{}, {}] });
    expect(run.invocations[0]).toMatchObject({ ok: false, error: { errorType: 'PayloadReadError', errorMessage: 'boom' } });
    expect((run.invocations[0] as { error: { trace: string[] } }).error.trace[0]).toContain('boom');
    // The module stays loaded between invocations (a warm container).
    expect(run.invocations[1]).toMatchObject({ ok: true, result: 2 });
  });

  it('fails a result that JSON cannot carry', async () => {
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = async () => ({ big: 10n });' }), events: [{}] });
    expect(run.invocations[0]).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: expect.stringContaining('BigInt') } });
  });

  it('enforces the timeout', async () => {
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = () => new Promise(() => {});' }), timeoutSeconds: 0.2, events: [{}] });
    expect(run.invocations[0]).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.20 seconds' } });
  });

  it('refuses callback-style handlers on nodejs24.x and runs them on nodejs22.x, which still has them', async () => {
    const code = zipOf({ 'index.mjs': 'export function handler(event, context, callback) { setTimeout(() => event.fail ? callback(new Error("no")) : callback(null, { got: event.n }), 5); }' });
    const on24 = await runLikeLambda({ code, events: [{}] });
    expect(on24.initError?.errorType).toBe('Runtime.CallbackHandlerDeprecated');
    const on22 = await runLikeLambda({ code, runtime: 'nodejs22.x', events: [{ n: 1 }, { fail: true }] });
    expect(on22.initError).toBeUndefined();
    expect(on22.invocations[0]).toMatchObject({ ok: true, result: { got: 1 } });
    expect(on22.invocations[1]).toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'no' } });
  });

  it('kills a handler that holds the thread at its timeout, and the next event gets a fresh environment', async () => {
    const code = zipOf({ 'index.mjs': 'let n = 0; export const handler = async (e) => { n++; if (e.spin) for (;;) {} return n; };' });
    const run = await runLikeLambda({ code, timeoutSeconds: 0.3, events: [{}, { spin: true }, {}] });
    expect(run.invocations.map((i) => (i.ok ? i.result : i.error.errorType))).toEqual([1, 'Sandbox.Timedout', 1]);
    expect(run.environments).toBe(2);
  }, 20_000);

  it('starts a fresh environment after a timeout, as Lambda resets it', async () => {
    const code = zipOf({ 'index.mjs': 'let n = 0; export const handler = async (e) => { n++; if (e.wait) await new Promise((r) => setTimeout(r, 5000)); return n; };' });
    const run = await runLikeLambda({ code, timeoutSeconds: 0.2, events: [{ wait: true }, {}] });
    expect(run.invocations.map((i) => (i.ok ? i.result : i.error.errorType))).toEqual(['Sandbox.Timedout', 1]);
  });

  it('fails only the invocation that exits, crashes or leaves a rejection unhandled, and keeps the others', async () => {
    const code = zipOf({
      'index.mjs': `export const handler = async (e) => {
        if (e.exit !== undefined) process.exit(e.exit);
        if (e.late) { setTimeout(() => { throw new RangeError('late'); }, 0); await new Promise((r) => setTimeout(r, 200)); }
        if (e.reject) { Promise.reject(new Error('nobody catches')); await new Promise((r) => setTimeout(r, 200)); }
        return 'fine';
      };`,
    });
    const run = await runLikeLambda({ code, events: [{}, { exit: 0 }, { exit: 3 }, { late: true }, { reject: true }, {}] });
    expect(run.invocations.map((i) => (i.ok ? i.result : `${i.error.errorType}: ${i.error.errorMessage}`))).toEqual([
      'fine',
      'Runtime.ExitError: Runtime exited without providing a reason',
      'Runtime.ExitError: Runtime exited with error: exit status 3',
      'RangeError: late',
      'Runtime.UnhandledPromiseRejection: Error: nobody catches',
      'fine',
    ]);
    expect(run.environments).toBe(5);
  }, 20_000);

  it('reports a thrown value that is not an Error by its type, as the runtime does', async () => {
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = async () => { throw "boom"; };' }), events: [{}] });
    expect(run.invocations[0]).toMatchObject({ ok: false, error: { errorType: 'string', errorMessage: 'boom', trace: [] } });
  });

  it('names init failures the way Lambda does', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ 'other.mjs': 'export const handler = async () => 1;' }, 'index.handler', 'Runtime.ImportModuleError'],
      [{ 'index.mjs': 'export const other = async () => 1;' }, 'index.handler', 'Runtime.HandlerNotFound'],
      [{ 'index.mjs': 'export const handler = async () => 1;' }, 'index', 'Runtime.MalformedHandlerName'],
      [{ 'index.mjs': 'export const handler = async () => 1;' }, '../index.handler', 'Runtime.MalformedHandlerName'],
      [{ 'index.mjs': 'import x from "not-installed-anywhere"; export const handler = async () => x;' }, 'index.handler', 'Runtime.ImportModuleError'],
      // The module's own error keeps its type; a syntax error has its own.
      [{ 'index.mjs': 'throw new TypeError("at import");' }, 'index.handler', 'TypeError'],
      [{ 'index.mjs': 'export const handler = ;' }, 'index.handler', 'Runtime.UserCodeSyntaxError'],
    ];
    // An error thrown by a timer while the module loads ends the init with that error.
    cases.push([{ 'index.mjs': 'setTimeout(() => { throw new RangeError("init crash"); }, 0); await new Promise((r) => setTimeout(r, 100)); export const handler = async () => 1;' }, 'index.handler', 'RangeError']);
    for (const [files, handler, errorType] of cases) {
      const run = await runLikeLambda({ code: zipOf(files), handler, events: [{}] });
      expect(run.initError?.errorType, `${handler} ${Object.keys(files).join()}`).toBe(errorType);
      expect(run.invocations).toEqual([]);
    }
  });

  it('runs an unpacked folder too, and captures what the function logs', async () => {
    const dir = join(temp.path, 'unpacked');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'index.mjs'), 'export const handler = async () => { console.log("to stdout"); console.error("to stderr"); return 1; };');
    const run = await runLikeLambda({ code: { dir }, events: [{}] });
    expect(run.stdout).toContain('to stdout');
    expect(run.stderr).toContain('to stderr');
  });

  it('refuses a zip whose entries would land outside the task root', async () => {
    const evil = zipSync({ '../escape.mjs': strToU8('x') });
    await expect(runLikeLambda({ code: evil, events: [] })).rejects.toThrow(/would land outside the task root/);
  });

  it('fails a response over Lambda\'s 6 MB limit, as Lambda does, and keeps the environment', async () => {
    const code = zipOf({ 'index.mjs': 'export const handler = async (e) => "é".repeat(e.chars);' });
    // 3,145,777 two-byte characters and the quotes: 6,291,556 bytes, the most Lambda returns; one more is too many.
    const run = await runLikeLambda({ code, events: [{ chars: 3_145_777 }, { chars: 3_145_778 }, { chars: 1 }] });
    expect(run.invocations.map((i) => (i.ok ? 'ok' : `${i.error.errorType}: ${i.error.errorMessage}`))).toEqual([
      'ok',
      'Function.ResponseSizeTooLarge: Response payload size (6291558 bytes) exceeded maximum allowed payload size (6291556 bytes).',
      'ok',
    ]);
    expect(run.environments).toBe(1);
  });

  it('refuses an event over Lambda\'s 6 MB request limit without running the handler', async () => {
    const code = zipOf({ 'index.mjs': 'let n = 0; export const handler = async () => ++n;' });
    const run = await runLikeLambda({ code, events: [{ text: 'x'.repeat(6_291_456) }, {}] });
    expect(run.invocations[0]).toMatchObject({ ok: false, error: { errorType: 'RequestEntityTooLargeException', errorMessage: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' } });
    expect(run.invocations[1]).toMatchObject({ ok: true, result: 1 });
  });

  it('fails an invocation that needs more than the function\'s memory, and the next event gets a fresh environment', async () => {
    const code = zipOf({ 'index.mjs': 'const keep = []; let n = 0; export const handler = async (e) => { n++; for (let i = 0; i < e.mb; i++) keep.push(Buffer.alloc(1024 * 1024, 1)); return n; };' });
    const run = await runLikeLambda({ code, memoryMb: 128, events: [{ mb: 0 }, { mb: 300 }, { mb: 0 }] });
    expect(run.invocations.map((i) => (i.ok ? i.result : `${i.error.errorType}: ${i.error.errorMessage}`))).toEqual([1, 'Runtime.OutOfMemory: Runtime exited with error: signal: killed', 1]);
    expect(run.environments).toBe(2);
    expect(run.maxMemoryMb).toBeGreaterThan(128);
    // A module that needs more than the memory size fails its init.
    const heavy = await runLikeLambda({ code: zipOf({ 'index.mjs': 'const keep = Array.from({ length: 300 }, () => Buffer.alloc(1024 * 1024, 1)); export const handler = async () => keep.length;' }), memoryMb: 128, events: [{}] });
    expect(heavy.initError).toMatchObject({ errorType: 'Runtime.OutOfMemory' });
  }, 20_000);

  it('runs a huge event through', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ i, s: 'x'.repeat(20) }));
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = async (e) => e.items.length;' }), events: [{ items }] });
    expect(run.invocations[0]).toMatchObject({ ok: true, result: 50_000 });
  });

  it('writes the events once for the whole run: a fresh environment after a timeout starts at its event, with the request ids going on', async () => {
    // The last event lists the runner's folder (that of its progress file, argv[1]).
    const code = zipOf({
      'index.mjs': `import { readdirSync } from 'node:fs'; import { dirname } from 'node:path';
        export const handler = async (e, context) => { if (e.list) return [context.awsRequestId, readdirSync(dirname(process.argv[1])).filter((n) => n.startsWith('events')).sort()]; await new Promise((r) => setTimeout(r, 5000)); };`,
    });
    const run = await runLikeLambda({ code, timeoutSeconds: 0.2, events: [{}, {}, { list: true }] });
    expect(run.environments).toBe(3);
    expect(run.invocations.map((i) => (i.ok ? i.result : i.error.errorType))).toEqual(['Sandbox.Timedout', 'Sandbox.Timedout', ['local-request-3', ['events.json']]]);
  }, 20_000);

  it('a caller stopped by SIGTERM leaves no gtkit-lambda-* folder in the temp folder and no handler running', async () => {
    const tmp = join(temp.path, 'tmp-sigterm');
    await mkdir(tmp);
    const pidFile = join(temp.path, 'handler.pid');
    // A caller (as the bench is) running a handler that takes a minute; it writes its pid once it runs.
    const codeDir = join(temp.path, 'slow-handler');
    await mkdir(codeDir);
    await writeFile(join(codeDir, 'index.mjs'), `import { writeFileSync } from 'node:fs'; export const handler = async () => { writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); await new Promise((r) => setTimeout(r, 60_000)); };`);
    const script = join(temp.path, 'caller.mts');
    const module = new URL('../../../scaffold/build/run-like-lambda.ts', import.meta.url).pathname;
    await writeFile(script, `import { runLikeLambda } from ${JSON.stringify(module)};\nawait runLikeLambda({ code: { dir: ${JSON.stringify(codeDir)} }, events: [{}] });\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore', cwd: new URL('../../../', import.meta.url).pathname });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    for (let waited = 0; !existsSync(pidFile) && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const handlerPid = Number(await readFile(pidFile, 'utf8'));
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    expect((await readdir(tmp)).filter((name) => name.startsWith('gtkit-lambda-'))).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(running(handlerPid)).toBe(false);
  }, 30_000);

  it('leaving on a signal has one clean-up, which kills the handler before it removes the sandbox the handler runs in', async () => {
    const started = join(temp.path, 'started.json');
    // Runs in the sandbox (var/task) and keeps writing there until it is killed.
    const code = zipOf({ 'index.mjs': `import { writeFileSync } from 'node:fs'; export const handler = async () => { writeFileSync(${JSON.stringify(started)}, JSON.stringify({ pid: process.pid, cwd: process.cwd() })); for (let i = 0; ; i++) { writeFileSync('tick-' + (i % 50), String(i)); await new Promise((r) => setTimeout(r, 2)); } };` });
    const before = process.listeners('exit');
    const run = runLikeLambda({ code, events: [{}], timeoutSeconds: 60 });
    for (let waited = 0; !existsSync(started) && waited < 15_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const { pid, cwd } = JSON.parse(await readFile(started, 'utf8')) as { pid: number; cwd: string };
    const added = process.listeners('exit').filter((listener) => !before.includes(listener));
    expect(added).toHaveLength(1);
    // What the process's exit (or a SIGINT, SIGTERM) would run.
    (added[0] as () => void)();
    expect(existsSync(join(cwd, '..', '..'))).toBe(false);
    const result = await run;
    // Its progress file went with the sandbox, so the run reads as an init that ended by the kill.
    expect(result.initError).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: signal: SIGKILL' });
    expect(running(pid)).toBe(false);
    expect(process.listeners('exit')).toEqual(before);
  }, 30_000);
});
