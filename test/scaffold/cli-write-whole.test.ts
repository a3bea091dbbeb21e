import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../scaffold/cli/exit-codes.ts';
import { writeWhole } from '../../scaffold/cli/write-whole.ts';
import { useTempRoot } from '../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-write-whole-');
const module = new URL('../../scaffold/cli/write-whole.ts', import.meta.url).pathname;

describe('writeWhole: result files are whole or not there', () => {
  it('replaces the file by renaming a finished one over it (a reader never sees part of it), and leaves no temporary file', async () => {
    const file = join(temp.path, 'replaced', 'output.manifest');
    await mkdir(join(temp.path, 'replaced'));
    await writeFile(file, 'old\n');
    const before = await stat(file);
    await writeWhole(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    // A new file took the old one's name: a plain write would have truncated the old one in place.
    expect((await stat(file)).ino).not.toBe(before.ino);
    expect(await readdir(join(temp.path, 'replaced'))).toEqual(['output.manifest']);
  });

  it('a file in a task\'s .gtkit folder lies in a 0700 .gtkit, also one an older gtkit left 0755; a file elsewhere follows the umask', async () => {
    const state = join(temp.path, 'task', '.gtkit', 'deploy-state.json');
    await writeWhole(state, '{}\n');
    expect((await stat(join(temp.path, 'task', '.gtkit'))).mode & 0o777).toBe(0o700);
    const older = join(temp.path, 'older', '.gtkit');
    await mkdir(older, { recursive: true });
    await chmod(older, 0o755);
    await writeWhole(join(older, 'request.json'), Buffer.from('{}'));
    expect((await stat(older)).mode & 0o777).toBe(0o700);
    const elsewhere = join(temp.path, 'task', 'out', 'request.json');
    await writeWhole(elsewhere, '{}\n');
    expect((await stat(elsewhere)).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('a process killed while it writes leaves the old file whole', async () => {
    const folder = join(temp.path, 'killed');
    await mkdir(folder);
    const file = join(folder, 'output.manifest');
    await writeFile(file, 'old whole file\n');
    // 110 MB: the write takes long enough to be killed in the middle of it.
    const script = `import { writeWhole } from ${JSON.stringify(module)}; await writeWhole(${JSON.stringify(file)}, '{"line":1}\\n'.repeat(10_000_000));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../', import.meta.url).pathname, stdio: 'ignore' });
    const ended = new Promise((resolve) => child.on('exit', resolve));
    // Killed as soon as the write shows: the file changed, or another file appeared beside it.
    const writing = async () => (await stat(file)).size !== 15 || (await readdir(folder)).length > 1;
    for (let waited = 0; !(await writing()) && waited < 20_000; waited += 2) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    await ended;
    const text = await readFile(file, 'utf8');
    expect(text === 'old whole file\n' || text.length === 110_000_000).toBe(true);
  }, 30_000);

  it('makes a missing folder itself, and one the file system refuses (under /proc) is a CliError at once, not a hang', async () => {
    await writeWhole(join(temp.path, 'made', 'here', 'request.json'), '{}\n');
    expect(await readFile(join(temp.path, 'made', 'here', 'request.json'), 'utf8')).toBe('{}\n');
    if (process.platform !== 'linux') return;
    // In a child process: Node's recursive mkdir under /proc never returns (a core spins), so a hang would outlive the test.
    const script = `import { writeWhole } from ${JSON.stringify(module)}; await writeWhole('/proc/gtkit-no/out/request.json', '{}', 'give -o a file').catch((e) => console.log(e.name + ': ' + e.message));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => void (stdout += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^CliError: cannot write \/proc\/gtkit-no\/out\/request\.json: cannot make the folder \/proc\/gtkit-no: the file system there takes no new folders .*; give -o a file\n$/);
  }, 30_000);

  it('a refused write is a CliError naming the file (not the temporary one) and what to do', async () => {
    const folder = join(temp.path, 'a-folder');
    await mkdir(folder);
    const error = await writeWhole(folder, 'x', 'give -o a file').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/^cannot write \/.*\/a-folder: is a folder, not a file; give -o a file$/);
  });
});
