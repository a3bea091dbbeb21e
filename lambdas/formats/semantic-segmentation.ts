import { encodeIndexedPng } from '../consolidation/segmentation/png.ts';
import { parseHexColor } from '../consolidation/segmentation/masks.ts';
import type { ConsolidatedMask } from '../consolidation/segmentation/pixel-vote.ts';
import { builtInConfidence } from './metadata.ts';

/** What Ground Truth's own semantic-segmentation output calls the background class (reference §5). */
export const BACKGROUND_CLASS_NAME = 'BACKGROUND';

/**
 * Built-in semantic-segmentation output (reference §5), all but the label itself: the mask as an
 * indexed PNG (each pixel's palette index is its class, 0 background; the palette holds the
 * classes' colours, so the file reads as the class map and looks like the workers' masks), and the
 * metadata: `internal-color-map` with every class of the task (index → `class-name`, `hex-color`
 * and the image's confidence, the same for every class as in built-in jobs, rounded and 0 for one
 * worker) and the type. The label is the S3 URI where the caller writes `png`. `confidence` is
 * the same rounded value, for callers that want it without reading the colour map.
 *
 * @example
 * const { png, metadata } = semanticSegmentationOutput(result.label, result.confidence, 3);
 * // write png to s3://…/masks/<object>.png, then, with attr = event.labelAttributeName (no -ref suffix for a custom job):
 * // { [attr]: thatUri, [`${attr}-metadata`]: { ...metadata, … } }
 */
export function semanticSegmentationOutput(mask: ConsolidatedMask, confidence: number, workersPerObject?: number) {
  const rounded = builtInConfidence(confidence, workersPerObject);
  const classes = mask.labels.length + 1;
  const palette = Array.from({ length: classes }, (_, k) => {
    const rgb = parseHexColor(mask.colors[k]);
    if (rgb === undefined) throw new TypeError(`mask.colors[${k}]: expected a colour "#rrggbb" for ${k === 0 ? 'the background' : JSON.stringify(mask.labels[k - 1])}, got ${JSON.stringify(mask.colors[k])}`);
    return [rgb >> 16, (rgb >> 8) & 255, rgb & 255] as const;
  });
  const colorMap: Record<string, { 'class-name': string; confidence: number; 'hex-color': string }> = {};
  for (let k = 0; k < classes; k++) {
    colorMap[String(k)] = { 'class-name': k === 0 ? BACKGROUND_CLASS_NAME : (mask.labels[k - 1] as string), confidence: rounded, 'hex-color': (mask.colors[k] as string).toLowerCase() };
  }
  return {
    // pixel-vote's EncodedMask is this PNG already (the same palette, from the same colours): not encoded twice.
    png: 'png' in mask && mask.png instanceof Uint8Array ? mask.png : encodeIndexedPng(mask.classes, mask.width, mask.height, palette),
    confidence: rounded,
    metadata: { 'internal-color-map': colorMap, type: 'groundtruth/semantic-segmentation' as const },
  };
}
