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
 * One progress line: `run 3.1 s · PRE 1,200/50,000 lines · 0 answers · ACS 0/? batches · calling the PRE`,
 * ending `· writing worker responses 2,000/50,000` in a step with a count of its own. The elapsed
 * time comes first, so a narrow terminal that cuts the line keeps it.
 */
export function progressText(p: RunProgress, elapsedMs: number): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const batches = p.batches > 0 ? n(p.batches) : '?';
  const step = p.stepTotal > 0 ? `${stepWords[p.step]} ${n(p.stepDone)}/${n(p.stepTotal)}` : stepWords[p.step];
  return `run ${(elapsedMs / 1000).toFixed(1)} s · PRE ${n(p.linesThroughPre)}/${n(p.lines)} lines · ${n(p.answers)} answers · ACS ${n(p.batchesDone)}/${batches} batches · ${step}`;
}
