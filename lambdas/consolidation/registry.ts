import { dawidSkene, dawidSkenePooled, oneCoinDawidSkene } from './classification/dawid-skene.ts';
import { majorityVote } from './classification/majority-vote.ts';
import { wawa, type WawaOptions } from './classification/wawa.ts';
import { weightedVote } from './classification/weighted-vote.ts';
import { boxMerge } from './geometry/box-merge.ts';
import { keypointMerge } from './geometry/keypoints.ts';
import { polygonBestAgreement, polylineBestAgreement } from './geometry/polygons.ts';
import { multiLabelVote } from './multi-label.ts';
import { numberMedian } from './numbers.ts';
import { spanVote } from './spans.ts';
import { textMedoid } from './text.ts';
import { pixelVote } from './segmentation/pixel-vote.ts';
import type { Algorithm, ClassOptions } from './types.ts';
import type { DawidSkeneOptions } from './classification/dawid-skene.ts';
import type { WeightedVoteOptions } from './classification/weighted-vote.ts';
import type { BoxMergeOptions } from './geometry/box-merge.ts';
import type { KeypointOptions } from './geometry/keypoints.ts';
import type { MultiLabelOptions } from './multi-label.ts';
import type { SpanOptions } from './spans.ts';
import type { PixelVoteOptions } from './segmentation/pixel-vote.ts';
import { getOwn } from '../contracts/own-property.ts';

/**
 * Each registered algorithm's name and the options it takes, for types that follow the chosen
 * name (a task config's `consolidation`, where an editor then completes the options). A test
 * keeps it equal to the registry.
 */
export interface AlgorithmOptionsByName {
  'majority-vote': ClassOptions;
  'weighted-vote': WeightedVoteOptions;
  wawa: WawaOptions;
  'dawid-skene': DawidSkeneOptions;
  'dawid-skene-pooled': DawidSkeneOptions;
  'one-coin-dawid-skene': DawidSkeneOptions;
  'multi-label-vote': MultiLabelOptions;
  'box-merge': BoxMergeOptions;
  'keypoint-merge': KeypointOptions;
  'span-vote': SpanOptions;
  'polygon-best-agreement': NoOptions;
  'polyline-best-agreement': NoOptions;
  'text-medoid': NoOptions;
  median: NoOptions;
  'pixel-vote': PixelVoteOptions;
}

export type AlgorithmName = keyof AlgorithmOptionsByName;

/** The options of an algorithm that takes none: no keys at all (a string-keyed record would admit any name). */
export type NoOptions = Record<never, never>;

// The registry is deliberately loose in its answer type: each entry's `kind` says what it takes.
export type AnyAlgorithm = Algorithm<never, unknown, never, unknown>;

/**
 * Every algorithm under its name, typed: `getAlgorithm('dawid-skene')` is `dawidSkene` with its own
 * answer, label and options types, so code that picks algorithms by name type-checks without casts.
 */
const byName = {
  'majority-vote': majorityVote,
  'weighted-vote': weightedVote,
  wawa,
  'dawid-skene': dawidSkene,
  'dawid-skene-pooled': dawidSkenePooled,
  'one-coin-dawid-skene': oneCoinDawidSkene,
  'multi-label-vote': multiLabelVote,
  'box-merge': boxMerge,
  'keypoint-merge': keypointMerge,
  'span-vote': spanVote,
  'polygon-best-agreement': polygonBestAgreement,
  'polyline-best-agreement': polylineBestAgreement,
  'text-medoid': textMedoid,
  median: numberMedian,
  'pixel-vote': pixelVote,
} satisfies Record<AlgorithmName, unknown>;

/** Each registered algorithm's own type, by name. */
export type AlgorithmByName = typeof byName;

/** Every algorithm by its stable kebab-case name (used by the CLI and the task config). */
export const algorithms: Record<string, AnyAlgorithm> = Object.fromEntries(Object.values(byName).map((a) => [a.name, a as unknown as AnyAlgorithm]));

/**
 * The algorithm of that name: typed as itself for a literal name (`getAlgorithm('wawa')`), as the
 * union of the registered ones for an `AlgorithmName`, loosely for any other string (checked here).
 */
export function getAlgorithm<N extends AlgorithmName>(name: N): AlgorithmByName[N];
export function getAlgorithm(name: string): AnyAlgorithm;
export function getAlgorithm(name: string): AnyAlgorithm {
  const found = getOwn(algorithms, name);
  if (!found) throw new Error(`unknown consolidation algorithm "${name}"; use one of ${Object.keys(algorithms).join(', ')}`);
  return found;
}
