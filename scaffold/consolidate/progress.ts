import type { ProgressLine } from '../run/progress-reporter.ts';

/** Where `gtkit consolidate` is: reading the worker responses, then consolidating them batch by batch, then writing the output. */
export interface ConsolidateProgress {
  step: 'read' | 'consolidate' | 'write';
  objects: number;
  objectsDone: number;
  /** While reading: the worker-response files read so far, of `files` (absent while the files are still being listed). */
  filesRead?: number;
  files?: number;
}

const stepWords: Record<ConsolidateProgress['step'], string> = {
  read: 'reading worker responses',
  consolidate: 'consolidating',
  write: 'writing the output manifest',
};

/**
 * `consolidate 3.1 s · consolidating 12,000/50,000 objects` (or `reading worker responses
 * 20,000/50,000 files`); the elapsed time first, as the run's line has it, so a narrow terminal
 * that cuts the line keeps it.
 */
export const consolidateProgressLine: ProgressLine<ConsolidateProgress> = {
  text(p, elapsedMs) {
    const n = (value: number) => value.toLocaleString('en-US');
    const reading = p.step === 'read' && p.files !== undefined ? ` ${n(p.filesRead ?? 0)}/${n(p.files)} files` : '';
    const count = p.step === 'consolidate' ? ` ${n(p.objectsDone)}/${n(p.objects)} objects` : reading;
    return `consolidate ${(elapsedMs / 1000).toFixed(1)} s · ${stepWords[p.step]}${count}`;
  },
  step: (p) => p.step,
};
