import { Command } from 'commander';
import { registerInitCommand } from '../../../scaffold/commands/init.ts';

/** Runs `gtkit init <args>` through its registered command, output discarded: the error it ends with, or undefined. */
export async function initCommandError(args: string[]): Promise<unknown> {
  const program = new Command().exitOverride();
  registerInitCommand(program, { out: () => undefined, err: () => undefined });
  return program.parseAsync(['init', ...args], { from: 'user' }).then(
    () => undefined,
    (error: unknown) => error,
  );
}
