import { encodePng as encodeImage } from '../../../lambdas/consolidation/segmentation/png.ts';

// The stand-in's masks go through gtkit's one PNG codec (the one the segmentation consolidation
// decodes them with), so what the preview submits is what the ACS is tested to read.
export { toBase64 } from '../../../lambdas/consolidation/segmentation/png.ts';

/** Encodes 8-bit RGBA pixels (row-major, 4 bytes each) as an RGBA PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return encodeImage({ width, height, data: rgba });
}
