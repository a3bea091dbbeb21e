import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const module = new URL('../../scaffold/cli/stop-signals.ts', import.meta.url).pathname;
const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).pathname;

/** Runs a script that registers `cleanUp` with onLeaving and then Ctrl-C's itself: how the process ended, and its stderr. */
function leaveBySignal(cleanUp: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const script = `import { onLeaving } from ${JSON.stringify(module)}; onLeaving(() => { ${cleanUp} }); setInterval(() => {}, 1000); process.kill(process.pid, 'SIGINT');`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('onLeaving', () => {
  it('ends the process by the signal after the clean-up', async () => {
    expect(await leaveBySignal('process.stderr.write("cleaned\\n");')).toEqual({ code: null, signal: 'SIGINT', stderr: 'cleaned\n' });
  }, 30_000);

  // rmSync of a folder the work still writes into can throw ENOTEMPTY: Ctrl-C must still end the process by the signal, not with exit code 1.
  it('a clean-up that throws is reported, and the process still ends by the signal', async () => {
    const ended = await leaveBySignal('throw new Error("ENOTEMPTY: directory not empty, rmdir \'/tmp/x\'");');
    expect({ code: ended.code, signal: ended.signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(ended.stderr).toBe("gtkit: could not clean up on the way out: ENOTEMPTY: directory not empty, rmdir '/tmp/x'\n");
  }, 30_000);
});

describe('removeOnTheWayOut', () => {
  // The scratch folder of an interrupted `gtkit consolidate` stayed behind on a loaded machine: the
  // ACS's writes were still queued on the thread pool when the process left, and they landed while
  // the folder was removed. Here thousands of queued file creations are in flight as the process
  // exits (a plain rmSync with retries left the folder behind in 12 of 18 such runs).
  it.each([500, 2000, 5000])('leaves no folder behind when %i file creations are in flight as the process exits', async (files) => {
    const parent = mkdtempSync(join(tmpdir(), 'gtkit-leaving-'));
    const dir = join(parent, 'scratch');
    const script = [
      `import { mkdirSync } from 'node:fs'; import { writeFile } from 'node:fs/promises';`,
      `import { onLeaving, removeOnTheWayOut } from ${JSON.stringify(module)};`,
      `const dir = ${JSON.stringify(dir)}; mkdirSync(dir);`,
      `onLeaving(() => removeOnTheWayOut(dir));`,
      `for (let i = 0; i < ${files}; i++) writeFile(dir + '/answer-' + i + '.json', '{}').catch(() => {});`,
      `setImmediate(() => process.exit(130));`,
    ].join('\n');
    try {
      const ended = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(ended).toEqual({ code: 130, stderr: '' });
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 30_000);
});
