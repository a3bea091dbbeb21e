import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iou, type LabeledBox } from '../lambdas/consolidation/geometry/box.ts';
import type { AnswerRecord } from '../lambdas/consolidation/types.ts';
import type { BoxAnswer } from '../lambdas/consolidation/geometry/box-merge.ts';
import { datasetsRoot } from './datasets.ts';

interface RawBox {
  x: number;
  y: number;
  scaleX: number;
  scaleY: number;
}
interface RawFile {
  images: Record<string, { width: number; height: number }>;
  annotations: Array<{ worker: string | number; answer: { images: Record<string, Array<[string, RawBox] | null>> } }>;
}

/** Centre/size to corners, clipped to the image (the dataset authors' conversion). */
function toBox(b: RawBox, size: { width: number; height: number }): LabeledBox {
  const x1 = Math.max(0, b.x - b.scaleX / 2);
  const y1 = Math.max(0, b.y - b.scaleY / 2);
  const x2 = Math.min(size.width, b.x + b.scaleX / 2);
  const y2 = Math.min(size.height, b.y + b.scaleY / 2);
  return { label: 'pedestrian', left: x1, top: y1, width: x2 - x1, height: y2 - y1 };
}

function answersOf(file: RawFile) {
  const out = new Map<string, Array<{ worker: string; boxes: LabeledBox[] }>>();
  for (const a of file.annotations) {
    for (const [image, list] of Object.entries(a.answer.images)) {
      const size = file.images[image] ?? { width: 1280, height: 720 };
      const boxes = (list ?? []).filter((e): e is [string, RawBox] => Array.isArray(e) && e[1] !== null && typeof e[1] === 'object').map((e) => toBox(e[1], size));
      const entry = out.get(image) ?? [];
      entry.push({ worker: String(a.worker), boxes });
      out.set(image, entry);
    }
  }
  return out;
}

export interface PedestrianData {
  images: string[];
  crowd: Map<string, Array<{ worker: string; boxes: LabeledBox[] }>>;
  expert: Map<string, LabeledBox[]>;
  sizes: Record<string, { width: number; height: number }>;
}

export function loadPedestrians(): PedestrianData {
  const dir = join(datasetsRoot, 'lean-crowdsourcing-pedestrians-bbox');
  const crowdFile = JSON.parse(readFileSync(join(dir, '179_wh.json'), 'utf8')) as RawFile;
  const expertFile = JSON.parse(readFileSync(join(dir, '177(3)_wh.json'), 'utf8')) as RawFile;
  const crowd = answersOf(crowdFile);
  const expert = new Map<string, LabeledBox[]>();
  for (const [image, list] of answersOf(expertFile)) expert.set(image, list[0]?.boxes ?? []);
  const images = [...expert.keys()].filter((i) => crowd.has(i)).sort();
  return { images, crowd, expert, sizes: crowdFile.images };
}

/** Records for the first `k` workers of every expert-labelled image. */
export function pedestrianRecords(data: PedestrianData, k: number): Array<AnswerRecord<BoxAnswer>> {
  return data.images.flatMap((image) => (data.crowd.get(image) ?? []).slice(0, k).map((a) => ({ item: image, worker: a.worker, answer: { boxes: a.boxes, imageSize: data.sizes[image] ?? { width: 1280, height: 720 } } })));
}

export interface BoxScore {
  precision: number;
  recall: number;
  f1: number;
  matchedIou: number;
  lossPerImage: number;
}

/** One-to-one greedy matching at IoU ≥ 0.5; loss counts unmatched boxes wider than 30 px (the authors' rule). */
export function scoreBoxes(predicted: Map<string, LabeledBox[]>, reference: Map<string, LabeledBox[]>, images: string[]): BoxScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let iouSum = 0;
  let loss = 0;
  for (const image of images) {
    const pred = predicted.get(image) ?? [];
    const ref = reference.get(image) ?? [];
    const pairs: Array<{ p: number; r: number; v: number }> = [];
    pred.forEach((pb, p) => ref.forEach((rb, r) => {
      const v = iou(pb, rb);
      if (v >= 0.5) pairs.push({ p, r, v });
    }));
    pairs.sort((a, b) => b.v - a.v);
    const usedP = new Set<number>();
    const usedR = new Set<number>();
    for (const pair of pairs) {
      if (usedP.has(pair.p) || usedR.has(pair.r)) continue;
      usedP.add(pair.p);
      usedR.add(pair.r);
      tp++;
      iouSum += pair.v;
    }
    fp += pred.length - usedP.size;
    fn += ref.length - usedR.size;
    loss += pred.filter((b, i) => !usedP.has(i) && b.width > 30).length + ref.filter((b, i) => !usedR.has(i) && b.width > 30).length;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), matchedIou: tp > 0 ? iouSum / tp : 0, lossPerImage: loss / images.length };
}
