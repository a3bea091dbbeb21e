import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerDeployCommand(program: Command): Command {
  return program
    .command('deploy')
    .description('Upload to S3, create or update the Lambdas, record their ARNs')
    .action(() => notAvailable('deploy'));
}
