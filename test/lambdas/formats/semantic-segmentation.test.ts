import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, type ConsolidatedMask } from '../../../lambdas/consolidation/index.ts';
import { semanticSegmentationOutput } from '../../../lambdas/formats/index.ts';

const mask: ConsolidatedMask = {
  width: 3,
  height: 2,
  classes: Uint8Array.of(0, 1, 1, 2, 0, 1),
  labels: ['cat', 'dog'],
  colors: ['#ffffff', '#D62728', '#2ca02c'],
  classConfidence: { '0': 0.9, '1': 0.8, '2': 1 },
};

/** The raw samples of an 8-bit, unfiltered, non-interlaced PNG, read without gtkit's decoder. */
function rawSamples(png: Uint8Array, width: number): number[] {
  const buffer = Buffer.from(png);
  const idat = buffer.indexOf('IDAT');
  const length = buffer.readUInt32BE(idat - 4);
  const raw = inflateSync(buffer.subarray(idat + 4, idat + 4 + length));
  return [...raw].filter((_, i) => i % (width + 1) !== 0);
}

describe('semanticSegmentationOutput', () => {
  it('writes an indexed PNG whose samples are the class indices and whose palette is the class colours', () => {
    const { png } = semanticSegmentationOutput(mask, 0.876);
    expect(rawSamples(png, 3)).toEqual([0, 1, 1, 2, 0, 1]);
    const colours = decodePng(png).data;
    expect(Array.from(colours.subarray(0, 12))).toEqual([255, 255, 255, 255, 214, 39, 40, 255, 214, 39, 40, 255]);
    expect(Array.from(colours.subarray(12, 16))).toEqual([44, 160, 44, 255]);
  });

  it("gives the built-in metadata: every class in internal-color-map with the image's rounded confidence, and the type", () => {
    expect(semanticSegmentationOutput(mask, 0.876)).toMatchObject({
      confidence: 0.88,
      metadata: {
        'internal-color-map': {
          '0': { 'class-name': 'BACKGROUND', confidence: 0.88, 'hex-color': '#ffffff' },
          '1': { 'class-name': 'cat', confidence: 0.88, 'hex-color': '#d62728' },
          '2': { 'class-name': 'dog', confidence: 0.88, 'hex-color': '#2ca02c' },
        },
        type: 'groundtruth/semantic-segmentation',
      },
    });
  });

  it('reports confidence 0 for one worker per object, as Ground Truth does', () => {
    const out = semanticSegmentationOutput(mask, 1, 1);
    expect(out.confidence).toBe(0);
    expect(out.metadata['internal-color-map']['1']?.confidence).toBe(0);
  });

  it("writes pixel-vote's own PNG as it is, without decoding its class map to encode it again", () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    const encoded = {
      width: 2,
      height: 1,
      labels: ['road'],
      colors: ['#000000', '#ff0000'],
      png,
      get classes(): Uint8Array {
        throw new Error('the class map was read');
      },
    } as unknown as ConsolidatedMask;
    expect(semanticSegmentationOutput(encoded, 0.9, 3).png).toBe(png);
  });

  it('names a colour it cannot write', () => {
    expect(() => semanticSegmentationOutput({ ...mask, colors: ['#ffffff', 'red', '#000000'] }, 1)).toThrow(/mask\.colors\[1\]: expected a colour "#rrggbb" for "cat", got "red"/);
    expect(() => semanticSegmentationOutput({ ...mask, colors: ['#ffffff', '#000000'] }, 1)).toThrow(/mask\.colors\[2\]: .* for "dog", got undefined/);
  });
});
