import type { RunProgress, RunStep } from './progress.ts';

/** What the line says the run is doing. */
const stepWords: Record<RunStep, string> = {
  pre: 'calling the PRE',
  lint: 'linting the template',
  render: 'rendering tasks',
  answers: 'collecting answers',
  responses: 'writing worker responses',
  acs: 'calling the ACS',
  output: 'writing the output manifest',
};

/**
 * One progress line: `run 3.1 s · calling the PRE · PRE 1,200/50,000 lines · 0 answers · ACS 0/? batches`,
 * the step with its own count where it has one (`writing worker responses 2,000/50,000`). The
 * elapsed time and the step come first, so a narrow terminal that cuts the line keeps them.
 * Once the answers are in, `?` becomes the number of batches, or `no ACS batches (nothing
 * answered)` when there is nothing to consolidate.
 */
export function progressText(p: RunProgress, elapsedMs: number): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const acs = p.batches === 0 ? 'no ACS batches (nothing answered)' : `ACS ${n(p.batchesDone)}/${p.batches === undefined ? '?' : n(p.batches)} batches`;
  const step = p.stepTotal > 0 ? `${stepWords[p.step]} ${n(p.stepDone)}/${n(p.stepTotal)}` : stepWords[p.step];
  return `run ${(elapsedMs / 1000).toFixed(1)} s · ${step} · PRE ${n(p.linesThroughPre)}/${n(p.lines)} lines · ${n(p.answers)} answers · ${acs}`;
}
