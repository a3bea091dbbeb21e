import type { ProgressLine } from '../run/progress-reporter.ts';

/** Where `gtkit consolidate` is: reading the worker responses, then consolidating them batch by batch, then writing the output. */
export interface ConsolidateProgress {
  step: 'read' | 'consolidate' | 'write';
  objects: number;
  objectsDone: number;
}

const stepWords: Record<ConsolidateProgress['step'], string> = {
  read: 'reading worker responses',
  consolidate: 'consolidating',
  write: 'writing the output manifest',
};

/**
 * `consolidate 3.1 s · consolidating 12,000/50,000 objects`; the elapsed time first, as the run's
 * line has it, so a narrow terminal that cuts the line keeps it.
 */
export const consolidateProgressLine: ProgressLine<ConsolidateProgress> = {
  text(p, elapsedMs) {
    const n = (value: number) => value.toLocaleString('en-US');
    const count = p.step === 'consolidate' ? ` ${n(p.objectsDone)}/${n(p.objects)} objects` : '';
    return `consolidate ${(elapsedMs / 1000).toFixed(1)} s · ${stepWords[p.step]}${count}`;
  },
  step: (p) => p.step,
};
