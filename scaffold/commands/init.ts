import type { Command } from 'commander';
import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { processOutput, type Output } from '../cli/output.ts';
import { shellWord, shownPath } from '../cli/paths.ts';
import type { InitFlags } from './init-answers.ts';

export function registerInitCommand(program: Command, output: Output = processOutput): Command {
  return program
    .command('init')
    .description('Scaffold a task folder: config, template, PRE and ACS, sample data, a test')
    .argument('<dir>', 'folder to create (or fill)')
    .option('-t, --type <type>', `task type: ${taskTypeNames.join(', ')}`)
    .option('--job-name <name>', 'labeling job name (default: from the folder name)')
    .option('--label-attribute <name>', 'label attribute name in the output manifest')
    .option('--labels <list>', "comma-separated labels (default: sample labels of the type); the label attribute, title and description then get general wording, not the sample's")
    .option('--title <text>', "the task's title workers see in their list of tasks (default: the sample's, or with --labels a general one)")
    .option('--description <text>', 'one line telling workers what to do (default: as for --title)')
    .option('--region <region>', 'AWS region', undefined)
    .option('--role-arn <arn>', 'Ground Truth execution role ARN')
    .option('--workforce <kind>', 'private, vendor or public')
    .option('--workteam-arn <arn>', 'workteam ARN (private or vendor workforce)')
    .option('--price <usd>', 'price per task in USD for the public crowd, e.g. 0.036')
    .option('--bucket <name>', 'S3 bucket for the job files')
    .option('--prefix <prefix>', 'key prefix in the bucket (default: the job name)')
    .option('--input-topic <arn>', 'a streaming job: the SNS topic Ground Truth takes objects from (sets streaming.inputTopicArn)')
    .option('--output-topic <arn>', 'with --input-topic: the SNS topic Ground Truth publishes each label to')
    .option('--data-prefixes <list>', 'with --input-topic: comma-separated S3 folders the streamed objects lie under, e.g. s3://my-bucket/incoming/ (the roles gtkit makes may read them)')
    .option('--workers <n>', 'workers per object (1–9)')
    .option('--time-limit <seconds>', 'time a worker has per task')
    .option('--gtkit <spec>', 'gtkit dependency spec for the task\'s package.json')
    .option('-f, --force', 'overwrite files that exist')
    .option('-y, --yes', 'accept defaults for everything not given by a flag (no prompts)')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, flags: InitFlags) => {
      if (dir.trim() === '') throw new UsageError('the folder name is empty; give one, e.g. gtkit init my-task (or gtkit init . for this folder)');
      // Loaded here, not with the program: the other verbs do not pay for the task templates.
      const [{ fromFlags, promptMissing }, { initTask }] = await Promise.all([import('./init-answers.ts'), import('../init/init-task.ts')]);
      const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !flags.yes && !flags.json;
      const answers = interactive ? await promptMissing(dir, flags) : fromFlags(dir, flags);
      const result = await initTask(answers);
      if (flags.json) {
        output.out(JSON.stringify({ ok: true, dir: result.dir, type: answers.type, jobName: result.jobName, files: result.files, linkedGtkit: result.linked, notes: result.notes, warnings: result.warnings, wordingStep: result.wordingStep }, null, 2));
        return;
      }
      const shown = shownPath(result.dir);
      output.out(`created the ${answers.type} task in ${shown} (${result.files.length} files), job name ${result.jobName}`);
      for (const note of result.notes) output.out(note);
      for (const warning of result.warnings) output.err(`warning: ${warning}`);
      if (result.linked) output.out('linked node_modules/gtkit to this gtkit; `npm install` there replaces the link');
      // A public-crowd task fails lint until the user makes the declaration the note asks for: lint comes after it.
      const checks = answers.workforce === 'public' ? 'npx gtkit run --simulate 5 && npx gtkit preview\n  npx gtkit lint, once workforce.contentClassifiers holds the declaration (see the note)' : 'npx gtkit lint && npx gtkit run --simulate 5 && npx gtkit preview';
      output.out(`next:\n  cd ${shellWord(shown)}\n  ${checks}\n  ${result.wordingStep}`);
    });
}
