import type { Output } from '../cli/output.ts';
import { goldScoreLines } from './gold.ts';
import { problemLine, replacedNotes } from './report.ts';
import type { ConsolidateSummary } from './run.ts';

/** The human summary: counts and files on stdout, what to look at (labels guessed, warnings, problems, replaced answers) on stderr. `goldFile` is --gold as given. */
export function printSummary(output: Output, summary: ConsolidateSummary, goldFile: string): void {
  output.out(`${summary.objects} objects from ${summary.files} worker-response files, ${summary.answers} answers; ${summary.failed} not consolidated`);
  // Class indices in the output follow the label order; a guessed order may not be the job's.
  if (summary.labelsFrom === 'answers' && summary.labels.length > 0)
    output.err(`labels: ${summary.labels.join(', ')} (seen in the answers, sorted); the output's class indices follow this order, so give --labels in the job's order (or --task) to match the job's output`);
  if (summary.linesWithoutAnswers) output.err(`${summary.linesWithoutAnswers} ${summary.onlyFailed ? 'unlabelled line(s) of the earlier output' : 'manifest line(s)'} have no worker response (expired, or kept from workers by the PRE); copied to the output unchanged`);
  // Lines known by id alone cannot be joined back to the data without the input manifest.
  if (summary.sourcesFrom !== 'manifest' && summary.objectsWithData < summary.objects)
    output.err(`${summary.objects - summary.objectsWithData} of ${summary.objects} objects are known by datasetObjectId only (no consolidation request names their data); give --manifest <the job's input manifest> for whole lines`);
  for (const w of summary.warnings.slice(0, 20)) output.err(`warning: ${problemLine(w)}`);
  if (summary.warnings.length > 20) output.err(`… ${summary.warnings.length - 20} more warnings (see --json)`);
  for (const p of summary.problems.slice(0, 20)) output.err(`problem: ${problemLine(p)}`);
  if (summary.problems.length > 20) output.err(`… ${summary.problems.length - 20} more problems (see --json)`);
  for (const note of replacedNotes(summary.replacedAnswers, 3)) output.err(note);
  if (summary.onlyFailed) output.out(`only the failed: ${summary.onlyFailed.relabelled} unlabelled line(s) of ${summary.onlyFailed.file} re-consolidated, ${summary.onlyFailed.kept} kept as they were`);
  if (summary.jobBatches !== undefined) output.out(`batches: ${summary.jobBatches} of the job's own, ${summary.batches - summary.jobBatches} more of objects no consolidation request names`);
  output.out(`output manifest: ${summary.out}`);
  if (summary.rest) output.out(`rest: ${summary.rest.lines} line(s) of the input manifest got no label; written unchanged to ${summary.rest.file} for the next job`);
  if (summary.workersFile) output.out(`workers: ${summary.workersFile.workers} in ${summary.workersFile.file}`);
  if (summary.stateOut) output.out(`state after the last batch: ${summary.stateOut}`);
  if (summary.gold) for (const line of goldScoreLines(summary.gold, goldFile)) output.out(line);
  if (summary.masks) output.out(`masks: ${summary.masks.files} PNG files in ${summary.masks.folder} (each line's label is its file's path)`);
}
