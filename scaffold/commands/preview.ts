import type { Command } from 'commander';
import { notAvailable } from '../cli/not-available.ts';

export function registerPreviewCommand(program: Command): Command {
  return program
    .command('preview')
    .description('Preview and fill in the template with each manifest line, with live reload')
    .action(() => notAvailable('preview'));
}
