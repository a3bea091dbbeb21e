import type { Command } from 'commander';
import type { BuiltLambda, SdkChoice } from '../../build.ts';
import { CliError, UsageError } from '../cli/exit-codes.ts';
import { makeFolderOfFlag } from '../cli/make-folder.ts';
import { paint, processOutput, type Output } from '../cli/output.ts';

interface BuildFlags {
  sdk?: string;
  out?: string;
  json?: boolean;
}

/** A built Lambda as JSON: everything but the zip's bytes (they are in `zipFile`). */
export function builtLambdaJson(b: BuiltLambda): Omit<BuiltLambda, 'zip'> {
  const { zip: _bytes, ...rest } = b;
  return rest;
}

export function parseSdkFlag(value: string | undefined): SdkChoice | undefined {
  if (value === undefined || value === 'bundled' || value === 'runtime') return value;
  throw new UsageError(`--sdk must be bundled or runtime, got ${JSON.stringify(value)}`);
}

/** `gtkit build [task-dir] [--sdk bundled|runtime] [--out dir] [--json]`. */
export async function runBuildCommand(dir: string, flags: BuildFlags, output: Output = processOutput): Promise<void> {
  const sdk = parseSdkFlag(flags.sdk);
  // Loaded here, not with the program: the other verbs do not pay for the bundler.
  const [{ BundleError, buildTaskLambdas, sizeReport }, { loadTask }, { buildNotes }] = await Promise.all([import('../../build.ts'), import('../task/load-task.ts'), import('../build/build-notes.ts')]);
  const task = await loadTask(dir);
  // Made here, not by esbuild's or Node's recursive mkdir, which never returns under /proc.
  if (flags.out !== undefined) await makeFolderOfFlag(flags.out, '--out', flags.out);
  if (!flags.json) output.out(paint('cyan', `build: bundling ${task.paths.pre} and ${task.paths.acs}`));
  let built;
  try {
    built = await buildTaskLambdas(task, { ...(sdk ? { sdk } : {}), ...(flags.out ? { outDir: flags.out } : {}) });
  } catch (error) {
    if (error instanceof BundleError) throw new CliError(error.message);
    throw error;
  }
  const notes = await buildNotes(task, built);
  if (flags.json) output.out(JSON.stringify({ ok: true, pre: builtLambdaJson(built.pre), acs: builtLambdaJson(built.acs), notes }, null, 2));
  else for (const line of [...sizeReport(built), ...notes.map((note) => `note: ${note}`)]) output.out(line);
}

export function registerBuildCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('build')
    .description('Bundle the PRE and ACS Lambdas with esbuild into deterministic zips, with a size report')
    .argument('[task-dir]', 'task folder', '.')
    .option('--sdk <where>', "bundled (default: the AWS SDK ships in the ACS zip) or runtime (use the Lambda runtime's SDK)")
    .option('--out <dir>', 'output folder (default <task>/.gtkit/build)')
    .option('--json', 'print the result as JSON')
    .action((dir: string, flags: BuildFlags) => runBuildCommand(dir, flags, output));
}
