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
  // That a command really returns the 130 and 143 it lists is checked by running it: run and
  // consolidate in test/scaffold/run/progress-interrupt.test.ts, job --watch in
  // test/scaffold/job/watch.test.ts, init's questions in test/scaffold/init/prompts.test.ts.
  it('every registered command has an entry in the table, and its --help lists the entry\'s codes once', () => {
    expect(verbs.map((c) => c.name()).sort()).toEqual(Object.keys(commandExitCodes).sort());
    for (const command of verbs) {
      const help = helpOf(command);
      expect(help.split('Exit codes:').length - 1, command.name()).toBe(1);
      expect(exitCodesIn(help), command.name()).toEqual(exitCodesOf(command.name()));
    }
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
