import type { AlgorithmName } from './registry.ts';
import type { AnswerKind } from './types.ts';

/**
 * The answer kind each registered algorithm takes, by name, without importing any algorithm: the
 * config check names the kind of a misplaced algorithm ("box-merge" consolidates box answers) from
 * this table, so that an ACS carries only its own kind's algorithms. A test keeps it equal to the
 * registry.
 */
export const algorithmKinds: { readonly [N in AlgorithmName]: AnswerKind } = {
  'majority-vote': 'class',
  'weighted-vote': 'class',
  wawa: 'class',
  'dawid-skene': 'class',
  'dawid-skene-pooled': 'class',
  'one-coin-dawid-skene': 'class',
  'multi-label-vote': 'multi-label',
  'box-merge': 'box',
  'keypoint-merge': 'keypoint',
  'span-vote': 'span',
  'polygon-best-agreement': 'polygon',
  'polyline-best-agreement': 'polyline',
  'text-medoid': 'text',
  median: 'number',
  'pixel-vote': 'mask',
};
