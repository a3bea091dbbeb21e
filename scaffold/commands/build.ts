import type { Command } from 'commander';
import { buildTaskLambdas, sizeReport } from '../../build.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { processOutput, type Output } from '../cli/output.ts';
import { loadTask } from '../task/load-task.ts';

export function registerBuildCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('build')
    .description('Bundle the PRE and ACS Lambdas with esbuild into deterministic zips')
    .argument('[task-dir]', 'task folder', '.')
    .option('--sdk <where>', 'bundled (default: the AWS SDK ships in the ACS zip) or runtime (use the Lambda runtime\'s SDK)', 'bundled')
    .option('--out <dir>', 'output folder (default <task>/.gtkit/build)')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, flags: { sdk: string; out?: string; json?: boolean }) => {
      if (flags.sdk !== 'bundled' && flags.sdk !== 'runtime') throw new UsageError(`--sdk must be bundled or runtime, got ${JSON.stringify(flags.sdk)}`);
      const task = await loadTask(dir);
      let built;
      try {
        built = await buildTaskLambdas(task, { sdk: flags.sdk, ...(flags.out ? { outDir: flags.out } : {}) });
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      if (flags.json) {
        const strip = ({ zip: _zip, ...rest }: typeof built.pre) => rest;
        output.out(JSON.stringify({ pre: strip(built.pre), acs: strip(built.acs) }, null, 2));
      } else for (const line of sizeReport(built)) output.out(line);
    });
}
