import type { Command } from 'commander';
import { CliError } from '../cli/exit-codes.ts';
import { errorLine, processOutput, type Output } from '../cli/output.ts';
import { jsonFailure } from '../cli/json-failure.ts';
import { progressReporter, runProgressLine, type ProgressReporterOptions } from '../run/progress-reporter.ts';
import type { RunFlags, RunOutcome } from './run-task.ts';

/** `progress`: where and how the progress line goes (stderr by default; tests give a stand-in stream, clock and timer). */
export function registerRunCommand(program: Command, output: Output = processOutput, progress: ProgressReporterOptions = { stream: process.stderr, sharing: [process.stdout] }): Command {
  return program
    .command('run')
    .description('Dry-run the whole job locally: manifest, PRE, render, answers, ACS, output manifest')
    .argument('[task-dir]', 'task folder', '.')
    .option('--simulate <workers>', 'simulate this many workers instead of reading the answers file')
    // No commander defaults for these three: a value given without --simulate must be seen, to be refused.
    .option('--seed <n>', 'seed of the simulated workers, with --simulate (default: "1")')
    .option('--spammers <share>', 'share of simulated workers who answer at random (0–1), with --simulate (default: "0")')
    .option('--truth-field <name>', 'manifest attribute with the true answer for simulated workers, with --simulate (default: "truth")')
    .option('--batch-size <n>', 'objects per ACS invocation', '100')
    .option('--on-bad-line <policy>', 'skip (report and go on) or fail on a bad manifest line or PRE error', 'skip')
    .option('--s3-endpoint <url>', 'write the job files to an S3-protocol endpoint (e.g. s3rver) instead of a local folder')
    .option('--s3', 'write the job files to real S3 at the config\'s output path (AWS credentials needed)')
    .option('--out <dir>', 'local folder for the job files (default <task>/.gtkit/run)')
    .option('--now <iso-date>', 'a fixed clock, for reproducible runs')
    .option('--source', 'run pre.ts/acs.ts from source instead of the esbuild bundles that deploy uses')
    .option('--strict', 'exit with code 1 when the run reports any problem (default: only when no object was labelled and something went wrong)')
    .option('--json', 'print the result as JSON (no progress on stderr)')
    .action(async (dir: string, flags: RunFlags) => {
      // Loaded here, not with the program: the other verbs do not pay for the dry run.
      const [{ runTask, RunFailedError }, { runFailure }, { formatRunSummary }] = await Promise.all([import('./run-task.ts'), import('../run/run-verdict.ts'), import('../run/format-summary.ts')]);
      // --json is read by a program, which may keep stderr for the error message; as gtkit deploy --json, no progress.
      // A Ctrl-C is said either way, and --json answers it with its one document too.
      const reporter = progressReporter({ ...progress, show: !flags.json, ...(flags.json ? { onInterrupted: (line: string) => output.out(jsonFailure('run', line)) } : {}) }, runProgressLine);
      let result: RunOutcome;
      try {
        // A note (a lock taken over from a process that is no more) comes before any progress is drawn.
        result = await runTask(dir, flags, reporter.update, (note) => output.err(note));
      } catch (error) {
        // A script reading --json gets an answer on failure too (as gtkit job --json does); the message still goes to stderr.
        if (flags.json) output.out(jsonFailure('run', errorLine(error), error instanceof RunFailedError ? { problems: error.problems } : {}));
        throw error;
      } finally {
        // Before the summary or the error: a progress line left behind would garble it.
        reporter.finish();
      }
      // The output manifest is written either way (each failed line says why); the exit code tells a script whether to trust it.
      const failure = runFailure(result.run, { strict: flags.strict, streaming: result.streaming });
      if (flags.json) output.out(JSON.stringify({ ok: failure === undefined, ...(failure ? { error: failure } : {}), outputManifest: result.localManifest, outputManifestUri: result.run.outputManifestUri, jobRoot: result.run.jobRootUri, ...(result.masksShown ? { masks: result.masksShown } : {}), ...(result.unusedAnswers ? { unusedAnswers: result.unusedAnswers } : {}), summary: result.run.summary, problems: result.run.problems }, null, 2));
      else {
        for (const line of formatRunSummary(result.run, { outputManifest: result.localManifest, jobRoot: result.jobRootShown, ...(result.masksShown ? { masks: result.masksShown } : {}) })) output.out(line);
        if (result.unusedAnswers) output.out(`note: ${result.unusedAnswers}`);
      }
      if (failure) throw new CliError(failure);
    });
}
