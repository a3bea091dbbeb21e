import { child, describeType, isObject, IssueCollector } from '../contracts/check.ts';
import type { DawidSkeneState } from './classification/dawid-skene.ts';
import type { BoxMergeState } from './geometry/box-merge.ts';
import type { PixelVoteState } from './segmentation/pixel-vote.ts';

/**
 * Readers for the worker-quality state carried between batches. The state is a JSON object in
 * S3 that anything may have written or truncated; a state of the wrong shape would otherwise
 * turn into NaN posteriors or a crash of the whole batch. Each reader returns the state or throws
 * one error that lists every problem with its path.
 */
export class StateError extends Error {
  constructor(algorithm: string, issues: IssueCollector) {
    const shown = issues.issues.slice(0, 5).map((i) => `${i.path}: ${i.problem}`);
    const more = issues.issues.length > 5 ? `; and ${issues.issues.length - 5} more` : '';
    super(`the carried ${algorithm} state does not fit: ${shown.join('; ')}${more}`);
    this.name = 'StateError';
  }
}

const count = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function header(value: unknown, algorithm: string, issues: IssueCollector): Record<string, unknown> | undefined {
  if (!isObject(value)) {
    issues.add('(root)', `expected an object, got ${describeType(value)}`);
    return undefined;
  }
  if (value.version !== 1) issues.add('version', `expected 1, got ${JSON.stringify(value.version)}`);
  if (value.algorithm !== algorithm) issues.add('algorithm', `expected "${algorithm}", got ${JSON.stringify(value.algorithm)}`);
  if (!isObject(value.workers)) issues.add('workers', `expected an object, got ${describeType(value.workers)}`);
  return value;
}

/** Checks a Dawid–Skene state: classes, class counts and a K×K count matrix per worker. */
export function readDawidSkeneState(value: unknown, algorithm: DawidSkeneState['algorithm']): DawidSkeneState {
  const issues = new IssueCollector();
  const state = header(value, algorithm, issues);
  if (state) {
    const classes = state.classes;
    if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) issues.add('classes', 'expected an array of strings');
    else if (new Set(classes).size !== classes.length) issues.add('classes', 'has a class twice');
    const K = Array.isArray(classes) ? classes.length : 0;
    const classCounts = state.classCounts;
    if (!Array.isArray(classCounts) || classCounts.length !== K || !classCounts.every(count)) issues.add('classCounts', `expected ${K} counts ≥ 0 (one per class)`);
    if (isObject(state.workers))
      for (const [worker, entry] of Object.entries(state.workers)) {
        const at = child('workers', worker);
        if (!isObject(entry)) issues.add(at, `expected an object, got ${describeType(entry)}`);
        else {
          if (!Array.isArray(entry.counts) || entry.counts.length !== K * K || !entry.counts.every(count)) issues.add(child(at, 'counts'), `expected ${K * K} counts ≥ 0 (${K} classes squared)`);
          if (!count(entry.answers)) issues.add(child(at, 'answers'), `expected a count ≥ 0, got ${JSON.stringify(entry.answers)}`);
        }
      }
  }
  if (!issues.ok) throw new StateError(algorithm, issues);
  return value as DawidSkeneState;
}

/** Checks a box-merge state: a quality in [0, 1] and a box count per worker. */
export const readBoxMergeState = (value: unknown): BoxMergeState => readQualityState(value, 'box-merge', 'boxes');

/** Checks a pixel-vote state: a quality in [0, 1] and an image count per worker. */
export const readPixelVoteState = (value: unknown): PixelVoteState => readQualityState(value, 'pixel-vote', 'images');

/** A state of per-worker qualities, each with the count of what it was measured on (`counted`). */
function readQualityState<S>(value: unknown, algorithm: string, counted: string): S {
  const issues = new IssueCollector();
  const state = header(value, algorithm, issues);
  if (state && isObject(state.workers))
    for (const [worker, entry] of Object.entries(state.workers)) {
      const at = child('workers', worker);
      if (!isObject(entry)) issues.add(at, `expected an object, got ${describeType(entry)}`);
      else {
        if (!count(entry.quality) || entry.quality > 1) issues.add(child(at, 'quality'), `expected a number in [0, 1], got ${JSON.stringify(entry.quality)}`);
        if (!count(entry[counted])) issues.add(child(at, counted), `expected a count ≥ 0, got ${JSON.stringify(entry[counted])}`);
      }
    }
  if (!issues.ok) throw new StateError(algorithm, issues);
  return value as S;
}
