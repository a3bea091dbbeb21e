import type { Algorithm, ItemResult, WorkerQuality } from '../types.ts';
import { iou, sanitizeBox, weightedMedian, type ImageSize, type LabeledBox } from './box.ts';

export interface BoxAnswer {
  boxes: LabeledBox[];
  imageSize?: ImageSize;
}

export interface MergedBox extends LabeledBox {
  /** Support × agreement, in [0, 1]. */
  confidence: number;
  /** Workers who drew this object. */
  workers: number;
}

export interface BoxMergeOptions {
  /** Minimum IoU to join a cluster (default 0.5). */
  iouThreshold?: number;
  /** Share of the item's (weighted) workers a cluster needs to be kept (default 0.5; ties kept). */
  quorum?: number;
  /** Label order for class votes (ties to the first). Default: labels seen, sorted. */
  labels?: readonly string[];
  /** Rounds of re-weighting workers by their estimated quality (default 2; 0 = equal weights). */
  qualityRounds?: number;
  /** Per-worker weights to start from (e.g. the state of earlier batches). */
  weights?: Record<string, number>;
}

export interface BoxMergeState {
  version: 1;
  algorithm: 'box-merge';
  /** Per worker: quality in [0, 1] and the boxes it was measured on. */
  workers: Record<string, { quality: number; boxes: number }>;
}

interface Candidate {
  worker: number;
  box: LabeledBox;
}

/**
 * Bounding-box consolidation. Boxes are matched across workers by IoU into clusters holding at
 * most one box per worker (a worker who boxes an object twice leaves the extra box alone); a
 * cluster is kept when its workers' weight reaches the quorum; its box is the weighted median of
 * each edge (robust to one careless worker); its label is the weighted vote of its members (ties
 * to the first label); its confidence is the kept share of weight times the members' mean IoU
 * with the merged box. Worker weights start equal (or from `weights`/the prior state) and are
 * re-estimated `qualityRounds` times from each worker's F1 against the consensus times their mean
 * IoU, so spammers lose their say. Input is sanitised: NaN dropped, negative sizes flipped,
 * boxes clipped to the image, empty boxes dropped.
 */
export const boxMerge: Algorithm<BoxAnswer, MergedBox[], BoxMergeOptions, BoxMergeState> = {
  name: 'box-merge',
  kind: 'box',
  description: 'IoU clustering (one box per worker per cluster), quorum, weighted-median merge, quality-weighted votes',
  consolidate(records, options = {}) {
    const workerIds = [...new Set(records.map((r) => r.worker))].sort();
    const workerIndex = new Map(workerIds.map((w, i) => [w, i]));
    const byItem = new Map<string, Array<{ worker: number; boxes: LabeledBox[]; dropped: number }>>();
    for (const r of records) {
      const boxes: LabeledBox[] = [];
      let dropped = 0;
      for (const b of r.answer?.boxes ?? []) {
        const clean = sanitizeBox(b, r.answer.imageSize);
        if (typeof clean === 'string') dropped++;
        else boxes.push(clean);
      }
      const list = byItem.get(r.item) ?? [];
      list.push({ worker: workerIndex.get(r.worker) as number, boxes, dropped });
      byItem.set(r.item, list);
    }
    const initial = options.weights ?? Object.fromEntries(Object.entries(options.prior?.workers ?? {}).map(([w, q]) => [w, q.quality]));
    let weights = Float64Array.from(workerIds.map((w) => initial[w] ?? 1));
    const rounds = options.qualityRounds ?? 2;
    let result = mergeAll(byItem, weights, options);
    for (let round = 0; round < rounds; round++) {
      const quality = estimateQuality(byItem, result.assignments, workerIds.length);
      weights = Float64Array.from(quality.map((q, w) => Math.max(0.05, blendPrior(q, workerIds[w] as string, options.prior))));
      result = mergeAll(byItem, weights, options);
    }

    const quality = estimateQuality(byItem, result.assignments, workerIds.length);
    const counts = new Array<number>(workerIds.length).fill(0);
    for (const list of byItem.values()) for (const a of list) counts[a.worker] = (counts[a.worker] ?? 0) + a.boxes.length;
    const workers: WorkerQuality[] = workerIds.map((worker, w) => ({ worker, quality: quality[w] ?? 0, answers: counts[w] ?? 0 }));
    const state: BoxMergeState = { version: 1, algorithm: 'box-merge', workers: {} };
    for (const w of workers) {
      const before = options.prior?.workers[w.worker];
      const n = w.answers + (before?.boxes ?? 0);
      state.workers[w.worker] = { quality: n > 0 ? (w.quality * w.answers + (before?.quality ?? 0) * (before?.boxes ?? 0)) / n : w.quality, boxes: n };
    }
    return { items: result.items, workers, state };
  },
};

/** Quality from earlier batches counts in proportion to the boxes it was measured on. */
function blendPrior(q: number, worker: string, prior: BoxMergeState | undefined): number {
  const p = prior?.workers[worker];
  return p ? (q + p.quality * Math.min(1, p.boxes / 50)) / (1 + Math.min(1, p.boxes / 50)) : q;
}

type Assignment = Map<string, Array<{ members: Candidate[]; kept: boolean; merged: LabeledBox }>>;

function mergeAll(byItem: Map<string, Array<{ worker: number; boxes: LabeledBox[]; dropped: number }>>, weights: Float64Array, options: BoxMergeOptions) {
  const items: Array<ItemResult<MergedBox[]>> = [];
  const assignments: Assignment = new Map();
  const threshold = options.iouThreshold ?? 0.5;
  const quorum = options.quorum ?? 0.5;
  for (const [item, answers] of byItem) {
    const totalWeight = answers.reduce((s, a) => s + (weights[a.worker] ?? 0), 0);
    const candidates: Candidate[] = [];
    // Heavier workers seed clusters first; order is otherwise fixed, so results are deterministic.
    const ordered = [...answers].sort((a, b) => (weights[b.worker] ?? 0) - (weights[a.worker] ?? 0) || a.worker - b.worker);
    for (const a of ordered) for (const box of a.boxes) candidates.push({ worker: a.worker, box });
    const clusters = cluster(candidates, weights, threshold);
    const out: MergedBox[] = [];
    const kept: Array<{ members: Candidate[]; kept: boolean; merged: LabeledBox }> = [];
    for (const c of clusters) {
      const weight = c.members.reduce((s, m) => s + (weights[m.worker] ?? 0), 0);
      const share = totalWeight > 0 ? weight / totalWeight : 0;
      const merged = { ...c.center, label: voteLabel(c.members, weights, options.labels) };
      const isKept = share >= quorum - 1e-9;
      kept.push({ members: c.members, kept: isKept, merged });
      if (!isKept) continue;
      const meanIou = c.members.reduce((s, m) => s + iou(m.box, merged), 0) / c.members.length;
      out.push({ ...merged, confidence: Math.min(1, share) * meanIou, workers: c.members.length });
    }
    out.sort((a, b) => a.left - b.left || a.top - b.top || a.width - b.width);
    assignments.set(item, kept);
    const dropped = answers.reduce((s, a) => s + a.dropped, 0);
    const confidence = out.length > 0 ? out.reduce((s, b) => s + b.confidence, 0) / out.length : agreementOnEmpty(answers);
    items.push({ item, label: out, confidence, support: answers.length, ...(dropped > 0 ? { reason: `${dropped} unusable box(es) dropped (NaN, no area, or outside the image)` } : {}) });
  }
  return { items, assignments };
}

/** For an image with no boxes kept: the share of workers who drew nothing. */
function agreementOnEmpty(answers: Array<{ boxes: LabeledBox[] }>): number {
  return answers.length > 0 ? answers.filter((a) => a.boxes.length === 0).length / answers.length : 0;
}

/**
 * Greedy clustering: each box joins the cluster whose current centre it overlaps most (IoU at
 * least the threshold) among clusters without a box from the same worker; else it starts one.
 * Two refinement passes re-assign every box against the robust centres, best pairs first.
 */
function cluster(candidates: Candidate[], weights: Float64Array, threshold: number) {
  let clusters: Array<{ members: Candidate[]; center: LabeledBox }> = [];
  for (const c of candidates) {
    let best = -1;
    let bestIou = threshold;
    for (let k = 0; k < clusters.length; k++) {
      const cl = clusters[k] as { members: Candidate[]; center: LabeledBox };
      if (cl.members.some((m) => m.worker === c.worker)) continue;
      const v = iou(c.box, cl.center);
      if (v >= bestIou) [best, bestIou] = [k, v];
    }
    if (best < 0) clusters.push({ members: [c], center: { ...c.box } });
    else {
      const cl = clusters[best] as { members: Candidate[]; center: LabeledBox };
      cl.members.push(c);
      cl.center = center(cl.members, weights);
    }
  }
  for (let pass = 0; pass < 2 && clusters.length > 1; pass++) {
    const centers = clusters.map((c) => c.center);
    const next = centers.map((c) => ({ members: [] as Candidate[], center: c }));
    // Best pairs first, one box per worker per cluster.
    const pairs: Array<{ c: number; k: number; v: number }> = [];
    candidates.forEach((cand, ci) => centers.forEach((ctr, k) => {
      const v = iou(cand.box, ctr);
      if (v >= threshold) pairs.push({ c: ci, k, v });
    }));
    pairs.sort((a, b) => b.v - a.v || a.c - b.c || a.k - b.k);
    const placed = new Set<number>();
    const taken = new Set<string>();
    for (const p of pairs) {
      const cand = candidates[p.c] as Candidate;
      const key = `${p.k}:${cand.worker}`;
      if (placed.has(p.c) || taken.has(key)) continue;
      placed.add(p.c);
      taken.add(key);
      (next[p.k] as { members: Candidate[] }).members.push(cand);
    }
    candidates.forEach((cand, ci) => {
      if (!placed.has(ci)) next.push({ members: [cand], center: { ...cand.box } });
    });
    clusters = next.filter((c) => c.members.length > 0).map((c) => ({ members: c.members, center: center(c.members, weights) }));
  }
  return clusters;
}

/** The weighted median of each edge. */
function center(members: Candidate[], weights: Float64Array): LabeledBox {
  const w = members.map((m) => Math.max(1e-6, weights[m.worker] ?? 0));
  if (members.length <= 2) return weightedMeanBox(members, w);
  const left = weightedMedian(members.map((m) => m.box.left), w);
  const top = weightedMedian(members.map((m) => m.box.top), w);
  const right = weightedMedian(members.map((m) => m.box.left + m.box.width), w);
  const bottom = weightedMedian(members.map((m) => m.box.top + m.box.height), w);
  return { label: members[0]?.box.label ?? '', left, top, width: Math.max(1e-6, right - left), height: Math.max(1e-6, bottom - top) };
}

/** Two boxes have no median: their weighted mean is the better estimate. */
function weightedMeanBox(members: Candidate[], w: number[]): LabeledBox {
  const total = w.reduce((a, b) => a + b, 0);
  const mean = (f: (b: LabeledBox) => number) => members.reduce((s, m, i) => s + f(m.box) * (w[i] ?? 0), 0) / total;
  const left = mean((b) => b.left);
  const top = mean((b) => b.top);
  return { label: members[0]?.box.label ?? '', left, top, width: Math.max(1e-6, mean((b) => b.left + b.width) - left), height: Math.max(1e-6, mean((b) => b.top + b.height) - top) };
}

function voteLabel(members: Candidate[], weights: Float64Array, order?: readonly string[]): string {
  const mass = new Map<string, number>();
  for (const m of members) mass.set(m.box.label, (mass.get(m.box.label) ?? 0) + (weights[m.worker] ?? 0));
  const rank = (l: string) => (order ? order.indexOf(l) : -1);
  return [...mass].sort((a, b) => b[1] - a[1] || (rank(a[0]) === rank(b[0]) ? a[0].localeCompare(b[0]) : (rank(a[0]) < 0 ? 1 : rank(b[0]) < 0 ? -1 : rank(a[0]) - rank(b[0]))))[0]?.[0] ?? '';
}

/** Per worker: F1 of their boxes against the kept clusters, times their mean IoU with the merged boxes. */
function estimateQuality(byItem: Map<string, Array<{ worker: number; boxes: LabeledBox[] }>>, assignments: Assignment, workers: number): number[] {
  const inKept = new Float64Array(workers);
  const drawn = new Float64Array(workers);
  const keptSeen = new Float64Array(workers);
  const iouSum = new Float64Array(workers);
  for (const [item, answers] of byItem) {
    const clusters = assignments.get(item) ?? [];
    const keptCount = clusters.filter((c) => c.kept).length;
    for (const a of answers) {
      drawn[a.worker] = (drawn[a.worker] ?? 0) + a.boxes.length;
      keptSeen[a.worker] = (keptSeen[a.worker] ?? 0) + keptCount;
    }
    for (const c of clusters) {
      if (!c.kept) continue;
      for (const m of c.members) {
        inKept[m.worker] = (inKept[m.worker] ?? 0) + 1;
        iouSum[m.worker] = (iouSum[m.worker] ?? 0) + iou(m.box, c.merged);
      }
    }
  }
  return Array.from({ length: workers }, (_, w) => {
    const hits = inKept[w] ?? 0;
    const precision = (drawn[w] ?? 0) > 0 ? hits / (drawn[w] ?? 1) : (keptSeen[w] ?? 0) === 0 ? 1 : 0;
    const recall = (keptSeen[w] ?? 0) > 0 ? hits / (keptSeen[w] ?? 1) : (drawn[w] ?? 0) === 0 ? 1 : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const meanIou = hits > 0 ? (iouSum[w] ?? 0) / hits : 0.5;
    return f1 * meanIou;
  });
}

