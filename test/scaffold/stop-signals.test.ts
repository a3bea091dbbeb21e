import { spawn } from 'node:child_process';
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
