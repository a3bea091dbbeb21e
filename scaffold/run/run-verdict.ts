import type { DryRunResult } from './dry-run.ts';
import { runIssues } from './format-summary.ts';

/**
 * Why a finished run counts as failed, or undefined when it passes. By default a run fails when
 * the manifest had lines, none was labelled, and something went wrong on the way (bad lines, PRE,
 * render or consolidation failures); a PRE that kept every object from workers on purpose, or
 * objects nobody has answered yet, is not a failure. With `strict`, any problem fails it.
 */
export function runFailure(run: Pick<DryRunResult, 'summary' | 'problems'>, options: { strict?: boolean } = {}): string | undefined {
  const c = run.summary.counts;
  const wentWrong = c.badManifestLines + c.preFailed + c.renderFailed + c.consolidationFailed > 0;
  if (c.manifestLines > 0 && c.labeled === 0 && wentWrong) return `no object was labelled: ${runIssues(c).join(', ')}`;
  if (options.strict && run.problems.length > 0) return `--strict: ${run.problems.length} problem${run.problems.length === 1 ? '' : 's'} (${byStage(run.problems)})`;
  return undefined;
}

/** `pre: 6, answers: 1`, in the order the run meets the stages. */
function byStage(problems: DryRunResult['problems']): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.stage, (counts.get(p.stage) ?? 0) + 1);
  return [...counts].map(([stage, n]) => `${stage}: ${n}`).join(', ');
}
