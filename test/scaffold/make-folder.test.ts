import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../scaffold/cli/exit-codes.ts';
import { FolderError, isPrivateToUser, makeFolder, makeFolderOfFlag } from '../../scaffold/cli/make-folder.ts';
import { initTask } from '../../scaffold/init/init-task.ts';
import { useTempRoot } from '../helpers/temp-root.ts';

// chmod passes through, so that one test can have it refused as another user's folder would (root may chmod anything).
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, chmod: vi.fn(real.chmod) };
});

const temp = useTempRoot('gtkit-make-folder-');
const bin = new URL('../../bin/gtkit.js', import.meta.url).pathname;
// Linux's /proc answers mkdir with "no such file", which sends Node's recursive mkdir round for ever.
const procfs = existsSync('/proc/self');

async function gtkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  // A hang shows as a kill after 20 s, not as a test that never ends.
  const ran = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  return { ...ran, ms: Date.now() - started };
}

describe('makeFolder', () => {
  it('makes the missing levels, and is content with a folder that is there', async () => {
    const deep = join(temp.path, 'a', 'b', 'c');
    await makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await makeFolder(deep);
  });

  it('makes a task\'s .gtkit folder and the folders in it 0700, and leaves the task folder and a folder that was there as they were', async () => {
    const task = join(temp.path, 'private-task');
    await mkdir(task);
    await chmod(task, 0o755);
    await mkdir(join(task, '.gtkit', 'kept'), { recursive: true, mode: 0o755 });
    await chmod(join(task, '.gtkit', 'kept'), 0o755);
    await makeFolder(join(task, '.gtkit', 'run', 'job'));
    await makeFolder(join(task, '.gtkit', 'kept'));
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect([mode(join(task, '.gtkit', 'run')), mode(join(task, '.gtkit', 'run', 'job'))]).toEqual([0o700, 0o700]);
    expect([mode(task), mode(join(task, '.gtkit', 'kept'))]).toEqual([0o755, 0o755]);
    const fresh = join(temp.path, 'fresh-task');
    await makeFolder(join(fresh, '.gtkit'));
    expect(mode(join(fresh, '.gtkit'))).toBe(0o700);
    // Folders elsewhere follow the umask, as before.
    expect(mode(fresh)).toBe(0o777 & ~process.umask());
  });

  it('closes a .gtkit folder an older gtkit left open (0755), whether a level below is made or was there, and leaves the levels below as they were', async () => {
    const mode = (path: string) => statSync(path).mode & 0o777;
    const older = join(temp.path, 'older-task', '.gtkit');
    await mkdir(join(older, 'run', 's3'), { recursive: true });
    for (const folder of [older, join(older, 'run'), join(older, 'run', 's3')]) await chmod(folder, 0o755);
    // The dry run makes only its --out folder, which is there: the store then writes in .gtkit/run/s3.
    await makeFolder(join(older, 'run'));
    expect([mode(older), mode(join(older, 'run')), mode(join(older, 'run', 's3'))]).toEqual([0o700, 0o755, 0o755]);
    await chmod(older, 0o755);
    await makeFolder(join(older, 'preview'));
    expect([mode(older), mode(join(older, 'preview'))]).toEqual([0o700, 0o700]);
  });

  it('refuses a .gtkit folder open to others that it cannot close, naming it and the fix', async () => {
    const open = join(temp.path, 'not-mine', '.gtkit');
    await mkdir(open, { recursive: true });
    await chmod(open, 0o775);
    vi.mocked(chmod).mockRejectedValueOnce(Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }));
    const error = await makeFolder(join(open, 'run')).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FolderError);
    expect((error as FolderError).folder).toBe(open);
    expect((error as FolderError).message).toMatch(/open to other users \(mode 0775\) and gtkit cannot make it 0700 .*chmod 700/);
    expect(statSync(open).mode & 0o777).toBe(0o775);
  });

  it('isPrivateToUser: a .gtkit folder and what lies in it, nothing else', () => {
    expect(isPrivateToUser('/work/task/.gtkit')).toBe(true);
    expect(isPrivateToUser('/work/task/.gtkit/run/output.manifest')).toBe(true);
    expect(isPrivateToUser('/work/task/out/.gtkit-stack.json')).toBe(false);
    expect(isPrivateToUser('/work/task/answers.jsonl')).toBe(false);
  });

  it('names the file in the way', async () => {
    const file = join(temp.path, 'file');
    await writeFile(file, '');
    await expect(makeFolder(join(file, 'x'))).rejects.toThrow(new FolderError(file, 'a file is there, where a folder is needed'));
  });

  it.runIf(procfs)('under /proc, fails at once and says the file system takes no folders there', async () => {
    await expect(makeFolder('/proc/gtkit-x/y')).rejects.toThrow('cannot make the folder /proc/gtkit-x: the file system there takes no new folders (as /proc and /sys do not)');
    const error = await makeFolderOfFlag('/proc/gtkit-x', '--out', '/proc/gtkit-x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^--out \/proc\/gtkit-x: cannot make the folder \/proc\/gtkit-x: .*; give --out a path in a folder you can write/);
  });
});

describe.runIf(procfs)('an output path under /proc: a clear usage error naming the flag, in well under the time it used to spin', () => {
  let task: string;
  beforeAll(async () => {
    task = join(temp.path, 'task');
    await initTask({ dir: task, type: 'text-classification' });
  }, 60_000);

  it.each([
    ['build', '--out', '/proc/gtkit-x'],
    ['job', '-o', '/proc/gtkit-x/request.json'],
    ['run', '--out', '/proc/gtkit-x'],
    ['deploy', '--emit-cloudformation', '/proc/gtkit-x/stack.json'],
    ['consolidate', '-o', '/proc/gtkit-x/out.manifest'],
  ])('gtkit %s %s %s', async (verb, flag, value) => {
    // consolidate reads a job folder (the task folder stands in: the -o is looked at first) with --type.
    const more = verb === 'run' ? ['--source', '--simulate', '2'] : verb === 'consolidate' ? ['--type', 'text-classification'] : [];
    const { code, stdout, stderr, ms } = await gtkit(verb, task, flag, value, ...more);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: ${flag} ${value}: cannot make the folder /proc/gtkit-x: the file system there takes no new folders`);
    // At once: nothing bundled or read first.
    expect(stdout).toBe('');
    expect(ms).toBeLessThan(15_000);
  }, 30_000);
});
