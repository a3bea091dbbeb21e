/** Ground Truth's built-in output formats, so results load in anything that reads built-in jobs' output. */
export { classificationOutput, multiLabelOutput } from './classification.ts';
export { objectDetectionOutput, type DetectedBox } from './object-detection.ts';
export { textSpanOutput } from './text-span.ts';
export { semanticSegmentationOutput, BACKGROUND_CLASS_NAME } from './semantic-segmentation.ts';
export { builtInConfidence } from './metadata.ts';
