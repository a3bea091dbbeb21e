import type { ContractIssue } from '../../lambdas/contracts/errors.ts';

/** Exit codes of the gtkit command. Scripts may rely on them. */
export const ExitCode = {
  ok: 0,
  /** The command ran and found a problem (lint errors, a failed run, an AWS error). */
  failure: 1,
  /** The command line itself is wrong: unknown command, bad flag, bad flag value. */
  usage: 2,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), as `kill` or a CI runner sends it. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that the CLI prints as one clear message (no stack) and turns into an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad flag value or argument: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/**
 * The task config did not load (`load`: syntax, imports) or is not valid (`check`); `file` is the
 * config and `issues` every problem the check found (the message lists at most 20), for tools
 * that point at each field (lint).
 */
export class TaskConfigError extends CliError {
  constructor(
    message: string,
    readonly file: string,
    readonly stage: 'load' | 'check',
    readonly issues: readonly ContractIssue[] = [],
  ) {
    super(message);
    this.name = 'TaskConfigError';
  }
}

/** What each exit code means for one command; `ok` and `usage` have a default, a code left out is one the command never returns. */
export interface CommandExitCodes {
  ok?: string;
  failure: string;
  /** Only for a command that ends itself on Ctrl-C with 130 (a progress line, a prompt, a watch). */
  interrupted?: string;
  /** Only for a command that ends itself on SIGTERM with 143 (a progress line). */
  terminated?: string;
}

const usageMeaning = 'the command line is wrong: unknown command or flag, a bad flag value, a task folder or file that does not exist';

/**
 * The exit codes of every command, in one place: each command's `--help` lists them from here
 * (`exitCodesHelp`), and a test holds every registered command to an entry.
 */
export const commandExitCodes: Readonly<Record<string, CommandExitCodes>> = {
  init: { failure: 'nothing written: files already there (without --force) or a folder or file gtkit could not write', interrupted: 'the questions were cancelled (Ctrl-C); nothing was written' },
  preview: { ok: 'stopped with Ctrl-C (SIGINT) or SIGTERM', failure: 'the preview could not start (the task does not load, the port is taken)' },
  run: { failure: 'the run failed: no object labelled because something went wrong (bad lines, failures, refused answers), a manifest with no data object, a bad line with --on-bad-line fail, a failed ACS batch, another gtkit run writing the same folder, or any problem with --strict', interrupted: 'stopped by Ctrl-C', terminated: 'stopped by SIGTERM' },
  lint: { ok: 'clean, or warnings only', failure: 'lint errors' },
  build: { failure: 'a bundle did not build, or a file could not be written' },
  deploy: { failure: 'an AWS call failed, or a bundle or file could not be made' },
  job: { failure: 'the request has errors, the submit failed, or the watched job failed or was stopped', interrupted: 'Ctrl-C while watching (the labeling job keeps running)' },
  consolidate: { failure: 'no object consolidated, an ACS batch failed, the worker responses could not be read, another gtkit consolidate writing the same -o file, or any problem with --strict', interrupted: 'stopped by Ctrl-C', terminated: 'stopped by SIGTERM' },
  demo: { failure: 'the sample task could not be written or its run failed' },
};

/** The codes a command can return with their meanings, in order. */
export function exitCodesOf(command: string): Array<{ code: ExitCode; meaning: string }> {
  const codes = commandExitCodes[command];
  if (!codes) throw new Error(`no exit codes are written down for the command "${command}" (scaffold/cli/exit-codes.ts)`);
  return [
    { code: ExitCode.ok, meaning: codes.ok ?? 'done' },
    { code: ExitCode.failure, meaning: codes.failure },
    { code: ExitCode.usage, meaning: usageMeaning },
    ...(codes.interrupted ? [{ code: ExitCode.interrupted, meaning: codes.interrupted }] : []),
    ...(codes.terminated ? [{ code: ExitCode.terminated, meaning: codes.terminated }] : []),
  ];
}

/** The `Exit codes:` paragraph of a command's `--help`. */
export function exitCodesHelp(command: string): string {
  return `\nExit codes:\n${exitCodesOf(command)
    .map(({ code, meaning }) => `  ${String(code).padEnd(4)} ${meaning}`)
    .join('\n')}`;
}
