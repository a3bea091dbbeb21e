import { parseHexColor } from './masks.ts';
import { decodeIndexedPng, IndexedPngWriter } from './png.ts';
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

/** One image's class map being written, a row at a time, as the PNG of an {@link EncodedMask}. */
export interface MaskWriter {
  /** Row `y`'s classes (`width` bytes): write them in place. A function of its own (no `this`), so it can be handed on as it is. */
  readonly row: (y: number) => Uint8Array;
  /** The mask, its PNG deflated once every row is written. */
  finish(classConfidence: Record<string, number>): EncodedMask;
}

/** Starts the {@link MaskWriter} of one image's class map over `labels`, palette `colors` (`#rrggbb`, [0] the background). */
export type MaskEncoder = (width: number, height: number) => MaskWriter;

/** The encoder of a batch's masks: every image shares the labels, the colours and so the palette. */
export function maskEncoder(labels: string[], colors: string[]): MaskEncoder {
  const palette = colors.map((colour, k) => {
    const rgb = parseHexColor(colour);
    if (rgb === undefined) throw new TypeError(`colors[${k}]: expected a colour "#rrggbb", got ${JSON.stringify(colour)}`);
    return [rgb >> 16, (rgb >> 8) & 255, rgb & 255] as const;
  });
  return (width, height) => {
    // The rows are written into the PNG's scanlines: no class map beside them.
    const png = new IndexedPngWriter(width, height, palette);
    return { row: (y) => png.row(y), finish: (classConfidence) => new EncodedMask(width, height, png.finish(), labels, colors, classConfidence) };
  };
}
