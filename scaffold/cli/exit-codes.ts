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
