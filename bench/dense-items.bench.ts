import { boxMerge, keypointMerge, spanVote, textMedoid } from '../lambdas/consolidation/index.ts';
import { seededRandom } from '../lambdas/task-types/define.ts';
import { fmt, medianSeconds } from './measure.ts';
import type { BenchResult } from './types.ts';

// One item with many objects: a dense crowd scene, a long document. The throughput bench in
// boxes.bench.ts grows the number of images; this one grows what a single image holds. From 64
// objects an item is clustered through a grid (lambdas/consolidation/geometry/grid-index.ts), so
// the cost grows about linearly with the objects as long as they stay apart.
const workers = ['a', 'b', 'c', 'd', 'e'];

function denseRecords(objects: number, seed: number) {
  const random = seededRandom(seed);
  const truth = Array.from({ length: objects }, () => ({ left: random() * 4000, top: random() * 4000, width: 20 + random() * 40, height: 20 + random() * 40, label: 'person' }));
  const imageSize = { width: 4100, height: 4100 };
  return {
    boxes: workers.map((worker) => ({ item: 'scene', worker, answer: { boxes: truth.map((b) => ({ ...b, left: b.left + (random() - 0.5) * 4 })), imageSize } })),
    keypoints: workers.map((worker) => ({ item: 'scene', worker, answer: { keypoints: truth.map((b) => ({ label: 'head', x: b.left + (random() - 0.5) * 4, y: b.top })), imageSize } })),
    spans: workers.map((worker) => ({ item: 'document', worker, answer: { entities: truth.map((_, i) => ({ label: 'person', startOffset: i * 10, endOffset: i * 10 + 5 })) } })),
  };
}

export async function run(): Promise<BenchResult> {
  const metrics: Record<string, number> = {};
  const scalingRows: Array<Array<string | number>> = [];
  for (const objects of [500, 2000, 5000]) {
    const data = denseRecords(objects, objects);
    const box = await medianSeconds(() => boxMerge.consolidate(data.boxes), 1, 1);
    // A dense scene needs a matching radius below the spacing of its objects: 0.5 % of the
    // diagonal is 29 px here, the size of the objects (the default 5 % would merge neighbours).
    const keypoint = await medianSeconds(() => keypointMerge.consolidate(data.keypoints, { radius: 0.005 }), 1, 1);
    const span = await medianSeconds(() => spanVote.consolidate(data.spans), 1, 1);
    scalingRows.push([objects, fmt(box, 3), fmt(keypoint, 3), fmt(span, 3)]);
    metrics[`box_merge_${objects}_objects_seconds`] = box;
    metrics[`keypoint_merge_${objects}_objects_seconds`] = keypoint;
    metrics[`span_vote_${objects}_objects_seconds`] = span;
  }

  // Free text: five workers' 10,000-character answers to one item (ten pairs of edit distances).
  const random = seededRandom(8);
  const long = () => Array.from({ length: 10_000 }, () => 'abcdefghij '[Math.floor(random() * 11)]).join('');
  const texts = workers.map((worker) => ({ item: 'essay', worker, answer: long() }));
  const text = await medianSeconds(() => textMedoid.consolidate(texts), 5, 1);
  metrics.text_medoid_5x10k_chars_seconds = text;

  return {
    name: 'dense-items',
    tables: [
      { title: 'One item, 5 workers, N objects each: seconds (one run after a warm-up)', columns: ['objects per worker', 'box-merge', 'keypoint-merge', 'span-vote'], rows: scalingRows },
      { title: 'text-medoid, one item, 5 workers × 10,000-character answers (median of 5 after a warm-up)', columns: ['seconds'], rows: [[fmt(text, 3)]] },
    ],
    metrics,
  };
}
