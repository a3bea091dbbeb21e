import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerRunCommand(program: Command): Command {
  return program
    .command('run')
    .description('Dry-run the whole job locally: manifest, PRE, render, answers, ACS, output manifest')
    .action(() => notAvailable('run'));
}
