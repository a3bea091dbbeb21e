import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeTaskPre, preCallOf } from '../../../scaffold/run/invoke-pre.ts';
import { readManifest } from '../../../scaffold/run/manifest.ts';
import { loadTask, type LoadedTask } from '../../../scaffold/task/load-task.ts';
import { taskHandlers } from '../../../scaffold/task/task-parts.ts';
import { startPreview, type PreviewServer } from '../../../scaffold/preview/server.ts';
import { scaffoldTask } from './preview-task.ts';

const get = (url: string, path: string) => fetch(new URL(path, url)).then(async (r) => ({ status: r.status, body: await r.text() }));

/** A scaffolded named-entity task with two source-ref lines: one with its local copy under s3/, one without. */
describe('a named-entity line with source-ref, offline (the task\'s s3/<bucket>/<key> copy)', () => {
  let task: { dir: string; cleanup(): Promise<void> };
  let loaded: LoadedTask;
  let server: PreviewServer | undefined;
  let firstRefLine: number;
  const text = 'Zoë wrote to Ada Lovelace.\r\nThen to Babbage.';

  beforeAll(async () => {
    task = await scaffoldTask('named-entity');
    const manifest = join(task.dir, 'manifest.jsonl');
    firstRefLine = (await readManifest(manifest)).lines.length;
    await appendFile(manifest, `${JSON.stringify({ 'source-ref': 's3://acme-docs/letters/Zoë 1.txt' })}\n${JSON.stringify({ 'source-ref': 's3://acme-docs/letters/missing.txt' })}\n`);
    await mkdir(join(task.dir, 's3', 'acme-docs', 'letters'), { recursive: true });
    // A byte-order mark, as an editor on Windows saves it: dropped, or every offset would be off by one.
    await writeFile(join(task.dir, 's3', 'acme-docs', 'letters', 'Zoë 1.txt'), `\ufeff${text}`);
    loaded = await loadTask(task.dir);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await task?.cleanup();
  });

  it('the bundled PRE, called as gtkit calls it with the task, gets the local copy\'s text as taskObject', async () => {
    const { pre } = await taskHandlers(loaded, 'bundle');
    const lines = (await readManifest(loaded.paths.manifest)).lines;
    const response = await invokeTaskPre(pre, lines[firstRefLine]!, preCallOf(loaded), 'manifest.jsonl');
    expect(response.taskInput).toEqual({ taskObject: text, labels: [{ label: 'person', shortDisplayName: 'per' }, { label: 'organization', shortDisplayName: 'org' }, { label: 'location', shortDisplayName: 'loc' }] });
    // The scaffolded pre.ts keeps such a line from workers (onInvalidDataObject: 'skip'), with the reason.
    const missing = await invokeTaskPre(pre, lines[firstRefLine + 1]!, preCallOf(loaded), 'manifest.jsonl');
    expect(missing.isHumanAnnotationRequired).toBe(false);
    const reason = (missing.taskInput as { gtkitSkipped: { reason: string } }).gtkitSkipped.reason;
    const copy = join(task.dir, 's3', 'acme-docs', 'letters', 'missing.txt');
    expect(reason).toContain(`readText: s3://acme-docs/letters/missing.txt does not exist (could not read s3://acme-docs/letters/missing.txt (${copy}): no such file)`);
    expect(reason).toContain(`from the task's local copy ${join(task.dir, 's3')}/<bucket>/<key>: put the file there, or fix the URI`);
  }, 60_000);

  it('the preview shows the text to the worker, and names the missing copy at its manifest line', async () => {
    server = await startPreview({ dir: task.dir, offline: true, log: () => undefined });
    const item = await get(server.url, `/item/${firstRefLine}`);
    expect(item.status).toBe(200);
    expect(item.body).toContain('text="Zoë wrote to Ada Lovelace.\r\nThen to Babbage."');
    expect(item.body).not.toContain('text="s3://');
    const index = await get(server.url, '/');
    expect(index.body).toContain('s3://acme-docs/letters/missing.txt does not exist');
    expect(index.body).toContain(`${join('s3', 'acme-docs', 'letters', 'missing.txt')}`);
  }, 60_000);
});

describe('a scaffolded named-entity task\'s own test', () => {
  it('passes with a source-ref line whose copy is in the folder\'s s3/<bucket>/<key>', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gtkit-ner-test-'));
    try {
      const dir = join(root, 'task');
      await initTask({ dir, type: 'named-entity' });
      await appendFile(join(dir, 'manifest.jsonl'), `${JSON.stringify({ 'source-ref': 's3://acme-docs/a b.txt' })}\n`);
      await mkdir(join(dir, 's3', 'acme-docs'), { recursive: true });
      await writeFile(join(dir, 's3', 'acme-docs', 'a b.txt'), 'Ada met Zoë.');
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'gtkit/register', '--test', 'task.test.ts'], { cwd: dir });
      expect(stdout).toMatch(/# pass 2/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
