import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runLikeLambda } from '../../../scaffold/build/run-like-lambda.ts';
import { deterministicZip } from '../../../scaffold/build/zip.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const zipOf = (files: Record<string, string>) => deterministicZip(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

const temp = useTempRoot('gtkit-like-lambda-');

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

  it('refuses callback-style handlers, as nodejs24.x does', async () => {
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export function handler(event, context, callback) { callback(null, 1); }' }), events: [{}] });
    expect(run.initError?.errorType).toBe('Runtime.CallbackHandlerDeprecated');
  });

  it('names init failures the way Lambda does', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ 'other.mjs': 'export const handler = async () => 1;' }, 'index.handler', 'Runtime.ImportModuleError'],
      [{ 'index.mjs': 'export const other = async () => 1;' }, 'index.handler', 'Runtime.HandlerNotFound'],
      [{ 'index.mjs': 'export const handler = async () => 1;' }, 'index', 'Runtime.MalformedHandlerName'],
      [{ 'index.mjs': 'export const handler = async () => 1;' }, '../index.handler', 'Runtime.MalformedHandlerName'],
      [{ 'index.mjs': 'throw new Error("at import");' }, 'index.handler', 'Runtime.ImportModuleError'],
      [{ 'index.mjs': 'export const handler = ;' }, 'index.handler', 'Runtime.ImportModuleError'],
    ];
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

  it('runs a huge event through', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ i, s: 'x'.repeat(20) }));
    const run = await runLikeLambda({ code: zipOf({ 'index.mjs': 'export const handler = async (e) => e.items.length;' }), events: [{ items }] });
    expect(run.invocations[0]).toMatchObject({ ok: true, result: 50_000 });
  });
});
