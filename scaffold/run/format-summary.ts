import type { DryRunProblem, DryRunResult } from './dry-run.ts';
import { reasonWithFix } from './manifest.ts';
import { objectIdKeyAttribute } from './streaming-object-ids.ts';
import type { RunSummary } from './summary.ts';

/** The human-readable run summary: counts, per-worker agreement, least confident items, files. */
export function formatRunSummary(result: DryRunResult, where: { outputManifest: string; jobRoot: string; masks?: string }): string[] {
  const c = result.summary.counts;
  const lines = [
    `objects: ${c.manifestLines} manifest lines, ${c.sentToWorkers} sent to workers, ${c.answers} answers, ${c.labeled} labeled`,
  ];
  const issues = runIssues(c);
  if (issues.length > 0) lines.push(`attention: ${issues.join(', ')}`);
  if (c.bothSourceLines > 0) lines.push(`warning: ${count(c.bothSourceLines, 'manifest line')} ${c.bothSourceLines === 1 ? 'has' : 'have'} both "source" and "source-ref"; the run used "source-ref" (each line is named among the problems)`);
  if (c.repeatedIds > 0) lines.push(`note: ${count(c.repeatedIds, 'manifest line')} ${c.repeatedIds === 1 ? 'repeats' : 'repeat'} an earlier line's id (${objectIdKeyAttribute}) and ${c.repeatedIds === 1 ? 'was' : 'were'} left out, as Ground Truth labels each id once (each line is named among the problems)`);
  lines.push(...replacedAnswerNotes(result.summary.replacedAnswers, 3));
  if (result.summary.workers.length > 0) {
    lines.push('worker agreement (mean similarity to the other workers on the same objects):');
    for (const w of result.summary.workers.slice(0, 12)) lines.push(`  ${printable(w.workerId).padEnd(40)} ${Number.isNaN(w.agreement) ? '  n/a' : w.agreement.toFixed(3)}  (${w.answers} answers)`);
    if (result.summary.workers.length > 12) lines.push(`  … ${result.summary.workers.length - 12} more`);
  }
  if (result.summary.agreementLeftOut !== undefined) lines.push(`worker agreement: ${result.summary.agreementLeftOut}`);
  if (result.summary.lowestConfidence.length > 0) {
    lines.push('lowest confidence:');
    for (const item of result.summary.lowestConfidence) lines.push(`  #${printable(item.datasetObjectId).padEnd(5)} ${item.confidence.toFixed(2)}  ${printable(item.source)}`);
  }
  for (const p of result.problems.slice(0, 20)) lines.push(`${p.severity ?? 'problem'} (${p.stage}) ${p.where}: ${problemText(p)}`);
  if (result.problems.length > 20) lines.push(`… ${result.problems.length - 20} more problems (see --json)`);
  lines.push(`output manifest: ${where.outputManifest}`);
  if (where.masks !== undefined) lines.push(`masks (one PNG per object; each line's label is its S3 URI): ${where.masks}`);
  lines.push(`job files (Ground Truth layout): ${where.jobRoot}`);
  // Ids, labels and messages come from the user's files: an escape sequence in them must not drive the terminal.
  return lines.map((line) => printable(line, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g));
}

/** A problem's message with its fix, when it has one apart: `<message>; <fix>`. */
export function problemText(p: Pick<DryRunProblem, 'message' | 'fix'>): string {
  return reasonWithFix({ reason: p.message, fix: p.fix });
}

/** The text with control characters and line separators written as `\u001b`; `controls` may spare line breaks, for messages of several lines. */
function printable(text: string, controls = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g): string {
  return text.replace(controls, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What kept objects from being labelled, by count (`6 PRE failures`); the summary's "attention" line and a failed run's message. */
export function runIssues(c: RunSummary['counts']): string[] {
  return [
    c.badManifestLines && `${count(c.badManifestLines, 'bad manifest line')}`,
    c.preFailed && `${count(c.preFailed, 'PRE failure')}`,
    c.notForHumans && `${c.notForHumans} kept from workers by the PRE`,
    c.renderFailed && `${count(c.renderFailed, 'render failure')}`,
    c.unanswered && `${c.unanswered} with no answers`,
    c.consolidationFailed && `${c.consolidationFailed} not consolidated`,
    c.answersSetAside && `${count(c.answersSetAside, 'answer')} set aside by the ACS`,
  ].filter((issue): issue is string => Boolean(issue));
}

/**
 * One note per answer a later line replaced (the first `shown` of them, then how many more):
 * the run keeps the later one, as for a resubmission in the preview, but a hand edit that
 * repeats a worker should not pass unseen.
 */
function replacedAnswerNotes(replaced: RunSummary['replacedAnswers'], shown: number): string[] {
  const notes = replaced.slice(0, shown).map((r) => `note: worker ${printable(r.workerId)} answered object ${printable(r.datasetObjectId)} again: ${r.where}, replaced by ${lineNumberOf(r.replacedBy)} (as a resubmission in the preview is); only the later answer counts`);
  const more = replaced.length - notes.length;
  if (more > 0) notes.push(`note: … ${count(more, 'more answer')} replaced the same way, ${replaced.length} in all (see --json)`);
  return notes;
}

/** `12` of `answers.jsonl:12`: the file is already named beside it. */
function lineNumberOf(where: string): string {
  return `line ${where.slice(where.lastIndexOf(':') + 1)}`;
}

/** `1 answer`, `2 answers`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
