import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerConsolidateCommand(program: Command): Command {
  return program
    .command('consolidate')
    .description('Re-run consolidation on a finished job\'s worker responses')
    .action(() => notAvailable('consolidate'));
}
