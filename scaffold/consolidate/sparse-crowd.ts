import type { AlgorithmName } from '../../lambdas/consolidation/registry.ts';
import type { CapturedAnswer } from '../run/answers-file.ts';
import { warning, type ConsolidateWarning } from './report.ts';

/** A worker who answered this many objects or fewer gives Dawid–Skene too few answers to fit a confusion matrix to. */
export const fewAnswers = 3;

/**
 * The share of the answers from such workers at which `dawid-skene` is warned against. The
 * simulated sparse crowds of `npm run bench -- calibration`, where it labels 0.7953 right against
 * majority vote's 0.8577, are at 0.6117–0.6367; that bench prints the share of each set it runs.
 */
export const sparseShare = 0.25;

/** How much of a job's crowd answered only a few objects. */
export interface CrowdSparsity {
  /** The objects with answers, and those with two answers or more (where workers can disagree). */
  objects: number;
  sharedObjects: number;
  answers: number;
  workers: number;
  /** Workers who answered {@link fewAnswers} objects or fewer, and the answers they gave. */
  sparseWorkers: number;
  sparseAnswers: number;
}

/**
 * Counts each worker's answers over all the job's answers: those are its objects, since
 * readWorkerResponses keeps one answer per (object, worker), the latest iteration's.
 */
export function crowdSparsity(answers: ReadonlyMap<string, ReadonlyArray<Pick<CapturedAnswer, 'workerId'>>>): CrowdSparsity {
  const answersOf = new Map<string, number>();
  let objects = 0;
  let sharedObjects = 0;
  let answered = 0;
  for (const list of answers.values()) {
    if (list.length > 0) objects++;
    if (list.length > 1) sharedObjects++;
    answered += list.length;
    for (const a of list) answersOf.set(a.workerId, (answersOf.get(a.workerId) ?? 0) + 1);
  }
  let sparseWorkers = 0;
  let sparseAnswers = 0;
  for (const count of answersOf.values()) {
    if (count > fewAnswers) continue;
    sparseWorkers++;
    sparseAnswers += count;
  }
  return { objects, sharedObjects, answers: answered, workers: answersOf.size, sparseWorkers, sparseAnswers };
}

/** Where the run's algorithm came from: `--algorithm`, `--type`'s default, or the task config (`--task`). */
export type AlgorithmFrom = { flag: 'algorithm' } | { flag: 'type'; type: string } | { flag: 'task'; dir: string; type: string };

/**
 * A warning when plain `dawid-skene` consolidates a crowd where workers who answered at most
 * {@link fewAnswers} objects gave at least {@link sparseShare} of the answers: EM fits each such
 * worker's matrix to the few answers they gave, so two of them who agree against one frequent
 * worker count for almost nothing, and a vote labels better. Counted over the whole job's answers,
 * not one batch's (every early batch of any job looks sparse). Undefined for any other algorithm
 * or crowd, and for a job of {@link fewAnswers} objects or fewer (every worker of it answered
 * that few, so the count says nothing of the crowd) or with no object answered twice (there
 * Dawid–Skene's labels are the answers, as a vote's are).
 */
export function sparseCrowdWarning(algorithm: AlgorithmName, from: AlgorithmFrom, answers: ReadonlyMap<string, readonly CapturedAnswer[]>): ConsolidateWarning | undefined {
  if (algorithm !== 'dawid-skene') return undefined;
  const crowd = crowdSparsity(answers);
  if (crowd.objects <= fewAnswers || crowd.sharedObjects === 0 || crowd.sparseAnswers / crowd.answers < sparseShare) return undefined;
  const percent = Math.round((100 * crowd.sparseAnswers) / crowd.answers);
  const what = `${percent} % of the ${crowd.answers} answers come from the ${crowd.sparseWorkers} of ${crowd.workers} workers who answered ${fewAnswers} objects or fewer; Dawid–Skene cannot fit a confusion matrix to so few answers, and on such a crowd it labels less well than a vote (on simulated sparse crowds 0.795 of the objects right, against 0.858 for majority-vote and dawid-skene-pooled)`;
  const rerun = 're-run with --algorithm dawid-skene-pooled or --algorithm majority-vote';
  switch (from.flag) {
    case 'algorithm':
      return warning('acs', '--algorithm dawid-skene', `${what}; ${rerun}`);
    case 'type':
      return warning('acs', `--type ${from.type}`, `its default algorithm is dawid-skene: ${what}; ${rerun}`);
    case 'task':
      return warning('acs', `--task ${from.dir}`, `the task config's consolidation.algorithm is dawid-skene: ${what}; set consolidation.algorithm to "dawid-skene-pooled" or "majority-vote" in the task config (the job's ACS uses it too), or compare here with --type ${from.type} --algorithm dawid-skene-pooled`);
  }
}
