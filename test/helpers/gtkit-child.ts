import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../bin/gtkit.js', import.meta.url).pathname;

/** How a gtkit child process ended, with everything it wrote. */
export interface ChildEnded {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * gtkit's CLI in a child process (NO_COLOR, `env` on top of this one's), with `nodeArgs` before
 * the script (`--import` a module that fakes a terminal): the process, what it has written so far,
 * and how it ended.
 */
export function gtkitChild(args: string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): { child: ChildProcess; stderrSoFar: () => string; ended: Promise<ChildEnded> } {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], { env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<ChildEnded>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stderrSoFar: () => stderr, ended };
}
