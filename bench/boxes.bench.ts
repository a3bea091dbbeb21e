import { boxMerge, DEFAULT_JOIN_IOU, iou, type AnswerRecord, type BoxAnswer, type LabeledBox } from '../lambdas/consolidation/index.ts';
import { seededRandom, gaussian } from '../lambdas/task-types/define.ts';
import { fmt, medianSeconds, peakRssMb } from './measure.ts';
import { loadPedestrians, pedestrianRecords, scoreBoxes } from './pedestrians.ts';
import type { BenchResult } from './types.ts';

/** The plain baseline of the datasets README: greedy IoU clustering with the cluster mean, mean corners, quorum. */
function baseline(records: Array<AnswerRecord<BoxAnswer>>, minVotes: number): Map<string, LabeledBox[]> {
  const byItem = new Map<string, Array<AnswerRecord<BoxAnswer>>>();
  for (const r of records) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  const out = new Map<string, LabeledBox[]>();
  for (const [item, answers] of byItem) {
    const clusters: Array<{ workers: Set<string>; boxes: LabeledBox[]; mean: LabeledBox }> = [];
    for (const a of answers)
      for (const b of a.answer.boxes) {
        let best: (typeof clusters)[number] | undefined;
        let bestIou = 0.5;
        for (const c of clusters) {
          if (c.workers.has(a.worker)) continue;
          const v = iou(b, c.mean);
          if (v >= bestIou) [best, bestIou] = [c, v];
        }
        if (!best) clusters.push({ workers: new Set([a.worker]), boxes: [b], mean: { ...b } });
        else {
          best.workers.add(a.worker);
          best.boxes.push(b);
          const n = best.boxes.length;
          const left = best.boxes.reduce((s, x) => s + x.left, 0) / n;
          const top = best.boxes.reduce((s, x) => s + x.top, 0) / n;
          best.mean = { label: b.label, left, top, width: best.boxes.reduce((s, x) => s + x.left + x.width, 0) / n - left, height: best.boxes.reduce((s, x) => s + x.top + x.height, 0) / n - top };
        }
      }
    out.set(item, clusters.filter((c) => c.workers.size >= minVotes).map((c) => c.mean));
  }
  return out;
}

/** Seeded synthetic images: several classes, jitter, misses, spurious boxes and a share of spammers. */
function synthetic(images: number, workers: number, spamShare: number, seed: number, boxesPerImage = 4) {
  const random = seededRandom(seed);
  const labels = ['car', 'person', 'bike'];
  const size = { width: 1280, height: 720 };
  const truth = new Map<string, LabeledBox[]>();
  const records: Array<AnswerRecord<BoxAnswer>> = [];
  const spammers = Math.round(workers * spamShare);
  for (let i = 0; i < images; i++) {
    const boxes: LabeledBox[] = Array.from({ length: 1 + Math.floor(random() * boxesPerImage) }, () => {
      const width = 40 + random() * 200;
      const height = 40 + random() * 200;
      return { label: labels[Math.floor(random() * 3)] as string, left: random() * (size.width - width), top: random() * (size.height - height), width, height };
    });
    truth.set(`img${i}`, boxes);
    for (let w = 0; w < workers; w++) {
      const spam = w >= workers - spammers;
      const drawn: LabeledBox[] = [];
      if (spam) for (let k = 0; k < 3; k++) drawn.push({ label: labels[Math.floor(random() * 3)] as string, left: random() * 1100, top: random() * 600, width: 30 + random() * 150, height: 30 + random() * 150 });
      else {
        for (const b of boxes) {
          if (random() < 0.1) continue; // missed
          drawn.push({
            label: random() < 0.9 ? b.label : (labels[Math.floor(random() * 3)] as string),
            left: b.left + gaussian(random) * 0.06 * b.width,
            top: b.top + gaussian(random) * 0.04 * b.height,
            width: b.width * (1 + gaussian(random) * 0.08),
            height: b.height * (1 + gaussian(random) * 0.06),
          });
        }
        if (random() < 0.1) drawn.push({ label: labels[0] as string, left: random() * 1100, top: random() * 600, width: 50, height: 50 });
      }
      records.push({ item: `img${i}`, worker: `w${w}`, answer: { boxes: drawn, imageSize: size } });
    }
  }
  return { truth, records, images: [...truth.keys()] };
}

/** Throughput data: `images` × 5 workers × 10 boxes, precise workers. */
function throughputData(images: number) {
  const random = seededRandom(99);
  const records: Array<AnswerRecord<BoxAnswer>> = [];
  for (let i = 0; i < images; i++) {
    const truth = Array.from({ length: 10 }, (_, k) => ({ label: 'obj', left: (k % 5) * 250 + random() * 20, top: Math.floor(k / 5) * 350 + random() * 20, width: 150, height: 200 }));
    for (let w = 0; w < 5; w++) records.push({ item: `i${i}`, worker: `w${w}`, answer: { boxes: truth.map((b) => ({ ...b, left: b.left + gaussian(random) * 4, top: b.top + gaussian(random) * 4 })), imageSize: { width: 1280, height: 720 } } });
  }
  return records;
}

export async function run(): Promise<BenchResult> {
  const data = loadPedestrians();
  const metrics: Record<string, number> = {};
  const targets: NonNullable<BenchResult['targets']> = [];
  const pedRows: Array<Array<string | number>> = [];
  for (const k of [3, 5, 7]) {
    const records = pedestrianRecords(data, k);
    const quorum = Math.ceil(k / 2 + 0.01);
    const b = scoreBoxes(baseline(records, quorum), data.expert, data.images);
    const started = performance.now();
    const merged = boxMerge.consolidate(records);
    const ms = performance.now() - started;
    const s = scoreBoxes(new Map(merged.items.map((i) => [i.item, i.label ?? []])), data.expert, data.images);
    pedRows.push([k, `baseline (quorum ${quorum})`, fmt(b.precision), fmt(b.recall), fmt(b.f1), fmt(b.matchedIou), fmt(b.lossPerImage), '']);
    pedRows.push([k, 'box-merge', fmt(s.precision), fmt(s.recall), fmt(s.f1), fmt(s.matchedIou), fmt(s.lossPerImage), fmt(ms, 0)]);
    Object.assign(metrics, { [`pedestrians_${k}w_f1`]: s.f1, [`pedestrians_${k}w_loss`]: s.lossPerImage, [`pedestrians_${k}w_iou`]: s.matchedIou, [`pedestrians_${k}w_baseline_f1`]: b.f1 });
    if (k === 7) {
      targets.push({ what: 'pedestrians, 7 workers: F1', target: '≥ 0.93', measured: fmt(s.f1), met: s.f1 >= 0.93 });
      targets.push({ what: 'pedestrians, 7 workers: loss per image', target: '≤ 0.030', measured: fmt(s.lossPerImage), met: s.lossPerImage <= 0.03 });
      targets.push({ what: 'pedestrians, 7 workers: matched IoU', target: '≥ 0.83', measured: fmt(s.matchedIou), met: s.matchedIou >= 0.83 });
    }
    if (k === 3) targets.push({ what: 'pedestrians, 3 workers: F1', target: '≥ 0.915', measured: fmt(s.f1), met: s.f1 >= 0.915 });
  }
  // How the default join threshold was judged: F1 across thresholds, on all images and on each half.
  const halves = [data.images.filter((_, i) => i % 2 === 0), data.images.filter((_, i) => i % 2 === 1)];
  const joinRows: Array<Array<string | number>> = [];
  for (const k of [3, 5, 7]) {
    const records = pedestrianRecords(data, k);
    for (const threshold of [0.2, 0.3, 0.4, 0.5]) {
      const merged = new Map(boxMerge.consolidate(records, { iouThreshold: threshold }).items.map((i) => [i.item, i.label ?? []]));
      const [all, even, odd] = [data.images, ...halves].map((images) => scoreBoxes(merged, data.expert, images ?? []).f1);
      joinRows.push([k, threshold === DEFAULT_JOIN_IOU ? `${threshold} (default)` : threshold, fmt(all ?? 0), fmt(even ?? 0), fmt(odd ?? 0)]);
    }
  }
  const sweepRows: Array<Array<string | number>> = [];
  for (const spam of [0, 0.2, 0.4]) {
    const syn = synthetic(400, 5, spam, 7);
    const s = scoreBoxes(new Map(boxMerge.consolidate(syn.records).items.map((i) => [i.item, i.label ?? []])), syn.truth, syn.images);
    const b = scoreBoxes(baseline(syn.records, 3), syn.truth, syn.images);
    sweepRows.push([`${spam * 100}%`, fmt(b.f1), fmt(s.f1), fmt(s.matchedIou), fmt(s.lossPerImage)]);
    metrics[`synthetic_spam${spam * 100}_f1`] = s.f1;
  }
  const throughputRows: Array<Array<string | number>> = [];
  const times: number[] = [];
  for (const images of [2_500, 5_000, 10_000]) {
    const records = throughputData(images);
    const seconds = await medianSeconds(() => boxMerge.consolidate(records, { qualityRounds: 2 }), 3, 1);
    const { peakMb } = await peakRssMb(() => boxMerge.consolidate(records));
    times.push(seconds);
    throughputRows.push([images, images * 50, fmt(seconds, 3), fmt((seconds / images) * 1e6, 1), fmt(peakMb, 0)]);
    metrics[`throughput_${images}_images_seconds`] = seconds;
  }
  const t10k = times[2] ?? Number.NaN;
  const linear = (times[2] ?? 0) / (times[0] ?? 1);
  targets.push({ what: '10,000 images × 5 workers × 10 boxes', target: '≤ 1 s', measured: `${fmt(t10k, 3)} s`, met: t10k <= 1 });
  targets.push({ what: 'cost linear in images (time 10k / time 2.5k)', target: '≈ 4', measured: fmt(linear, 2), met: linear < 5 });
  return {
    name: 'boxes',
    tables: [
      { title: 'Pedestrian boxes (938 expert-labelled images): one-to-one IoU ≥ 0.5; loss counts boxes wider than 30 px', columns: ['workers', 'method', 'precision', 'recall', 'F1', 'matched IoU', 'loss/image', 'ms'], rows: pedRows },
      { title: 'Pedestrian boxes: F1 by the IoU a box needs to join a cluster (even- and odd-indexed images apart)', columns: ['workers', 'join IoU', 'F1', 'F1 even images', 'F1 odd images'], rows: joinRows },
      { title: 'Synthetic multi-class boxes (400 images × 5 workers; jitter, 10 % misses, spurious boxes), by share of spammers', columns: ['spammers', 'baseline F1', 'box-merge F1', 'matched IoU', 'loss/image'], rows: sweepRows },
      { title: 'Throughput: images × 5 workers × 10 boxes (median of 3 after a warm-up)', columns: ['images', 'boxes', 'seconds', 'µs/image', 'peak RSS MB'], rows: throughputRows },
    ],
    metrics,
    targets,
  };
}
