import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../scaffold/cli/exit-codes.ts';
import { OutputBusyError } from '../../../scaffold/cli/output-lock.ts';
import { consolidateCommand } from '../../../scaffold/commands/consolidate-command.ts';
import { runTask } from '../../../scaffold/commands/run-task.ts';
import { initTask } from '../../../scaffold/init/init-task.ts';
import { gtkitChild, type ChildEnded } from '../../helpers/gtkit-child.ts';
import { slowPreTask } from '../../helpers/slow-pre-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-run-lock-');

/** gtkit in a child process: the process, and how it ended. */
function gtkit(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; ended: Promise<ChildEnded> } {
  return gtkitChild(args, { env });
}

/** Resolves once the file exists (polled: fs.watch misses a file made and renamed at once on some file systems). */
async function until(file: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > end) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('one gtkit run per output folder', () => {
  let slowTask: string;
  let fastTask: string;
  beforeAll(async () => {
    // The run is at work, past its lock, when the PRE's mark is there.
    slowTask = await slowPreTask(join(temp.path, 'slow'));
    fastTask = join(temp.path, 'fast');
    await initTask({ dir: fastTask, type: 'text-classification' });
  }, 60_000);

  /** A slow gtkit run (with `extra` flags) started in a child process, once its PRE is at work: past its lock. */
  async function slowRun(name: string, ...extra: string[]): Promise<{ child: ChildProcess; ended: Promise<ChildEnded>; mark: string }> {
    const mark = join(temp.path, `${name}.mark`);
    const started = gtkit(['run', slowTask, '--source', '--simulate', '2', ...extra], { PRE_MARK: mark });
    await until(mark);
    return { ...started, mark };
  }

  it('a second run in the same folder is refused at once (exit 1, the pid, what to do, its --json document); the first ends by SIGTERM and its lock goes with it', async () => {
    const first = await slowRun('first');
    const lock = join(slowTask, '.gtkit', 'run', 'output.manifest.lock');
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: first.child.pid, command: 'gtkit run' });
    const started = Date.now();
    const second = await gtkit(['run', slowTask, '--source', '--simulate', '2', '--json']).ended;
    const refusal = `another gtkit run (pid ${first.child.pid}, started `;
    expect(second.code).toBe(1);
    const doc = JSON.parse(second.stdout) as { ok: boolean; error: string; problems: unknown[] };
    expect(doc).toMatchObject({ ok: false, problems: [] });
    expect(doc.error.startsWith(refusal)).toBe(true);
    expect(doc.error).toMatch(/\) is writing the folder .*\.gtkit\/run; wait for it to finish, or give --out another folder \(if no gtkit is running there, delete .*output\.manifest\.lock\)$/);
    expect(second.stderr).toContain(`error: ${refusal}`);
    // Refused before any work of its own: the first run's PRE is still on its lines.
    expect((await readFile(first.mark, 'utf8')).length).toBeLessThan(6);
    expect(Date.now() - started).toBeLessThan(20_000);
    first.child.kill('SIGTERM');
    expect((await first.ended).code).toBe(143);
    expect(existsSync(lock)).toBe(false);
  }, 90_000);

  it('a run killed with SIGKILL leaves its lock; the next run takes it over with a note, runs, and removes it', async () => {
    const out = join(temp.path, 'shared-out');
    const killed = await slowRun('killed', '--out', out);
    killed.child.kill('SIGKILL');
    expect((await killed.ended).signal).toBe('SIGKILL');
    const lock = join(out, 'output.manifest.lock');
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: killed.child.pid });
    const notes: string[] = [];
    const { run } = await runTask(fastTask, { source: true, simulate: '2', out }, undefined, (note) => notes.push(note));
    expect(run.summary.counts.labeled).toBe(6);
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^note: took over .*output\\.manifest\\.lock: the gtkit run that held it \\(pid ${killed.child.pid}, started [^)]+\\) is gone, stopped before it could remove it$`))]);
    expect(existsSync(lock)).toBe(false);
  }, 90_000);

  it('Ctrl-C removes the lock too', async () => {
    const out = join(temp.path, 'ctrl-c-out');
    const run = await slowRun('ctrl-c', '--out', out);
    expect(existsSync(join(out, 'output.manifest.lock'))).toBe(true);
    run.child.kill('SIGINT');
    expect((await run.ended).code).toBe(130);
    expect(existsSync(join(out, 'output.manifest.lock'))).toBe(false);
  }, 90_000);

  it('a run that fails, or ends, removes its lock; a lock held on another computer is refused', async () => {
    const out = join(temp.path, 'paths-out');
    await runTask(fastTask, { source: true, out });
    expect(existsSync(join(out, 'output.manifest.lock'))).toBe(false);
    const broken = join(temp.path, 'broken');
    await initTask({ dir: broken, type: 'text-classification' });
    await writeFile(join(broken, 'template.liquid.html'), '{% if task.input.x %}\n');
    await expect(runTask(broken, { source: true, out })).rejects.toThrow(/lint error/);
    expect(existsSync(join(out, 'output.manifest.lock'))).toBe(false);
    writeFileSync(join(out, 'output.manifest.lock'), JSON.stringify({ pid: 1, host: `not-${hostname()}`, command: 'gtkit run', started: '2026-11-23T10:00:00.000Z', token: 'x' }));
    const refused = runTask(fastTask, { source: true, out });
    await expect(refused).rejects.toBeInstanceOf(OutputBusyError);
    await expect(refused).rejects.toThrow(/^another gtkit run \(pid 1, started 2026-11-23T10:00:00\.000Z, on the computer not-/);
  }, 90_000);

  // Root writes where the mode bits say no; /sys refuses even root.
  const sysRefuses = (() => {
    try {
      writeFileSync('/sys/kernel/gtkit-probe', '', { flag: 'wx' });
      return false;
    } catch {
      return true;
    }
  })();
  it.skipIf(!sysRefuses)('an --out folder that is there but refuses files is a usage error naming the flag (exit 2), as one that cannot be made is', async () => {
    const refused = runTask(fastTask, { source: true, out: '/sys/kernel' });
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow('--out /sys/kernel: cannot write in /sys/kernel: permission denied; give --out a folder gtkit may write');
    // And one that cannot be made: the same exit code.
    await expect(runTask(fastTask, { source: true, out: '/sys/kernel/gtkit-run' })).rejects.toBeInstanceOf(UsageError);
  }, 60_000);
});

describe('one gtkit consolidate per output file', () => {
  it('a second consolidate into the same -o file is refused while the first works; the first removes its lock on Ctrl-C', async () => {
    const job = join(temp.path, 'job');
    // Enough objects, one ACS call each, that the first consolidate is busy for seconds.
    for (let id = 0; id < 2_000; id++) {
      const dir = join(job, 'annotations', 'worker-response', 'iteration-1', String(id));
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, '2026-11-23_10:00:00.json'), JSON.stringify({ answers: [{ workerId: 'w1', answerContent: { crowdClassification: { label: 'cat' } } }] }));
    }
    const out = join(temp.path, 'consolidated.manifest');
    const first = gtkit(['consolidate', job, '--type', 'image-classification', '--batch-size', '1', '-o', out]);
    await until(`${out}.lock`);
    const second = consolidateCommand(job, { type: 'image-classification', out });
    await expect(second).rejects.toBeInstanceOf(OutputBusyError);
    await expect(second).rejects.toThrow(new OutputBusyError(`another gtkit consolidate (pid ${first.child.pid}, started ${(JSON.parse(await readFile(`${out}.lock`, 'utf8')) as { started: string }).started}) is writing ${out}; wait for it to finish, or give -o another file (if no gtkit is running there, delete ${out}.lock)`));
    // Another file in the same folder is no clash.
    expect(await consolidateCommand(job, { type: 'image-classification', out: join(temp.path, 'other.manifest') })).toMatchObject({ ok: true, objects: 2_000 });
    first.child.kill('SIGINT');
    expect((await first.ended).code).toBe(130);
    expect(existsSync(`${out}.lock`)).toBe(false);
  }, 120_000);
});
