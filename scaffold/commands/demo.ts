import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { parseTaskTypeFlag } from '../cli/task-type-flag.ts';
import { processOutput, type Output } from '../cli/output.ts';
import { shellWord } from '../cli/paths.ts';

/**
 * The main demo (`npm start`): scaffolds a sample task into a temporary folder and dry-runs it
 * end to end with simulated workers.
 */
export function registerDemoCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('demo')
    .description('Scaffold a sample task in a temporary folder and dry-run it end to end')
    .option('-t, --type <type>', `task type: ${taskTypeNames.join(', ')}`, 'bounding-box')
    .option('--workers <n>', 'simulated workers per object', '5')
    .option('--dir <dir>', 'folder to scaffold into (default: a new temporary folder)')
    .option('-f, --force', 'with --dir: overwrite the task files already there')
    .action(async (flags: { type: string; workers: string; dir?: string; force?: boolean }) => {
      const type = parseTaskTypeFlag(flags.type);
      // Checked here, before anything is written, in this command's own words.
      if (!/^[1-9]$/.test(flags.workers.trim())) throw new UsageError(`--workers must be 1–9 (Ground Truth allows at most 9 workers per object), got ${JSON.stringify(flags.workers)}`);
      // Loaded here, not with the program: the other verbs do not pay for the task templates and the dry run.
      const [{ initTask }, { runTask }, { formatRunSummary }] = await Promise.all([import('../init/init-task.ts'), import('./run-task.ts'), import('../run/format-summary.ts')]);
      const started = Date.now();
      const dir = flags.dir ?? join(await mkdtemp(join(tmpdir(), 'gtkit-demo-')), 'sample-task');
      output.out(`1/2 gtkit init ${shellWord(dir)} --type ${flags.type}`);
      // A folder of the user's keeps its files unless --force says otherwise; the temporary one is ours.
      await initTask({ dir, type, force: flags.dir === undefined || flags.force === true });
      output.out(`2/2 gtkit run ${shellWord(dir)} --simulate ${flags.workers.trim()} --spammers 0.2`);
      const result = await runTask(dir, { simulate: flags.workers.trim(), seed: '1', spammers: '0.2', batchSize: '2' });
      for (const line of formatRunSummary(result.run, { outputManifest: join(dir, '.gtkit', 'run', 'output.manifest'), jobRoot: result.jobRootShown })) output.out(line);
      output.out(`done in ${((Date.now() - started) / 1000).toFixed(1)} s. Next, from this checkout: npx gtkit preview ${shellWord(dir)}`);
    });
}
