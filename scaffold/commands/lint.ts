import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerLintCommand(program: Command): Command {
  return program
    .command('lint')
    .description('Check the template, the PRE output and the job request against each other')
    .action(() => notAvailable('lint'));
}
