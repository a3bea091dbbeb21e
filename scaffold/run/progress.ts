/** The step a dry run is on, in the order it takes them. */
export type RunStep = 'pre' | 'lint' | 'render' | 'answers' | 'responses' | 'acs' | 'output';

/**
 * Where a dry run is, as it reports it while it goes (`DryRunOptions.onProgress`). The counts
 * only grow (`stepDone` starts again with each step); `batches` is undefined until the answers
 * are in and the number of ACS batches is known (0 when nothing was answered).
 */
export interface RunProgress {
  step: RunStep;
  /** Readable manifest lines. */
  lines: number;
  /** Lines the PRE has been called on. */
  linesThroughPre: number;
  /** Answers simulated or read from the answers file so far. */
  answers: number;
  batches?: number;
  batchesDone: number;
  /** Items of a long step without a count above (task inputs linted, tasks rendered, worker-response files written); 0 of 0 for the others. */
  stepDone: number;
  stepTotal: number;
}

/** Keeps a run's progress and tells the listener of each change, as a fresh object it may keep. */
export interface ProgressTracker {
  /** Moves to a step; `total` when the step counts items of its own. */
  step(step: RunStep, total?: number): void;
  /** Adds to the counts (`{ answers: 3 }`), one item of the step's own count by default. */
  add(counts?: Partial<Pick<RunProgress, 'linesThroughPre' | 'answers' | 'batchesDone' | 'stepDone'>>): void;
  /** Sets the number of ACS batches once it is known. */
  setBatches(batches: number): void;
}

export function progressTracker(lines: number, listener: ((progress: RunProgress) => void) | undefined): ProgressTracker {
  const current: RunProgress = { step: 'pre', lines, linesThroughPre: 0, answers: 0, batchesDone: 0, stepDone: 0, stepTotal: 0 };
  const tell = () => listener?.({ ...current });
  return {
    step(step, total = 0) {
      Object.assign(current, { step, stepDone: 0, stepTotal: total });
      tell();
    },
    add(counts = { stepDone: 1 }) {
      current.linesThroughPre += counts.linesThroughPre ?? 0;
      current.answers += counts.answers ?? 0;
      current.batchesDone += counts.batchesDone ?? 0;
      current.stepDone += counts.stepDone ?? 0;
      tell();
    },
    setBatches(batches) {
      current.batches = batches;
    },
  };
}
