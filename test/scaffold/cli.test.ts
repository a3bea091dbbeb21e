import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/gtkit.js', import.meta.url).pathname;

async function gtkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gtkit command', () => {
  it('lists every verb in --help', async () => {
    const { code, stdout } = await gtkit('--help');
    expect(code).toBe(0);
    for (const verb of ['init', 'preview', 'run', 'lint', 'build', 'deploy', 'job', 'consolidate']) {
      expect(stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
    }
  });

  it('prints the package version', async () => {
    const { code, stdout } = await gtkit('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with exit code 2 and a suggestion', async () => {
    const { code, stderr } = await gtkit('jobb');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'jobb'");
    expect(stderr).toContain('Did you mean job?');
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const { code, stderr } = await gtkit('init', '--bogus');
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });
});
