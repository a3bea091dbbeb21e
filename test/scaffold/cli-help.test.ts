import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../scaffold/cli.ts';
import { commandExitCodes, ExitCode, exitCodesOf } from '../../scaffold/cli/exit-codes.ts';

const bin = new URL('../../bin/gtkit.js', import.meta.url).pathname;

/** A command's whole `--help`, as the user sees it (the text added after the options included). */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => void (text += s), writeErr: (s) => void (text += s) });
  command.outputHelp();
  return text;
}

/** The `Exit codes:` paragraph of a help text, as code and meaning. */
function exitCodesIn(help: string): Array<{ code: number; meaning: string }> {
  const paragraph = help.split('\nExit codes:\n')[1] ?? '';
  return paragraph
    .split('\n')
    .map((line) => /^ {2}(\d+)\s+(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: Number(m[1]), meaning: m[2] ?? '' }));
}

const verbs = createProgram().commands.filter((c) => c.name() !== 'help');

describe('exit codes in every --help', () => {
  it('every command lists, once, the codes the table gives it; each code is one the CLI returns', () => {
    expect(verbs.map((c) => c.name()).sort()).toEqual(Object.keys(commandExitCodes).sort());
    const known = new Set<number>(Object.values(ExitCode));
    for (const command of verbs) {
      const help = helpOf(command);
      expect(help.split('Exit codes:').length - 1, command.name()).toBe(1);
      const listed = exitCodesIn(help);
      expect(listed, command.name()).toEqual(exitCodesOf(command.name()));
      expect(listed.every(({ code }) => known.has(code)), command.name()).toBe(true);
      expect(listed.map((l) => l.code).slice(0, 3), command.name()).toEqual([ExitCode.ok, ExitCode.failure, ExitCode.usage]);
    }
  });

  it('the commands that end themselves on Ctrl-C list 130; the others do not', () => {
    const interrupted = verbs.filter((c) => exitCodesIn(helpOf(c)).some((l) => l.code === ExitCode.interrupted)).map((c) => c.name());
    // run and consolidate show a progress line, init asks questions, job --watch follows a job.
    expect(interrupted.sort()).toEqual(['consolidate', 'init', 'job', 'run']);
  });

  it('`gtkit run --help` prints them (exit 0), and `gtkit` without a command is a usage error (exit 2), not a success', async () => {
    const help = await promisify(execFile)(process.execPath, [bin, 'run', '--help'], { env: { ...process.env, NO_COLOR: '1' } });
    expect(exitCodesIn(help.stdout)).toEqual(exitCodesOf('run'));
    const bare = await promisify(execFile)(process.execPath, [bin], { env: { ...process.env, NO_COLOR: '1' } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(bare.code).toBe(ExitCode.usage);
    expect(bare.stderr).toMatch(/^Usage: gtkit \[options\] \[command\]/);
  }, 30_000);
});
