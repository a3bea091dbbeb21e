import type { DryRunResult } from './dry-run.ts';
import { runIssues } from './format-summary.ts';

/**
 * Why a finished run counts as failed, or undefined when it passes. By default a run fails when
 * none of the manifest's lines was labelled and something went wrong on the way (bad lines, PRE,
 * render or consolidation failures, answers that could not be used), and when the manifest has no
 * data object at all (lint's error: a job made from it would label nothing; a streaming job's
 * manifest is only a sample, and lint only warns). A PRE that kept every object from workers on
 * purpose, or objects nobody has answered yet, is not a failure. A problem marked `error` (a
 * label attribute that would replace another job's labels) fails it whatever was labelled: the
 * run went on, a job must not. With `strict`, any problem fails it.
 */
export function runFailure(run: Pick<DryRunResult, 'summary' | 'problems'>, options: { strict?: boolean; streaming?: boolean } = {}): string | undefined {
  const c = run.summary.counts;
  if (c.manifestLines === 0 && !options.streaming) return 'no object was labelled: the manifest has no data objects (its problem above says what to add)';
  // Objects left unanswered while answers were there but refused (another task's answers.jsonl, lines in the wrong shape):
  // not "nobody has answered yet". Answers ignored because no object reached workers (PRE failures) are no cause of their own.
  const answerProblems = c.unanswered > 0 ? run.problems.filter((p) => p.stage === 'answers' && p.severity !== 'warning').length : 0;
  const wentWrong = c.badManifestLines + c.preFailed + c.renderFailed + c.consolidationFailed + answerProblems > 0;
  const errors = run.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return `${errors.length === 1 ? 'an error' : `${errors.length} errors`} a labeling job must not have (listed among the problems): ${errors.map((p) => p.message).join('; ')}`;
  if (c.manifestLines > 0 && c.labeled === 0 && wentWrong) return `no object was labelled: ${[...runIssues(c), ...(answerProblems > 0 ? [`${answerProblems} problem${answerProblems === 1 ? '' : 's'} with the answers (listed among the problems)`] : [])].join(', ')}`;
  if (options.strict && run.problems.length > 0) return `--strict: ${run.problems.length} problem${run.problems.length === 1 ? '' : 's'} (${byStage(run.problems)})`;
  return undefined;
}

/** `pre: 6, answers: 1`, in the order the run meets the stages. */
function byStage(problems: DryRunResult['problems']): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.stage, (counts.get(p.stage) ?? 0) + 1);
  return [...counts].map(([stage, n]) => `${stage}: ${n}`).join(', ');
}
