import type { Command } from 'commander';
import type { JobCommandDeps, JobCommandOptions } from './job-command.ts';

export function registerJobCommand(program: Command, deps: Partial<JobCommandDeps> = {}): Command {
  return program
    .command('job')
    .description('Build and validate the CreateLabelingJob request (optionally submit it)')
    .argument('[task-dir]', 'task folder', '.')
    .option('-o, --out <file>', 'where to write the request JSON (default <task>/.gtkit/request.json)')
    .option('--stack-outputs <file>', 'take the Lambda ARNs from `aws cloudformation describe-stacks` output (JSON)')
    .option('--create', "check that the job's buckets are in its region (S3 GetBucketLocation), submit the request with the AWS SDK and print the job ARN")
    .option('--watch', 'with --create (or alone), follow the job status and label counters')
    .option('--json', 'print a JSON summary for scripts (with --watch: when the job ends, with its final status; progress goes to stderr)')
    .action(async (dir: string, options: JobCommandOptions) => {
      // Loaded here, not with the program: the other verbs do not pay for the AWS SDK.
      const { runJobCommand } = await import('./job-command.ts');
      await runJobCommand(dir, options, deps);
    });
}
