import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { watchdogGraceMs } from '../../../scaffold/run/watchdog.ts';

const run = promisify(execFile);
const guard = new URL('../../../scaffold/run/handler-guard.ts', import.meta.url).pathname;

/** A script that holds the thread in a handler for `holdMs` (a 0.1 s timeout), then says it lived. */
async function holdThread(holdMs: number, env: Record<string, string>): Promise<{ signal: string | null; stdout: string; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gtkit-watchdog-'));
  try {
    const script = join(dir, 'hold.mts');
    await writeFile(
      script,
      `import { callHandler } from ${JSON.stringify(guard)};
await callHandler({ stage: 'PRE', on: 'line 1', timeoutSeconds: 0.1, setting: 'lambdas.pre.timeoutSeconds' }, async () => {
  const until = Date.now() + ${holdMs};
  while (Date.now() < until) {}
  return {};
}).catch(() => undefined);
console.log('lived');
`,
    );
    return await run(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env } }).then(
      (r) => ({ signal: null, stdout: r.stdout, stderr: r.stderr }),
      (e: { signal: string | null; stdout: string; stderr: string }) => e,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the watchdog behind a handler call', () => {
  it('gives a call 3–10 s past its timeout', () => {
    expect([watchdogGraceMs(0.1), watchdogGraceMs(3), watchdogGraceMs(30), watchdogGraceMs(900)]).toEqual([3_000, 6_000, 10_000, 10_000]);
  });

  it('ends a process whose handler holds the thread past timeout and grace, and stays out of the way with GTKIT_WATCHDOG=off', async () => {
    const killed = await holdThread(4_500, {});
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toContain('error: the PRE');
    const spared = await holdThread(4_500, { GTKIT_WATCHDOG: 'off' });
    expect([spared.signal, spared.stdout]).toEqual([null, 'lived\n']);
  }, 30_000);
});
