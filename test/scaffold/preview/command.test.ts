import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
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
