import { UsageError } from '../cli/exit-codes.ts';
import { checkOutputFileFlag } from '../cli/make-folder.ts';
import { parseBatchOrder } from './batching.ts';
import { checkDistinctFiles } from './files.ts';
import { checkSourceFolder } from './source.ts';

/** gtkit consolidate's flags, as commander gives them. */
export interface ConsolidateFlags {
  task?: string;
  type?: string;
  algorithm?: string;
  field?: string;
  labelAttribute?: string;
  labels?: string;
  manifest?: string;
  out?: string;
  batchSize?: string;
  region?: string;
  s3Endpoint?: string;
  json?: boolean;
  options?: string;
  strict?: boolean;
  masks?: string;
  workers?: string;
  posteriors?: boolean;
  prior?: string;
  stateOut?: string;
  gold?: string;
  onlyFailed?: string;
  earlierForm?: boolean;
  batches?: string;
  rest?: string;
}

/**
 * Every check of the flags (and of a local source) that needs no worker response read: a wrong
 * command line is said before the work, not after the seconds 50,000 objects take. Returns the
 * output file and the batch size.
 */
export async function checkFlags(source: string, flags: ConsolidateFlags): Promise<{ out: string; batchSize: number }> {
  if (!flags.task && !flags.type) throw new UsageError('give --task <dir> (that task\'s ACS) or --type <task-type> [--algorithm <name>]');
  if (flags.task && flags.type) throw new UsageError('--task and --type exclude each other');
  if (flags.task) {
    // With --task the task's own acs.ts decides these; a flag that would be ignored is a usage error.
    const ignored = (['algorithm', 'options', 'field', 'labels'] as const).filter((f) => flags[f] !== undefined);
    if (ignored.length > 0) throw new UsageError(`${ignored.map((f) => `--${f}`).join(', ')} ${ignored.length === 1 ? 'goes' : 'go'} with --type; with --task, the task's own acs.ts and config decide ${ignored.length === 1 ? 'it' : 'them'}`);
    // The task's acs.ts returns labels only; its carried state (--prior, --state-out) is where its ACS keeps it, under the job's annotations.
    const unseen = (['workers', 'posteriors'] as const).filter((f) => flags[f] !== undefined);
    if (unseen.length > 0) throw new UsageError(`${unseen.map((f) => `--${f}`).join(', ')} ${unseen.length === 1 ? 'goes' : 'go'} with --type: with --task, the task's own acs.ts consolidates, and gtkit sees only the labels it returns, not its algorithm's result (the output lines, --gold, --prior, --state-out and the replaced answers are there either way); use --type <the task's type> --algorithm <its algorithm> for them`);
  }
  if (flags.onlyFailed !== undefined && flags.manifest !== undefined) throw new UsageError("--only-failed and --manifest exclude each other: --only-failed's earlier output is the input, each line kept or relabelled");
  if (flags.earlierForm && flags.onlyFailed === undefined) throw new UsageError("--earlier-form goes with --only-failed <output.manifest>: it writes the re-consolidated lines in the form that output's kept lines are written in");
  // --only-failed's lines are an earlier output's (labels and failure reasons in them), not the lines a next job can take as they are.
  if (flags.rest !== undefined && flags.onlyFailed !== undefined) throw new UsageError("--rest does not go with --only-failed: it writes input-manifest lines, and --only-failed's lines are an earlier output's; for the rest, run gtkit consolidate again with --manifest <the job's input manifest> --rest <file> (with --batches job, which reproduces the job's own labels)");
  if (flags.rest !== undefined && flags.manifest === undefined) throw new UsageError("--rest goes with --manifest <the job's input manifest>: it writes that manifest's lines that got no label");
  parseBatchOrder(flags.batches);
  const batchSize = Number(flags.batchSize ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError(`--batch-size must be a whole number ≥ 1, got ${JSON.stringify(flags.batchSize)}`);
  const out = flags.out ?? 'output.manifest';
  await checkOutputFileFlag(out, '-o', "the output manifest's file name", 'output.manifest');
  if (flags.masks !== undefined && flags.masks.trim() === '') throw new UsageError('--masks needs a folder name, e.g. --masks masks');
  if (flags.workers !== undefined) await checkOutputFileFlag(flags.workers, '--workers', 'the workers file\'s name', 'workers.jsonl');
  if (flags.stateOut !== undefined) await checkOutputFileFlag(flags.stateOut, '--state-out', 'the state file\'s name', 'state.json');
  if (flags.rest !== undefined) await checkOutputFileFlag(flags.rest, '--rest', 'the file for the lines without a label', 'rest.manifest');
  await checkDistinctFiles(
    [['--manifest', flags.manifest], ['--only-failed', flags.onlyFailed], ['--gold', flags.gold], ['--prior', flags.prior]],
    [['-o', out], ['--rest', flags.rest], ['--workers', flags.workers], ['--state-out', flags.stateOut]],
    // Patching an earlier output in place: it is read whole before the patched one replaces it whole.
    [['-o', '--only-failed']],
  );
  if (!source.startsWith('s3://')) await checkSourceFolder(source);
  return { out, batchSize };
}
