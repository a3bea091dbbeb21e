import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerBuildCommand(program: Command): Command {
  return program
    .command('build')
    .description('Bundle the PRE and ACS Lambdas with esbuild into deterministic zips')
    .action(() => notAvailable('build'));
}
