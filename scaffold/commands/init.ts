import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerInitCommand(program: Command): Command {
  return program
    .command('init')
    .description('Scaffold a task folder: config, template, PRE and ACS, sample data, a test')
    .action(() => notAvailable('init'));
}
