import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerJobCommand(program: Command): Command {
  return program
    .command('job')
    .description('Build and validate the CreateLabelingJob request (optionally submit it)')
    .action(() => notAvailable('job'));
}
