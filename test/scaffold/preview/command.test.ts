import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startPreview } from '../../../scaffold/preview/server.ts';
import { scaffoldTask } from './preview-task.ts';

const bin = new URL('../../../bin/gtkit.js', import.meta.url).pathname;

/** Runs `gtkit preview …` as a user would; resolves when the first stdout line arrives or the process ends. */
function gtkit(args: string[]) {
  const child = spawn(process.execPath, [bin, 'preview', ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null }));
  const firstLine = new Promise<string>((resolve) => {
    child.stdout.on('data', () => stdout.includes('\n') && resolve(stdout.split('\n')[0] ?? ''));
    void exited.then(() => resolve(stdout.split('\n')[0] ?? ''));
  });
  return { child, firstLine, exited, output: () => ({ stdout, stderr }) };
}

describe('gtkit preview (the command)', () => {
  it('prints its URL, serves the task, and stops cleanly on SIGTERM', async () => {
    const task = await scaffoldTask();
    try {
      const run = gtkit([task.dir, '--offline']);
      const line = await run.firstLine;
      expect(line).toMatch(/^gtkit preview: http:\/\/127\.0\.0\.1:\d+\/ {2}\(Ctrl-C to stop\)$/);
      const url = /http:\/\/\S+/.exec(line)?.[0] as string;
      expect((await fetch(url)).status).toBe(200);
      run.child.kill('SIGTERM');
      expect(await run.exited).toEqual({ code: 0, signal: null });
      expect(run.output().stderr).toContain('SIGTERM, stopping');
    } finally {
      await task.cleanup();
    }
  });

  it('--json prints the URL for scripts, --port picks the port, and SIGINT stops it too', async () => {
    const task = await scaffoldTask();
    try {
      const probe = await import('node:net').then(({ createServer }) => new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const { port } = s.address() as { port: number };
          s.close(() => resolve(port));
        });
      }));
      const run = gtkit([task.dir, '--offline', '--json', '--port', String(probe)]);
      expect(JSON.parse(await run.firstLine)).toEqual({ url: `http://127.0.0.1:${probe}/`, crowdScript: 'stand-ins' });
      run.child.kill('SIGINT');
      expect((await run.exited).code).toBe(0);
    } finally {
      await task.cleanup();
    }
  });

  it('says what is wrong with a bad flag or folder, with exit code 2', async () => {
    for (const [args, message] of [
      [['/nonexistent-task', '--offline'], '/nonexistent-task: no such file or folder'],
      [['.', '--port', 'eighty'], '--port must be a whole number 0–65535'],
      [['.', '--presign', 'maybe'], '--presign must be local or aws'],
    ] as const) {
      const run = gtkit([...args]);
      expect((await run.exited).code, args.join(' ')).toBe(2);
      expect(run.output().stderr).toContain(message);
    }
  });
});

describe('answers captured in the preview feed gtkit run', () => {
  it('a dry run consolidates exactly what the preview stored, from both submit routes', async () => {
    const task = await scaffoldTask();
    try {
      const server = await startPreview({ dir: task.dir, offline: true });
      try {
        for (const [item, worker, label] of [['0', 'alice', 'other'], ['0', 'bob', 'other'], ['1', 'alice', 'delivery']] as const) {
          const res = await fetch(new URL('/__gtkit/answers', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ datasetObjectId: item, workerId: worker, answerContent: { category: { label } } }) });
          expect(res.status).toBe(200);
        }
        const form = new URLSearchParams({ taskAnswers: JSON.stringify([{ category: { label: 'refund' } }]) });
        const res = await fetch(new URL('/__gtkit/capture?item=0&worker=carol', server.url), { method: 'POST', body: form, redirect: 'manual' });
        expect(res.status).toBe(303);
      } finally {
        await server.close();
      }
      const { stdout } = await promisify(execFile)(process.execPath, [bin, 'run', task.dir, '--json', '--source', '--now', '2026-11-23T12:00:00Z'], { env: { ...process.env, NO_COLOR: '1' } });
      const result = JSON.parse(stdout) as { outputManifest: string; summary: { counts: { answers: number; labeled: number }; workers: Array<{ workerId: string }> } };
      expect(result.summary.counts).toMatchObject({ answers: 4, labeled: 2 });
      expect(result.summary.workers.map((w) => w.workerId).sort()).toEqual(['alice', 'bob', 'carol']);
      const lines = (await readFile(result.outputManifest, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, { 'class-name'?: string }>);
      expect(lines[0]?.['intent-metadata']?.['class-name']).toBe('other'); // 2 of 3 workers
      expect(lines[1]?.['intent-metadata']?.['class-name']).toBe('delivery');
    } finally {
      await task.cleanup();
    }
  });
});
