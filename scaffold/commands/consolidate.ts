import type { Command } from 'commander';
import { taskTypeNames } from '../../lambdas/task-types/names.ts';
import { CliError } from '../cli/exit-codes.ts';
import { jsonFailure } from '../cli/json-failure.ts';
import { processOutput, type Output } from '../cli/output.ts';
import { progressReporter, type ProgressReporterOptions } from '../run/progress-reporter.ts';
import type { ConsolidateFlags } from '../consolidate/flags.ts';
// Loaded with the program, unlike the rest: commander writes --help synchronously, and it lists the algorithms and the --posteriors keys.
import { algorithmsHelp, stateHelp } from '../consolidate/help.ts';
import { exactConfidenceKey, posteriorsKey } from '../consolidate/inspect.ts';
import { consolidateProgressLine } from '../consolidate/progress.ts';
import type { ConsolidateSummary } from '../consolidate/run.ts';

export { algorithmsHelp } from '../consolidate/help.ts';

/** `progress`: where the progress line goes (stderr by default, only on a terminal; tests give a stand-in stream, clock and timer). */
export function registerConsolidateCommand(program: Command, output: Output = processOutput, progress: ProgressReporterOptions = { stream: process.stderr, sharing: [process.stdout] }): Command {
  return program
    .command('consolidate')
    .description("Re-run consolidation on a finished job's worker responses")
    .argument('<source>', 'folder holding annotations/worker-response/ (e.g. <S3OutputPath>/<job>/), or an s3:// prefix')
    .option('--task <dir>', "use that task's own ACS (acs.ts) and config")
    .option('--type <type>', `task type, with --algorithm: ${taskTypeNames.join(', ')}`)
    .option('--algorithm <name>', 'consolidation algorithm (default: the type\'s default)')
    .option('--options <json>', 'the algorithm\'s options as JSON, e.g. \'{"quorum":0.6}\' (with --type)')
    .option('--field <name>', 'the answer field to consolidate (found automatically when answers have only one)')
    .option('--label-attribute <name>', 'label attribute name for the output (default: the task\'s, or "label")')
    .option('--labels <list>', 'comma-separated label categories (default: the task\'s, or those seen in the answers)')
    .option('--manifest <file>', 'the input manifest: output lines are its lines plus the label (datasetObjectId = the line\'s 0-based position, blank lines not counted); without it, each line has the datasetObjectId and the source or source-ref the job\'s consolidation requests name')
    .option('-o, --out <file>', 'output manifest to write', 'output.manifest')
    .option('--masks <dir>', 'semantic segmentation: folder to write the consolidated mask PNGs to, each line\'s label the path of its PNG there; a new or empty folder, or one gtkit consolidate wrote before (its PNGs are replaced) (default: <out> without its extension, plus "-masks", beside it)')
    .option('--only-failed <output.manifest>', 'patch an earlier output: re-consolidate only the objects whose line there holds a consolidationError or no label, and keep every other line byte for byte; the output is that manifest with those lines relabelled (instead of --manifest; -o may be that file, to patch it in place)')
    .option('--earlier-form', 'with --only-failed: write the re-consolidated lines in the form the kept lines are in (a class index as a number or a numeric string, job-name as "labeling-job/<name>" or "<name>"), so that the patched file has one shape; without it they are in today\'s form, and a warning says when the two differ')
    .option('--batch-size <n>', 'objects per ACS invocation: the objects in datasetObjectId order, cut every <n> (with --batches job, those no consolidation request names); a learning algorithm carries its state from batch to batch, so its labels can depend on <n>', '500')
    .option('--batches <order>', 'how the objects are cut into ACS batches: "id-order" (datasetObjectId order, --batch-size at a time) or "job" (the job\'s own batches, as its consolidation requests under annotations/consolidated-annotation/consolidation-request/ name them, in the order it sent them; objects in no request follow, --batch-size at a time), which reproduces the job\'s own labels', 'id-order')
    .option('--prior <file|folder>', 'start the carried state from this instead of afresh (a learning algorithm; with --task, the task config\'s): the job\'s annotations/gtkit-state/ folder (local, or s3:// with the source\'s --s3-endpoint and --region), every batch\'s part added up as the ACS adds them, or a file written by --state-out (one part of that folder holds one batch\'s counts only)')
    .option('--state-out <file>', 'write the carried state after the last batch to this file (a learning algorithm; with --task, the task config\'s); --prior and the library\'s `prior` take it')
    .option('--rest <file>', 'write the input manifest\'s lines that got no label here (no worker answered them, or their consolidation failed), as they are, to feed the next job (with --manifest; a file of its own, not one another flag reads or writes)')
    .option('--workers <file.jsonl>', 'write a JSON line per worker: {worker, quality, answers, algorithm, measures} as the algorithm estimated them, for every kind of answer ("measures" says what its quality is; "answers" counts what it is measured on: the objects the worker answered, but for box-merge its boxes, keypoint-merge its points and span-vote its spans, an answer with no usable point or span counting as one) (with --type)')
    .option('--posteriors', `add the algorithm's "${posteriorsKey}" (label → probability) and "${exactConfidenceKey}" to each line's metadata (with --type, class and multi-label answers, the ones with posteriors); "confidence" stays rounded to 2 decimals, as Ground Truth writes it`)
    .option('--gold <file>', 'score the labels against gold: CSV lines datasetObjectId,label (header optional) or JSON lines {"datasetObjectId","label"}; prints accuracy, per-class precision/recall/F1 and a confusion matrix (class labels only)')
    .option('--region <region>', 'AWS region for an s3:// source', process.env.AWS_REGION ?? 'us-east-1')
    .option('--s3-endpoint <url>', 'read s3:// from an S3-protocol endpoint (e.g. s3rver) instead of AWS')
    .option('--strict', 'exit with code 1 when any object is not consolidated or any file or line has a problem (default: only when no object is)')
    .option('--json', 'print a JSON summary (no progress on stderr)')
    .addHelpText('after', () => `\n${algorithmsHelp()}\n\n${stateHelp}`)
    .action(async (source: string, flags: ConsolidateFlags) => {
      // Loaded here, not with the program: the run's own parts. (The algorithms load with the help text above, which
      // commander writes synchronously: about 65 ms of every verb's start, until the help is built from their specs alone.)
      const [{ consolidateCommand }, { printSummary }] = await Promise.all([import('./consolidate-command.ts'), import('../consolidate/print.ts')]);
      // Drawn on a terminal only: a log gets the summary alone, and --json is read by a program.
      // A Ctrl-C is said either way (as gtkit run says it), and --json answers it with its one document too.
      const show = !flags.json && Boolean(progress.stream.isTTY);
      const reporter = progressReporter({ ...progress, show, ...(flags.json ? { onInterrupted: (line: string) => output.out(jsonFailure('consolidate', line)) } : {}) }, consolidateProgressLine);
      let summary: ConsolidateSummary;
      try {
        // A note (a lock taken over from a process that is no more) comes before any progress is drawn.
        summary = await consolidateCommand(source, flags, reporter.update, (note) => output.err(note));
      } finally {
        // Before the summary or the error: a progress line left behind would garble it.
        reporter.finish();
      }
      if (flags.json) output.out(JSON.stringify(summary, null, 2));
      else printSummary(output, summary, flags.gold ?? '');
      // The output is written either way (failures keep their answers); the exit code tells a script whether to trust it.
      if (summary.error !== undefined) throw new CliError(summary.error);
    });
}
