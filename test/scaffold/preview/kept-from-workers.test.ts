import * as fs from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPreview, type PreviewServer } from '../../../scaffold/preview/server.ts';
import { editAndWait, scaffoldTask } from './preview-task.ts';

// A pass-through spy: the test counts how often the preview reads the manifest to frame its lines.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

const get = (url: string, path: string) => fetch(new URL(path, url)).then(async (r) => ({ status: r.status, body: await r.text() }));
const post = (url: string, value: unknown) => fetch(new URL('/__gtkit/answers', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: string } }));

/**
 * A scaffolded named-entity task (its pre.ts has onInvalidDataObject: 'skip') with source-ref
 * lines whose local copies are missing: the PRE keeps each from workers, which is not a failure.
 */
describe('lines the PRE keeps from workers (onInvalidDataObject: \'skip\') in the preview', () => {
  const missing = 20;
  let task: { dir: string; cleanup(): Promise<void> };
  let manifest: string;
  let server: PreviewServer;
  let first: number;
  const logs: string[] = [];

  beforeAll(async () => {
    task = await scaffoldTask('named-entity');
    manifest = join(task.dir, 'manifest.jsonl');
    first = (await readFile(manifest, 'utf8')).trim().split('\n').length;
    await appendFile(manifest, Array.from({ length: missing }, (_, i) => `${JSON.stringify({ 'source-ref': `s3://acme-docs/missing-${i}.txt` })}\n`).join(''));
    vi.mocked(fs.readFileSync).mockClear();
    server = await startPreview({ dir: task.dir, offline: true, log: (l) => logs.push(l) });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await task?.cleanup();
  });

  it('reads the manifest once to frame them all, not once per line', async () => {
    const snap = await server.snapshot();
    expect(snap.items.filter((i) => i.skipped)).toHaveLength(missing);
    expect(snap.items[first]?.skipped?.codeFrame).toContain('missing-0.txt');
    const manifestReads = vi.mocked(fs.readFileSync).mock.calls.filter(([file]) => basename(String(file)) === 'manifest.jsonl');
    expect(manifestReads.length).toBeLessThanOrEqual(1);
  });

  it('names them kept from workers, with the reason, not as a PRE failure', async () => {
    const snap = await server.snapshot();
    expect(snap.items.filter((i) => i.problem)).toHaveLength(0);
    const item = await get(server.url, `/item/${first}`);
    expect(item.status).toBe(200);
    expect(item.body).toContain(`Manifest line ${first + 1} is kept from workers (onInvalidDataObject: &#39;skip&#39;)`);
    expect(item.body).toContain('s3://acme-docs/missing-0.txt does not exist');
    expect(item.body).not.toContain('PRE failed');
    const index = await get(server.url, '/');
    expect(index.body).not.toContain('PRE failed');
    expect(index.body).toContain('kept from workers</span> <code>manifest.jsonl:');
    const refused = await post(server.url, { datasetObjectId: String(first), workerId: 'w', answerContent: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(new RegExp(`^item ${first}: the PRE keeps this line from workers \\(onInvalidDataObject: 'skip'\\): .*missing-0\\.txt does not exist.*; no worker would see it, so no answer is stored$`, 's'));
    expect(refused.body.error).not.toContain('failed');
  });

  it('counts them as kept from workers in the log, not as failed', async () => {
    await editAndWait(server, manifest, (t) => `${t}\n`);
    const line = logs.find((l) => l.includes('item(s) through the PRE'));
    expect(line).toContain(`${missing} kept from workers (onInvalidDataObject: 'skip')`);
    expect(line).not.toContain('failed');
  });
});
