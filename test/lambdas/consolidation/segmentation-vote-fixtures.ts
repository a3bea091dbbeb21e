import { createHash } from 'node:crypto';
import { encodePng, type MaskAnswer } from '../../../lambdas/consolidation/index.ts';
import { gaussian, seededRandom } from '../../../lambdas/task-types/define.ts';

// Seeded batches for pixel-vote's identity tests: careful workers who move, resize and miss
// shapes, some painting on opaque white with half-blended edges; spammers who paint random
// blobs; every worker answering several images, so that the quality rounds re-weight them.

export const voteLabels = ['road', 'car', 'person'];
const colours: ReadonlyArray<readonly [number, number, number]> = [[31, 119, 180], [255, 127, 14], [44, 160, 44]];
const mappings = Object.fromEntries(voteLabels.map((l, k) => [l, { color: `#${colours[k]!.map((c) => c.toString(16).padStart(2, '0')).join('')}` }]));

export type VoteRecord = { item: string; worker: string; answer: MaskAnswer };

interface Blob {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  label: number;
  round: boolean;
}

/** `images` images of `width` × `height`, each answered by `perImage` of 7 workers, the first `spammers` of whom paint at random. */
export function voteBatch(seed: number, images: number, width: number, height: number, perImage = 5, spammers = 2): VoteRecord[] {
  const random = seededRandom(seed);
  const blob = (label = 1 + Math.floor(random() * 3)): Blob => ({ cx: random() * width, cy: random() * height, rx: 0.6 + random() * width * 0.3, ry: 0.6 + random() * height * 0.3, label, round: random() < 0.5 });
  const records: VoteRecord[] = [];
  for (let i = 0; i < images; i++) {
    const truth = Array.from({ length: 2 + Math.floor(random() * 3) }, () => blob());
    const workers = [...Array(7).keys()].sort(() => random() - 0.5).slice(0, perImage);
    for (const w of workers) {
      const shapes = w < spammers ? [blob(), blob(), blob()] : truth.filter(() => random() > 0.1).map((s) => ({ ...s, cx: s.cx + gaussian(random) * 1.2, cy: s.cy + gaussian(random) * 1.2, label: random() < 0.08 ? 1 + ((s.label + 1) % 3) : s.label }));
      records.push({ item: `img${i}`, worker: `w${w}`, answer: { png: painted(shapes, width, height, w >= spammers && random() < 0.3), labelMappings: mappings, imageSize: { width, height } } });
    }
  }
  return records;
}

/** The shapes painted in order; on `white`, unpainted pixels are opaque white and a shape's rim is half-way to white. */
function painted(shapes: readonly Blob[], width: number, height: number, white: boolean): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  if (white) data.fill(255);
  for (const s of shapes)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const dx = (x + 0.5 - s.cx) / s.rx;
        const dy = (y + 0.5 - s.cy) / s.ry;
        const reach = s.round ? Math.hypot(dx, dy) : Math.max(Math.abs(dx), Math.abs(dy));
        const colour = colours[s.label - 1]!;
        if (reach < 1) data.set([...colour, 255], (y * width + x) * 4);
        else if (white && reach < 1.25) data.set([...colour.map((c) => Math.round((c + 255) / 2)), 255], (y * width + x) * 4);
      }
  return encodePng({ width, height, data });
}

/** sha256 of the text, first 16 hex digits. */
export const digest = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The vote's whole result as text: each image's mask PNG (digested), confidences, support and reason, each worker's quality. */
export function resultText(out: { items: ReadonlyArray<{ item: string; label: { png: Uint8Array; classConfidence: Record<string, number> } | null; confidence: number; support: number; reason?: string }>; workers: ReadonlyArray<{ worker: string; quality: number; answers: number }> }): string {
  const items = out.items.map((i) => [i.item, i.label ? digest(i.label.png) : null, i.confidence, i.label?.classConfidence ?? null, i.support, i.reason ?? null]);
  return JSON.stringify({ items, workers: out.workers.map((w) => [w.worker, w.quality, w.answers]) });
}

/**
 * The identity cases: sizes that are no multiple of any band height, radii past the image's
 * edges, one row, one column, a weight so small that the smoothing's running sums round.
 */
export const voteCases: Array<{ name: string; records: () => VoteRecord[]; options: Record<string, unknown> }> = [
  { name: 'spammers, defaults', records: () => voteBatch(11, 6, 37, 23), options: {} },
  { name: 'spammers, no weighting', records: () => voteBatch(11, 6, 37, 23), options: { qualityRounds: 0 } },
  { name: 'spammers, smoothing 0.75 r 2, 2 rounds', records: () => voteBatch(12, 5, 53, 41), options: { smoothing: 0.75, smoothingRadius: 2, qualityRounds: 2 } },
  { name: 'smoothing 0.5 r 7, tall odd image', records: () => voteBatch(13, 3, 29, 131, 4, 1), options: { smoothing: 0.5, smoothingRadius: 7 } },
  { name: 'smoothing 1 r 50 past every edge', records: () => voteBatch(14, 3, 9, 7), options: { smoothing: 1, smoothingRadius: 50 } },
  { name: 'one row', records: () => voteBatch(15, 4, 97, 1), options: {} },
  { name: 'one row, smoothing r 3', records: () => voteBatch(15, 4, 97, 1), options: { smoothing: 0.75, smoothingRadius: 3 } },
  { name: 'one column, smoothing r 3', records: () => voteBatch(16, 4, 1, 83), options: { smoothing: 0.75, smoothingRadius: 3 } },
  { name: 'one pixel, smoothing r 1', records: () => voteBatch(17, 3, 1, 1, 3, 1), options: { smoothing: 0.5, smoothingRadius: 1 } },
  { name: 'tiny and huge weights, smoothing r 4', records: () => voteBatch(18, 4, 61, 45), options: { smoothing: 0.75, smoothingRadius: 4, qualityRounds: 0, weights: { w0: 1e-10, w1: 3.3e7, w2: 0.1, w3: 1 / 3, w4: 2 ** -30 } } },
  { name: 'a damaged answer and one of another size left out, smoothing r 1', records: leftOut, options: { smoothing: 0.5, smoothingRadius: 1 } },
  { name: 'wide band-straddling image, smoothing r 2', records: () => voteBatch(19, 2, 301, 257, 5, 2), options: { smoothing: 0.75, smoothingRadius: 2 } },
];

/** Three images; image 0's second answer is cut off, image 2's third is of another size (and gives none). */
function leftOut(): VoteRecord[] {
  const records = voteBatch(20, 3, 31, 17);
  const other = voteBatch(21, 1, 17, 31)[0]!.answer;
  const cut = records[1]!.answer.png as Uint8Array;
  records[1] = { ...records[1]!, answer: { ...records[1]!.answer, png: cut.subarray(0, cut.length - 30) } };
  records[12] = { ...records[12]!, answer: { ...other, imageSize: undefined } } as VoteRecord;
  return records;
}
