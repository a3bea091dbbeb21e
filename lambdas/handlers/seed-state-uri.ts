import { describeValue } from '../contracts/check.ts';

/** What a seed state is, as messages show it. */
export const seedStateShape = "the s3:// URI of an earlier job's carried-state folder, s3://<bucket>/<output path>/<job name>/annotations/gtkit-state/";

/**
 * The one rule for a seed state's URI (acsHandler's and taskConsolidation's `seedState`, the
 * task config's `consolidation.seedState`): the `gtkit-state/` folder under an earlier job's
 * annotations, where its ACS kept the worker-quality state. Undefined when `value` is one.
 */
export function seedStateProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && /^s3:\/\/[^/\s]+\/(?:[^\s]*\/)?gtkit-state\/?$/.test(value)) return undefined;
  return `expected ${seedStateShape}, got ${describeValue(value)}`;
}
