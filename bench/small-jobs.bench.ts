import { getAlgorithm } from '../lambdas/consolidation/registry.ts';
import type { AnswerRecord } from '../lambdas/consolidation/types.ts';
import { seededRandom } from '../lambdas/task-types/define.ts';
import { simulatedWorkers } from '../scaffold/run/simulate.ts';
import type { BenchResult, BenchTable } from './types.ts';

/**
 * How the classification algorithms do on small jobs, where Dawid–Skene has few answers to learn
 * worker matrices from: seeded two-class verification jobs (80 % of the earlier labels correct,
 * every worker answers every object, accuracies spread from 0.95 down to 0.7 as `gtkit run
 * --simulate` spreads them). For each size: the share labelled right and the mean confidence,
 * over all objects and over those the workers split on. A simulation with fixed worker
 * accuracies; real crowds differ. It backs the README's advice on small jobs.
 */
export const labels = ['correct', 'wrong'];
const variants: Array<{ title: string; algorithm: string; options: Record<string, unknown> }> = [
  { title: 'majority-vote', algorithm: 'majority-vote', options: {} },
  { title: 'dawid-skene (defaults)', algorithm: 'dawid-skene', options: {} },
  { title: 'dawid-skene, smoothing 1, diagonalPrior 2', algorithm: 'dawid-skene', options: { smoothing: 1, diagonalPrior: 2 } },
];
const sizes = [5, 20, 50, 200, 1000];
/** Jobs per size: enough for the small ones to settle; the large ones settle with fewer. */
export const jobsOf = (objects: number) => (objects >= 200 ? 30 : 300);

interface Tally {
  right: number;
  confidence: number;
  n: number;
  splitRight: number;
  splitConfidence: number;
  split: number;
}

/** One seeded job: every worker answers every object (shared with bench/calibration.bench.ts). */
export function simulateJob(objects: number, accuracies: number[], seed: number): { records: AnswerRecord<string>[]; truth: string[]; split: boolean[] } {
  const random = seededRandom(seed);
  const records: AnswerRecord<string>[] = [];
  const truth: string[] = [];
  const split: boolean[] = [];
  for (let o = 0; o < objects; o++) {
    const t = random() < 0.8 ? 'correct' : 'wrong';
    truth.push(t);
    let saidCorrect = 0;
    accuracies.forEach((accuracy, w) => {
      // simulatedLabel's rule with one draw: it draws again to pick the wrong label, which with two
      // labels is always the other one, and that draw would shift the seeded jobs the README quotes.
      const answer = random() < accuracy ? t : t === 'correct' ? 'wrong' : 'correct';
      if (answer === 'correct') saidCorrect++;
      records.push({ item: String(o), worker: `w${w}`, answer });
    });
    split.push(saidCorrect !== 0 && saidCorrect !== accuracies.length);
  }
  return { records, truth, split };
}

/** The accuracies `gtkit run --simulate` gives its honest workers (simulatedWorkers reads no seed). */
export const simulatedAccuracies = (workers: number) => simulatedWorkers({ workers, seed: 0 }).map((w) => w.accuracy);

/** The seed of job `job` of a size, so that another bench can replay the same jobs. */
export const jobSeed = (job: number, objects: number, workers: number) => 1000 * job + objects * 7 + workers;

function tallyJobs(workers: number, objects: number): Tally[] {
  const accuracies = simulatedAccuracies(workers);
  const tallies = variants.map((): Tally => ({ right: 0, confidence: 0, n: 0, splitRight: 0, splitConfidence: 0, split: 0 }));
  for (let job = 0; job < jobsOf(objects); job++) {
    const { records, truth, split } = simulateJob(objects, accuracies, jobSeed(job, objects, workers));
    variants.forEach(({ algorithm, options }, v) => {
      const tally = tallies[v] as Tally;
      for (const item of getAlgorithm(algorithm).consolidate(records as never, { labels, ...options } as never).items) {
        const o = Number(item.item);
        const right = item.label === truth[o] ? 1 : 0;
        tally.right += right;
        tally.confidence += item.confidence;
        tally.n++;
        if (split[o]) {
          tally.splitRight += right;
          tally.splitConfidence += item.confidence;
          tally.split++;
        }
      }
    });
  }
  return tallies;
}

export async function run(): Promise<BenchResult> {
  const tables: BenchTable[] = [];
  const metrics: Record<string, number> = {};
  for (const workers of [3, 5]) {
    const rows: Array<Array<string | number>> = [];
    for (const objects of sizes) {
      const tallies = tallyJobs(workers, objects);
      variants.forEach(({ title }, v) => {
        const t = tallies[v] as Tally;
        const share = (a: number, n: number) => (n > 0 ? (a / n).toFixed(3) : '-');
        rows.push([objects, title, share(t.right, t.n), share(t.confidence, t.n), share(t.splitRight, t.split), share(t.splitConfidence, t.split)]);
        metrics[`${workers}w_${objects}_${v}_accuracy`] = t.right / t.n;
      });
    }
    tables.push({
      title: `two-class verification jobs, ${workers} workers per object (${sizes.map((s) => `${s}: ${jobsOf(s)} jobs`).join(', ')})`,
      columns: ['objects', 'algorithm', 'right', 'mean confidence', 'right on split objects', 'confidence on split objects'],
      rows,
    });
  }
  return { name: 'small-jobs', tables, metrics };
}
