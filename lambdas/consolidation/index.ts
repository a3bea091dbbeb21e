/** gtkit's consolidation library: `import { dawidSkene, boxMerge, … } from 'gtkit/consolidation'`. */
export * from './types.ts';
export { majorityVote } from './classification/majority-vote.ts';
export { weightedVote, type WeightedVoteOptions } from './classification/weighted-vote.ts';
export { wawa, type WawaOptions } from './classification/wawa.ts';
export { dawidSkene, dawidSkenePooled, oneCoinDawidSkene, type DawidSkeneOptions, type DawidSkeneState } from './classification/dawid-skene.ts';
export { multiLabelVote, type MultiLabelOptions } from './multi-label.ts';
export { boxMerge, DEFAULT_JOIN_IOU, type BoxAnswer, type BoxMergeOptions, type BoxMergeState, type MergedBox } from './geometry/box-merge.ts';
export { iou, sanitizeBox, type LabeledBox, type ImageSize } from './geometry/box.ts';
export { keypointMerge, type KeypointAnswer, type KeypointOptions, type MergedKeypoint } from './geometry/keypoints.ts';
export { polygonBestAgreement, polylineBestAgreement, type ShapeAnswer, type Shape } from './geometry/polygons.ts';
export { spanVote, type SpanAnswer, type SpanOptions, type MergedSpan } from './spans.ts';
export { textMedoid, textSimilarity } from './text.ts';
export { numberMedian } from './numbers.ts';
export * from './segmentation/index.ts';
export { algorithms, getAlgorithm } from './registry.ts';
export { scoreAgainstGold, type GoldScore, type ClassScore } from './scoring.ts';
