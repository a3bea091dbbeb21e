import { maskFromAnswer, type LabelMask } from '../consolidation/segmentation/masks.ts';
import { PngError, readPngHeader } from '../consolidation/segmentation/png.ts';
import type { SemanticSegmentationAnswer } from './segmentation.ts';

/**
 * What the semantic-segmentation task type reads from a mask beside the consolidation: its size
 * from the PNG header (to check an answer without decoding it) and how alike two workers'
 * masks are (the dry run's agreement table).
 */

/** The width and height a PNG's header gives (signature and IHDR only; nothing is inflated), or an error at `path`. */
export function pngSizeOf(bytes: Uint8Array, path: string): { width: number; height: number } {
  try {
    const { width, height } = readPngHeader(bytes);
    return { width, height };
  } catch (error) {
    // The decoder's messages start with "PNG:".
    if (error instanceof PngError) throw new Error(`${path}: ${error.message}`);
    throw error;
  }
}

/** Each answer's class map, decoded once however many workers it is compared with (null: it does not decode). */
const decoded = new WeakMap<SemanticSegmentationAnswer, { mask: LabelMask; labels: string[] } | null>();

function classMapOf(answer: SemanticSegmentationAnswer): { mask: LabelMask; labels: string[] } | null {
  const known = decoded.get(answer);
  if (known !== undefined) return known;
  const labels = Object.keys(answer.labelMappings).sort();
  let found: { mask: LabelMask; labels: string[] } | null;
  try {
    found = { mask: maskFromAnswer({ png: answer.labeledImage.pngImageData, labelMappings: answer.labelMappings, imageSize: answer.inputImageProperties }, labels), labels };
  } catch {
    found = null;
  }
  decoded.set(answer, found);
  return found;
}

/**
 * How alike two masks are, in [0, 1]: the pixels both gave the same label over the pixels either
 * gave any label, summed over the labels (an intersection over union pooled across labels, so a
 * small stray region costs what its pixels cost, not a whole label's share; background left out,
 * or two nearly empty masks would agree by their background alone). Two masks that paint nothing
 * agree fully; masks of different sizes, or one that does not decode, not at all.
 */
export function segmentationSimilarity(a: SemanticSegmentationAnswer, b: SemanticSegmentationAnswer): number {
  const ma = classMapOf(a);
  const mb = classMapOf(b);
  if (!ma || !mb || ma.mask.width !== mb.mask.width || ma.mask.height !== mb.mask.height) return 0;
  // Each mask's class indices into one list of label names (0 stays background).
  const union = [...new Set([...ma.labels, ...mb.labels])].sort();
  const toUnion = (labels: string[]) => Uint16Array.from([0, ...labels.map((l) => union.indexOf(l) + 1)]);
  const ta = toUnion(ma.labels);
  const tb = toUnion(mb.labels);
  const k = union.length + 1;
  const inA = new Float64Array(k);
  const inB = new Float64Array(k);
  const both = new Float64Array(k);
  const ca = ma.mask.classes;
  const cb = mb.mask.classes;
  for (let i = 0; i < ca.length; i++) {
    const x = ta[ca[i] as number] as number;
    const y = tb[cb[i] as number] as number;
    inA[x] = (inA[x] as number) + 1;
    inB[y] = (inB[y] as number) + 1;
    if (x === y) both[x] = (both[x] as number) + 1;
  }
  let intersections = 0;
  let unions = 0;
  for (let c = 1; c < k; c++) {
    intersections += both[c] as number;
    unions += (inA[c] as number) + (inB[c] as number) - (both[c] as number);
  }
  return unions === 0 ? 1 : intersections / unions;
}
