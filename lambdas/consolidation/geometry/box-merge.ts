import { commonOptions } from '../options.ts';
import type { ItemResult, SpecsFor, WorkerQuality } from '../types.ts';
import { sanitizeCorners, type ImageSize, type LabeledBox } from './box.ts';
import { getOwn, sortedRecord } from '../../contracts/own-property.ts';
import { blendQualityPrior, mergeQualityStates } from '../quality-state.ts';
import { readBoxMergeState } from '../state-check.ts';
import { frameOf, GRID_FROM, GridIndex, type GridFrame } from './grid-index.ts';
import { checked } from '../checked.ts';
import { compareIds } from '../order.ts';
import { groupByItem } from '../group-by-item.ts';

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

/**
 * Minimum IoU for a box to join a cluster. Workers' boxes of one object disagree more than the
 * 0.5 used to score a box against the truth: their errors are heavy-tailed and, measured in
 * pixels, about the same on a 20-px pedestrian as on a 200-px one, so at 0.5 small objects break
 * into several minority clusters that the quorum then drops. At 0.3 they stay together, and
 * neighbouring objects are still kept apart by the one-box-per-worker rule and best-IoU-first
 * assignment. On the pedestrian set, F1 rises from 0.5 to 0.3 and is flat from 0.3 to 0.2, on
 * either half of the images (bench/boxes.bench.ts prints the sweep).
 */
export const DEFAULT_JOIN_IOU = 0.3;

export interface BoxMergeOptions {
  /** Minimum IoU to join a cluster (default {@link DEFAULT_JOIN_IOU}, 0.3). */
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

const boxMergeOptionSpecs = {
  labels: commonOptions.labels,
  iouThreshold: { kind: 'number', min: 0, max: 1, default: DEFAULT_JOIN_IOU, what: 'the least IoU for a box to join a cluster' },
  quorum: commonOptions.quorum,
  qualityRounds: { kind: 'number', min: 0, max: 100, integer: true, default: 2, what: 'rounds of re-weighting workers by quality' },
  weights: commonOptions.weights,
} as const satisfies SpecsFor<BoxMergeOptions>;

/**
 * Bounding-box consolidation. Boxes are matched across workers by IoU into clusters holding at
 * most one box per worker (a worker who boxes an object twice leaves the extra box alone); a
 * cluster is kept when its workers' weight reaches the quorum; its box is the weighted median of
 * each edge (robust to one careless worker; the weighted mean for two boxes); its label is the
 * weighted vote of its members (ties to the first label); its confidence is the kept share of
 * weight times the members' mean IoU with the merged box. Worker weights start equal (or from
 * `weights`/the prior state) and are re-estimated up to `qualityRounds` times from each worker's
 * F1 against the consensus times their mean IoU, so spammers lose their say; once a round moves
 * no weight by 0.001 or more, that round's clusters are the result. Input is sanitised: NaN dropped, negative sizes
 * flipped, boxes clipped to the image, empty boxes dropped.
 *
 * The work is done per image on flat typed arrays (edges, workers, clusters) reused across
 * images, so cost grows linearly with the number of images (bench/boxes.bench.ts).
 */
export const boxMerge = /* @__PURE__ */ checked<BoxAnswer, MergedBox[], BoxMergeOptions, BoxMergeState>({
  name: 'box-merge',
  kind: 'box',
  description: 'IoU clustering (one box per worker per cluster), quorum, weighted-median merge, quality-weighted votes',
  optionSpecs: boxMergeOptionSpecs,
  consolidate(records, options = {}) {
    const input = ingest(records, options.labels);
    const { workerIds } = input;
    const initial = options.weights ?? Object.fromEntries(Object.entries(options.prior?.workers ?? {}).map(([w, q]) => [w, q.quality]));
    let weights = Float64Array.from(workerIds.map((w) => getOwn(initial, w) ?? 1));
    const settings = { threshold: options.iouThreshold ?? boxMergeOptionSpecs.iouThreshold.default, quorum: options.quorum ?? boxMergeOptionSpecs.quorum.default };
    const kernel = new ItemKernel(input.labels);
    const rounds = options.qualityRounds ?? boxMergeOptionSpecs.qualityRounds.default;
    let pass: MergePass;
    let quality: Float64Array;
    for (let round = 0; ; round++) {
      pass = mergeAll(input, weights, settings, kernel);
      quality = qualityOf(pass.stats);
      if (round >= rounds) break;
      const next = Float64Array.from(quality, (q, w) => Math.max(0.05, blendPrior(q, workerIds[w] as string, options.prior)));
      let moved = 0;
      for (let w = 0; w < next.length; w++) moved = Math.max(moved, Math.abs((next[w] ?? 0) - (weights[w] ?? 0)));
      // Weights that no longer move would give the same clusters again: this pass is the result.
      if (moved < 1e-3) break;
      weights = next;
    }

    const workers: WorkerQuality[] = workerIds.map((worker, w) => ({ worker, quality: quality[w] ?? 0, answers: input.boxesByWorker[w] ?? 0 }));
    const own = new Map<string, BoxMergeState['workers'][string]>(workers.map((w) => [w.worker, { quality: w.quality, boxes: w.answers }]));
    const batchState: BoxMergeState = { version: 1, algorithm: 'box-merge', workers: sortedRecord(own) };
    // The state carried on (`checked` adds it) keeps the record of earlier batches' workers who drew nothing here.
    const items = input.items.map((it, i) => itemResult(it, pass.merged[i] ?? []));
    return { items, workers, batchState };
  },
  readState: readBoxMergeState,
  mergeStates: mergeBoxMergeStates,
});

/** States added up: per worker, the boxes counted and the quality averaged over them, whatever the states' order. */
export function mergeBoxMergeStates(states: readonly BoxMergeState[]): BoxMergeState {
  return mergeQualityStates(states, 'box-merge', 'boxes');
}

/** Quality from earlier batches counts in proportion to the boxes it was measured on (fully from 50). */
const blendPrior = (q: number, worker: string, prior: BoxMergeState | undefined): number => blendQualityPrior(q, worker, prior, 'boxes', 50);

/** One image's answers: worker indices and, per answer, a slice of the flat box arrays. */
interface ItemInput {
  item: string;
  answerWorker: Int32Array;
  /** Answer a's boxes are [answerStart[a], answerStart[a + 1]). */
  answerStart: Int32Array;
  left: Float64Array;
  top: Float64Array;
  right: Float64Array;
  bottom: Float64Array;
  label: Int32Array;
  dropped: number;
  /** Answers that drew no box at all (not: drew only unusable ones). */
  drewNothing: number;
}

interface Input {
  workerIds: string[];
  /** Labels in vote-tie order. */
  labels: string[];
  items: ItemInput[];
  boxesByWorker: Int32Array;
}

/** Sanitises every box once and lays the answers out as typed arrays, items in first-seen order. */
function ingest(records: ReadonlyArray<{ item: string; worker: string; answer: BoxAnswer }>, order: readonly string[] | undefined): Input {
  const workerIds = [...new Set(records.map((r) => r.worker))].sort(compareIds);
  const workerIndex = new Map(workerIds.map((w, i) => [w, i]));
  const grouped = groupByItem(records, (r) => r);
  const labelIndex = new Map<string, number>();
  const boxesByWorker = new Int32Array(workerIds.length);
  const corners = new Float64Array(4);
  const items: ItemInput[] = [];
  for (const [item, answers] of grouped) {
    let room = 0;
    for (const a of answers) room += a.answer?.boxes?.length ?? 0;
    const it: ItemInput = {
      item,
      answerWorker: Int32Array.from(answers, (a) => workerIndex.get(a.worker) as number),
      answerStart: new Int32Array(answers.length + 1),
      left: new Float64Array(room),
      top: new Float64Array(room),
      right: new Float64Array(room),
      bottom: new Float64Array(room),
      label: new Int32Array(room),
      dropped: 0,
      drewNothing: 0,
    };
    let at = 0;
    answers.forEach((a, i) => {
      it.answerStart[i] = at;
      const w = it.answerWorker[i] as number;
      if ((a.answer?.boxes?.length ?? 0) === 0) it.drewNothing++;
      for (const b of a.answer?.boxes ?? []) {
        if (sanitizeCorners(b, a.answer.imageSize, corners) !== undefined) {
          it.dropped++;
          continue;
        }
        let label = labelIndex.get(b.label);
        if (label === undefined) labelIndex.set(b.label, (label = labelIndex.size));
        it.left[at] = corners[0] as number;
        it.top[at] = corners[1] as number;
        it.right[at] = corners[2] as number;
        it.bottom[at] = corners[3] as number;
        it.label[at] = label;
        at++;
        boxesByWorker[w] = (boxesByWorker[w] ?? 0) + 1;
      }
    });
    it.answerStart[answers.length] = at;
    items.push(it);
  }
  // Tie order: the given label order first, then labels it does not list, alphabetically.
  const rank = (l: string) => (order ? order.indexOf(l) : -1);
  const labels = [...labelIndex.keys()].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    if (ra === rb) return compareIds(a, b);
    return ra < 0 ? 1 : rb < 0 ? -1 : ra - rb;
  });
  const position = Int32Array.from(labelIndex.keys(), (l) => labels.indexOf(l));
  for (const it of items) for (let i = 0; i < it.label.length; i++) it.label[i] = position[it.label[i] as number] as number;
  return { workerIds, labels, items, boxesByWorker };
}

/** Per worker, what the quality estimate is made of. */
interface QualityStats {
  inKept: Float64Array;
  drawn: Float64Array;
  keptSeen: Float64Array;
  iouSum: Float64Array;
}

/** Per worker: F1 of their boxes against the kept clusters, times their mean IoU with the merged boxes. */
function qualityOf(stats: QualityStats): Float64Array {
  const { inKept, drawn, keptSeen, iouSum } = stats;
  return Float64Array.from(inKept, (hits, w) => {
    const d = drawn[w] ?? 0;
    const k = keptSeen[w] ?? 0;
    const precision = d > 0 ? hits / d : k === 0 ? 1 : 0;
    const recall = k > 0 ? hits / k : d === 0 ? 1 : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    const meanIou = hits > 0 ? (iouSum[w] ?? 0) / hits : 0.5;
    return f1 * meanIou;
  });
}

/** One pass over every image: its merged boxes (in cluster order) and the quality statistics. */
interface MergePass {
  merged: MergedBox[][];
  stats: QualityStats;
}

/** Clusters and merges every image with the given weights, and gathers the quality statistics. */
function mergeAll(input: Input, weights: Float64Array, settings: { threshold: number; quorum: number }, kernel: ItemKernel): MergePass {
  const n = input.workerIds.length;
  const stats: QualityStats = { inKept: new Float64Array(n), drawn: new Float64Array(n), keptSeen: new Float64Array(n), iouSum: new Float64Array(n) };
  return { merged: input.items.map((it) => kernel.run(it, weights, settings, stats)), stats };
}

/** The result of one image, made once from the last pass: boxes in reading order, the image's confidence. */
function itemResult(it: ItemInput, boxes: MergedBox[]): ItemResult<MergedBox[]> {
  boxes.sort((a, b) => a.left - b.left || a.top - b.top || a.width - b.width);
  const confidence = boxes.length > 0 ? boxes.reduce((sum, b) => sum + b.confidence, 0) / boxes.length : agreementOnEmpty(it);
  return { item: it.item, label: boxes, confidence, support: it.answerWorker.length, ...(it.dropped > 0 ? { reason: `${it.dropped} unusable box(es) dropped (a coordinate that is not a finite number, no area, or outside the image)` } : {}) };
}

/**
 * For an image with no boxes kept: the share of workers who drew nothing. An answer whose every
 * box was unusable (NaN, no area) is not a vote for "nothing here": its worker drew something.
 */
function agreementOnEmpty(it: ItemInput): number {
  const answers = it.answerWorker.length;
  return answers > 0 ? it.drewNothing / answers : 0;
}

/** Growable typed buffers, reused from one image to the next. */
class ItemKernel {
  private size = 0;
  private slots = 0;
  // Candidates in seeding order: edges, weight, item-local worker, label, global worker.
  private cl = new Float64Array(0);
  private ct = new Float64Array(0);
  private cr = new Float64Array(0);
  private cb = new Float64Array(0);
  private cw = new Float64Array(0);
  private local = new Int32Array(0);
  private clabel = new Int32Array(0);
  private cworker = new Int32Array(0);
  // Clusters: centre edges, members (at most one per local worker), who is in them.
  private kl = new Float64Array(0);
  private kt = new Float64Array(0);
  private kr = new Float64Array(0);
  private kb = new Float64Array(0);
  private count = new Int32Array(0);
  private members = new Int32Array(0);
  private has = new Uint8Array(0);
  // Refinement pass: pairs, and where each candidate went.
  private pairV = new Float64Array(0);
  private pairC = new Int32Array(0);
  private pairK = new Int32Array(0);
  private pairOrder: number[] = [];
  private placed = new Uint8Array(0);
  private nextCount = new Int32Array(0);
  private nextMembers = new Int32Array(0);
  private nextHas = new Uint8Array(0);
  // Median scratch.
  private sv = new Float64Array(0);
  private sw = new Float64Array(0);
  private labelMass: Float64Array;
  private workerOrder: number[] = [];
  // Cluster centres before a refinement pass, to see whether it moved anything.
  private saved = new Float64Array(0);

  constructor(private readonly labels: readonly string[]) {
    this.labelMass = new Float64Array(Math.max(1, labels.length));
  }

  /** Room for `candidates` boxes of `workers` workers; a refinement pass can hold up to twice as many clusters for a moment. */
  private reserve(candidates: number, workers: number): void {
    if (2 * candidates > this.size) {
      const n = Math.max(2 * candidates, this.size * 2, 16);
      this.size = n;
      for (const key of ['cl', 'ct', 'cr', 'cb', 'cw', 'kl', 'kt', 'kr', 'kb'] as const) this[key] = new Float64Array(n);
      for (const key of ['local', 'clabel', 'cworker', 'count', 'nextCount'] as const) this[key] = new Int32Array(n);
      this.placed = new Uint8Array(n);
      this.sv = new Float64Array(n);
      this.sw = new Float64Array(n);
    }
    const slots = 2 * candidates * Math.max(1, workers);
    if (slots > this.slots) {
      const n = Math.max(slots, this.slots * 2, 64);
      this.slots = n;
      this.members = new Int32Array(n);
      this.nextMembers = new Int32Array(n);
      this.has = new Uint8Array(n);
      this.nextHas = new Uint8Array(n);
      this.pairV = new Float64Array(n);
      this.pairC = new Int32Array(n);
      this.pairK = new Int32Array(n);
    }
  }

  /** Clusters one image's boxes, merges the clusters, and adds to the quality statistics. */
  run(it: ItemInput, weights: Float64Array, settings: { threshold: number; quorum: number }, stats: QualityStats): MergedBox[] {
    const answers = it.answerWorker.length;
    const total = it.answerStart[answers] ?? 0;
    // Item-local worker slots: one per distinct worker, so a worker answering twice is one worker.
    const localOf = new Map<number, number>();
    for (let a = 0; a < answers; a++) if (!localOf.has(it.answerWorker[a] as number)) localOf.set(it.answerWorker[a] as number, localOf.size);
    const m = localOf.size;
    this.reserve(total, m);

    // Heavier workers seed clusters first; order is otherwise fixed, so results are deterministic.
    const order = this.workerOrder;
    order.length = 0;
    for (let a = 0; a < answers; a++) order.push(a);
    order.sort((a, b) => (weights[it.answerWorker[b] as number] ?? 0) - (weights[it.answerWorker[a] as number] ?? 0) || (it.answerWorker[a] as number) - (it.answerWorker[b] as number));
    let n = 0;
    for (const a of order) {
      const worker = it.answerWorker[a] as number;
      for (let i = it.answerStart[a] as number; i < (it.answerStart[a + 1] as number); i++, n++) {
        this.cl[n] = it.left[i] as number;
        this.ct[n] = it.top[i] as number;
        this.cr[n] = it.right[i] as number;
        this.cb[n] = it.bottom[i] as number;
        this.cw[n] = Math.max(1e-6, weights[worker] ?? 0);
        this.local[n] = localOf.get(worker) as number;
        this.clabel[n] = it.label[i] as number;
        this.cworker[n] = worker;
      }
    }

    const frame = this.gridFrame(n, settings.threshold);
    let clusters = this.greedy(n, m, settings.threshold, frame && new GridIndex(frame));
    for (let pass = 0; pass < 2 && clusters > 1; pass++) {
      const before = clusters;
      this.saveCenters(clusters);
      clusters = this.refine(n, m, clusters, settings.threshold, frame && new GridIndex(frame));
      // Same centres out as in: another pass would compute exactly the same clusters.
      if (clusters === before && this.centersUnchanged(clusters)) break;
    }

    let totalWeight = 0;
    for (let a = 0; a < answers; a++) totalWeight += weights[it.answerWorker[a] as number] ?? 0;
    let kept = 0;
    const merged: MergedBox[] = [];
    for (let k = 0; k < clusters; k++) {
      let weight = 0;
      const size = this.count[k] as number;
      for (let j = 0; j < size; j++) weight += weights[this.cworker[this.members[k * m + j] as number] as number] ?? 0;
      const share = totalWeight > 0 ? weight / totalWeight : 0;
      const isKept = share >= settings.quorum - 1e-9;
      if (!isKept) continue;
      kept++;
      let iouSum = 0;
      for (let j = 0; j < size; j++) {
        const c = this.members[k * m + j] as number;
        const v = this.iouCandidate(c, k);
        iouSum += v;
        const w = this.cworker[c] as number;
        stats.inKept[w] = (stats.inKept[w] ?? 0) + 1;
        stats.iouSum[w] = (stats.iouSum[w] ?? 0) + v;
      }
      const left = this.kl[k] as number;
      const top = this.kt[k] as number;
      merged.push({
        label: this.labels[this.voteLabel(k, m, weights)] ?? '',
        left,
        top,
        width: (this.kr[k] as number) - left,
        height: (this.kb[k] as number) - top,
        confidence: Math.min(1, share) * (iouSum / size),
        workers: size,
      });
    }
    for (let a = 0; a < answers; a++) {
      const w = it.answerWorker[a] as number;
      stats.drawn[w] = (stats.drawn[w] ?? 0) + ((it.answerStart[a + 1] as number) - (it.answerStart[a] as number));
      stats.keptSeen[w] = (stats.keptSeen[w] ?? 0) + kept;
    }
    return merged;
  }

  /**
   * Where the item's grid goes when it has many boxes (see {@link GRID_FROM}) and only
   * overlapping boxes can join (threshold > 0); measured once per item, for every pass. Without
   * one, every cluster is a candidate.
   */
  private gridFrame(n: number, threshold: number): GridFrame | undefined {
    if (n < GRID_FROM || !(threshold > 0)) return undefined;
    const { cl, ct, cr, cb } = this;
    return frameOf(n, (c, out) => {
      out[0] = cl[c] as number;
      out[1] = ct[c] as number;
      out[2] = cr[c] as number;
      out[3] = cb[c] as number;
    });
  }

  /**
   * Each box joins the cluster whose current centre it overlaps most (IoU ≥ threshold) without a
   * box of its worker, else starts one. Equal IoUs go to the later cluster, whatever order the
   * index visits them in.
   */
  private greedy(n: number, m: number, threshold: number, index: GridIndex | undefined): number {
    let clusters = 0;
    for (let c = 0; c < n; c++) {
      const lw = this.local[c] as number;
      let best = -1;
      let bestIou = threshold;
      const candidates = index ? index.near(this.cl[c] as number, this.ct[c] as number, this.cr[c] as number, this.cb[c] as number) : clusters;
      for (let j = 0; j < candidates; j++) {
        const k = index ? (index.found[j] as number) : j;
        if (this.has[k * m + lw]) continue;
        const v = this.iouCandidate(c, k);
        if (v > bestIou || (v === bestIou && k > best)) {
          best = k;
          bestIou = v;
        }
      }
      if (best < 0) {
        best = clusters++;
        this.count[best] = 0;
        this.has.fill(0, best * m, best * m + m);
      }
      this.members[best * m + (this.count[best] as number)] = c;
      this.count[best] = (this.count[best] as number) + 1;
      this.has[best * m + lw] = 1;
      this.center(best, m);
      index?.set(best, this.kl[best] as number, this.kt[best] as number, this.kr[best] as number, this.kb[best] as number);
    }
    return clusters;
  }

  /** Re-assigns every box against the robust centres, best pairs first, one box per worker per cluster; the rest start clusters. */
  private refine(n: number, m: number, clusters: number, threshold: number, index: GridIndex | undefined): number {
    let pairs = 0;
    if (index) for (let k = 0; k < clusters; k++) index.set(k, this.kl[k] as number, this.kt[k] as number, this.kr[k] as number, this.kb[k] as number);
    for (let c = 0; c < n; c++) {
      const candidates = index ? index.near(this.cl[c] as number, this.ct[c] as number, this.cr[c] as number, this.cb[c] as number) : clusters;
      for (let j = 0; j < candidates; j++) {
        const k = index ? (index.found[j] as number) : j;
        const v = this.iouCandidate(c, k);
        if (v >= threshold) {
          if (pairs >= this.pairV.length) this.growPairs();
          this.pairV[pairs] = v;
          this.pairC[pairs] = c;
          this.pairK[pairs] = k;
          pairs++;
        }
      }
    }
    const order = this.pairOrder;
    order.length = 0;
    for (let p = 0; p < pairs; p++) order.push(p);
    const { pairV, pairC, pairK } = this;
    order.sort((a, b) => (pairV[b] as number) - (pairV[a] as number) || (pairC[a] as number) - (pairC[b] as number) || (pairK[a] as number) - (pairK[b] as number));
    this.placed.fill(0, 0, n);
    this.nextCount.fill(0, 0, n);
    this.nextHas.fill(0, 0, n * m);
    for (const p of order) {
      const c = pairC[p] as number;
      const k = pairK[p] as number;
      const lw = this.local[c] as number;
      if (this.placed[c] || this.nextHas[k * m + lw]) continue;
      this.placed[c] = 1;
      this.nextHas[k * m + lw] = 1;
      this.nextMembers[k * m + (this.nextCount[k] as number)] = c;
      this.nextCount[k] = (this.nextCount[k] as number) + 1;
    }
    let next = clusters;
    for (let c = 0; c < n; c++) {
      if (this.placed[c]) continue;
      this.nextMembers[next * m] = c;
      this.nextCount[next] = 1;
      this.nextHas.fill(0, next * m, next * m + m);
      this.nextHas[next * m + (this.local[c] as number)] = 1;
      next++;
    }
    // Keep the non-empty clusters in order and recompute their centres.
    let kept = 0;
    for (let k = 0; k < next; k++) {
      const size = this.nextCount[k] as number;
      if (size === 0) continue;
      this.count[kept] = size;
      for (let j = 0; j < m; j++) {
        this.members[kept * m + j] = this.nextMembers[k * m + j] as number;
        this.has[kept * m + j] = this.nextHas[k * m + j] as number;
      }
      this.center(kept, m);
      kept++;
    }
    return kept;
  }

  private saveCenters(clusters: number): void {
    if (this.saved.length < clusters * 4) this.saved = new Float64Array(Math.max(clusters * 4, this.saved.length * 2));
    for (let k = 0; k < clusters; k++) {
      this.saved[k * 4] = this.kl[k] as number;
      this.saved[k * 4 + 1] = this.kt[k] as number;
      this.saved[k * 4 + 2] = this.kr[k] as number;
      this.saved[k * 4 + 3] = this.kb[k] as number;
    }
  }

  private centersUnchanged(clusters: number): boolean {
    for (let k = 0; k < clusters; k++) {
      if (this.saved[k * 4] !== this.kl[k] || this.saved[k * 4 + 1] !== this.kt[k] || this.saved[k * 4 + 2] !== this.kr[k] || this.saved[k * 4 + 3] !== this.kb[k]) return false;
    }
    return true;
  }

  private growPairs(): void {
    const n = this.pairV.length * 2 + 64;
    const [v, c, k] = [new Float64Array(n), new Int32Array(n), new Int32Array(n)];
    v.set(this.pairV);
    c.set(this.pairC);
    k.set(this.pairK);
    [this.pairV, this.pairC, this.pairK] = [v, c, k];
  }

  private iouCandidate(c: number, k: number): number {
    const w = Math.min(this.cr[c] as number, this.kr[k] as number) - Math.max(this.cl[c] as number, this.kl[k] as number);
    if (w <= 0) return 0;
    const h = Math.min(this.cb[c] as number, this.kb[k] as number) - Math.max(this.ct[c] as number, this.kt[k] as number);
    if (h <= 0) return 0;
    const inter = w * h;
    const a = ((this.cr[c] as number) - (this.cl[c] as number)) * ((this.cb[c] as number) - (this.ct[c] as number));
    const b = ((this.kr[k] as number) - (this.kl[k] as number)) * ((this.kb[k] as number) - (this.kt[k] as number));
    return inter / (a + b - inter);
  }

  /** The cluster's box: the weighted median of each edge, or the weighted mean of two boxes (which have no median). */
  private center(k: number, m: number): void {
    const size = this.count[k] as number;
    const base = k * m;
    if (size <= 2) {
      let total = 0;
      let l = 0;
      let t = 0;
      let r = 0;
      let b = 0;
      for (let j = 0; j < size; j++) {
        const c = this.members[base + j] as number;
        const w = this.cw[c] as number;
        total += w;
        l += (this.cl[c] as number) * w;
        t += (this.ct[c] as number) * w;
        r += (this.cr[c] as number) * w;
        b += (this.cb[c] as number) * w;
      }
      this.setCenter(k, l / total, t / total, r / total, b / total);
      return;
    }
    this.setCenter(k, this.medianEdge(this.cl, base, size), this.medianEdge(this.ct, base, size), this.medianEdge(this.cr, base, size), this.medianEdge(this.cb, base, size));
  }

  private setCenter(k: number, left: number, top: number, right: number, bottom: number): void {
    this.kl[k] = left;
    this.kt[k] = top;
    this.kr[k] = Math.max(left + 1e-6, right);
    this.kb[k] = Math.max(top + 1e-6, bottom);
  }

  /** Weighted median of one edge over a cluster's members (the lower median on an exact split). */
  private medianEdge(edge: Float64Array, base: number, size: number): number {
    const { sv, sw } = this;
    let total = 0;
    for (let j = 0; j < size; j++) {
      const c = this.members[base + j] as number;
      const v = edge[c] as number;
      const w = this.cw[c] as number;
      total += w;
      // Insertion sort: clusters hold a handful of boxes.
      let i = j;
      while (i > 0 && (sv[i - 1] as number) > v) {
        sv[i] = sv[i - 1] as number;
        sw[i] = sw[i - 1] as number;
        i--;
      }
      sv[i] = v;
      sw[i] = w;
    }
    let acc = 0;
    for (let j = 0; j < size; j++) {
      acc += sw[j] as number;
      if (acc >= total / 2 - 1e-12) return sv[j] as number;
    }
    return sv[size - 1] as number;
  }

  /** Weighted vote of the members' labels; ties to the first label in tie order. */
  private voteLabel(k: number, m: number, weights: Float64Array): number {
    const mass = this.labelMass;
    mass.fill(-1); // labels no member chose stay below every chosen one
    const size = this.count[k] as number;
    for (let j = 0; j < size; j++) {
      const c = this.members[k * m + j] as number;
      const l = this.clabel[c] as number;
      mass[l] = Math.max(0, mass[l] as number) + (weights[this.cworker[c] as number] ?? 0);
    }
    let best = 0;
    for (let l = 1; l < mass.length; l++) if ((mass[l] as number) > (mass[best] as number)) best = l;
    return best;
  }
}
