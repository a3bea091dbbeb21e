import { parseHexColor } from './masks.ts';
import { decodeIndexedPng, encodeIndexedPng } from './png.ts';
import type { ConsolidatedMask } from './pixel-vote.ts';

/**
 * pixel-vote's label: an image's consolidated mask, encoded as the indexed PNG that Ground Truth's
 * built-in output writes as soon as the image is voted, so that a batch holds one small PNG per
 * image rather than a byte per pixel for every image until the batch is written.
 */
export class EncodedMask implements ConsolidatedMask {
  constructor(
    readonly width: number,
    readonly height: number,
    /** The indexed PNG: each pixel's palette index is its class (0 background), the palette is `colors`. */
    readonly png: Uint8Array,
    readonly labels: string[],
    readonly colors: string[],
    readonly classConfidence: Record<string, number>,
  ) {}

  /** The class map (0 background, k = labels[k - 1]), decoded from {@link png} at each read: read it once, not per pixel. */
  get classes(): Uint8Array {
    return decodeIndexedPng(this.png).indices;
  }
}

/** Encodes one image's class map over `labels`, palette `colors` (`#rrggbb`, [0] the background), as {@link EncodedMask}. */
export type MaskEncoder = (classes: Uint8Array, width: number, height: number, classConfidence: Record<string, number>) => EncodedMask;

/** The encoder of a batch's masks: every image shares the labels, the colours and so the palette. */
export function maskEncoder(labels: string[], colors: string[]): MaskEncoder {
  const palette = colors.map((colour, k) => {
    const rgb = parseHexColor(colour);
    if (rgb === undefined) throw new TypeError(`colors[${k}]: expected a colour "#rrggbb", got ${JSON.stringify(colour)}`);
    return [rgb >> 16, (rgb >> 8) & 255, rgb & 255] as const;
  });
  return (classes, width, height, classConfidence) => new EncodedMask(width, height, encodeIndexedPng(classes, width, height, palette), labels, colors, classConfidence);
}
