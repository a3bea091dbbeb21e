import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockWriteError, OutputBusyError, takeOutputLock } from '../../scaffold/cli/output-lock.ts';
import { useTempRoot } from '../helpers/temp-root.ts';
import { escapeRegExp } from '../../templates/engine/reg-exp.ts';

const temp = useTempRoot('gtkit-output-lock-');
const purpose = { command: 'gtkit run', writing: 'the folder out', elsewhere: 'give --out another folder' };

/** The pid of a process that has ended: a child that exits at once, waited for. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const lockText = (holder: Record<string, unknown>) => JSON.stringify({ host: hostname(), command: 'gtkit run', started: '2026-11-23T10:00:00.000Z', token: 't', ...holder });

describe('takeOutputLock', () => {
  it('is taken once: a second taker in a running process is refused with its pid and what to do, and a release lets the next one in', async () => {
    const lock = join(temp.path, 'once.lock');
    const release = takeOutputLock(lock, purpose);
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'gtkit run' });
    let refused: unknown;
    try {
      takeOutputLock(lock, purpose);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(OutputBusyError);
    expect((refused as OutputBusyError).exitCode).toBe(1);
    expect((refused as Error).message).toMatch(new RegExp(`^another gtkit run \\(pid ${process.pid}, started [^)]+\\) is writing the folder out; wait for it to finish, or give --out another folder \\(if no gtkit is running there, delete ${escapeRegExp(lock)}\\)$`));
    release();
    expect(existsSync(lock)).toBe(false);
    takeOutputLock(lock, purpose)();
    // No draft or set-aside file is left beside it.
    expect((await readdir(temp.path)).filter((name) => name.startsWith('once.lock'))).toEqual([]);
  });

  it('takes over a lock whose process is gone, or that names no process, and says so', async () => {
    const lock = join(temp.path, 'stale.lock');
    const pid = deadPid();
    await writeFile(lock, lockText({ pid }));
    const notes: string[] = [];
    const release = takeOutputLock(lock, { ...purpose, onNote: (note) => notes.push(note) });
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    for (const garbled of ['', '{"pid": 0}', '{"pid": -1}', 'not json', '{"pid": "12"}']) {
      await writeFile(lock, garbled);
      // Older than a lock being written: one that names nobody is stale only then.
      await utimes(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      takeOutputLock(lock, { ...purpose, onNote: (note) => notes.push(note) })();
    }
    expect(notes).toEqual([
      `note: took over ${lock}: the gtkit run that held it (pid ${pid}, started 2026-11-23T10:00:00.000Z) is gone, stopped before it could remove it`,
      ...Array(5).fill(`note: took over ${lock}, which names no process (empty or edited)`),
    ]);
  });

  it.runIf(existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process (started after the holder), and keeps one whose holder is that process', async () => {
    const lock = join(temp.path, 'reused.lock');
    // This test's own process stands in for a process that got the old holder's pid: running, but started at another time.
    await writeFile(lock, lockText({ pid: process.pid, processStart: '1' }));
    const notes: string[] = [];
    const release = takeOutputLock(lock, { ...purpose, onNote: (note) => notes.push(note) });
    const placed = JSON.parse(await readFile(lock, 'utf8')) as { processStart?: string };
    expect(placed.processStart).toMatch(/^\d+$/);
    expect(notes).toEqual([`note: took over ${lock}: the gtkit run that held it (pid ${process.pid}, started 2026-11-23T10:00:00.000Z) is gone, stopped before it could remove it`]);
    release();
    // The same pid with its own start time is the holder itself: refused.
    await writeFile(lock, lockText({ pid: process.pid, processStart: placed.processStart }));
    expect(() => takeOutputLock(lock, purpose)).toThrow(OutputBusyError);
  });

  it('leaves alone a fresh lock that names nobody yet (a holder still writing it, on a file system without hard links)', async () => {
    const lock = join(temp.path, 'being-written.lock');
    await writeFile(lock, '');
    const notes: string[] = [];
    expect(() => takeOutputLock(lock, { ...purpose, onNote: (note) => notes.push(note) })).toThrow(/could not be taken after 5 tries/);
    expect(await readFile(lock, 'utf8')).toBe('');
    expect(notes).toEqual([]);
  });

  it("refuses a lock taken on another computer (a shared folder), whose process it cannot look for", async () => {
    const lock = join(temp.path, 'remote.lock');
    await writeFile(lock, lockText({ pid: deadPid(), host: 'build-agent-7' }));
    expect(() => takeOutputLock(lock, purpose)).toThrow(/^another gtkit run \(pid \d+, started 2026-11-23T10:00:00\.000Z, on the computer build-agent-7, where gtkit cannot tell whether it still runs\) is writing the folder out/);
  });

  it('a release removes only its own lock, never one another process placed after it', async () => {
    const lock = join(temp.path, 'own.lock');
    const release = takeOutputLock(lock, purpose);
    await writeFile(lock, lockText({ pid: process.pid, token: 'someone-else' }));
    release();
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ token: 'someone-else' });
  });

  it('a folder that refuses the lock file is a LockWriteError with the reason in words', () => {
    expect(() => takeOutputLock(join(temp.path, 'no-such-folder', 'x.lock'), purpose)).toThrow(LockWriteError);
    expect(() => takeOutputLock(join(temp.path, 'no-such-folder', 'x.lock'), purpose)).toThrow(/: no such file or folder$/);
  });

  it('is removed when the process ends by Ctrl-C or SIGTERM before its release', async () => {
    const module = new URL('../../scaffold/cli/output-lock.ts', import.meta.url).pathname;
    const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).pathname;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const lock = join(temp.path, `${signal}.lock`);
      const script = `import { takeOutputLock } from ${JSON.stringify(module)}; takeOutputLock(${JSON.stringify(lock)}, { command: 'gtkit run', writing: 'x', elsewhere: 'y' }); setInterval(() => {}, 1000); process.stdout.write('locked\\n');`;
      const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.on('data', () => {
          expect(existsSync(lock)).toBe(true);
          child.kill(signal);
        });
        child.on('error', reject);
        child.on('exit', (code, signal) => resolve({ code, signal }));
      });
      // Still ended by the signal, as without the lock, and the lock is gone.
      expect(ended).toEqual({ code: null, signal });
      expect(existsSync(lock)).toBe(false);
    }
  }, 30_000);
});
