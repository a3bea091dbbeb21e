import { checked } from '../checked.ts';
import { groupByItem } from '../group-by-item.ts';
import { commonOptions } from '../options.ts';
import { compareIds } from '../order.ts';
import { readPixelVoteState } from '../state-check.ts';
import { blendQualityPrior, mergeQualityStates } from '../quality-state.ts';
import type { AnswerRecord, ConsolidationResult, ItemResult, SpecsFor, WorkerQuality } from '../types.ts';
import { getOwn, sortedRecord } from '../../contracts/own-property.ts';
import { thrownReason } from '../../contracts/check.ts';
import { DEFAULT_COLOR_TOLERANCE, hexColor, maskHeaderOf, MAX_MASK_LABELS, openMaskRows, parseHexColor, readMaskRows, type LabelMask, type MaskAnswer, type MaskSummary } from './masks.ts';
import { EncodedMask, maskEncoder, type MaskEncoder } from './encoded-mask.ts';
import { rowsOf } from './rows.ts';
import { bitsPerPixel, type PngHeader } from './png-pixels.ts';
import { voteItem, type VoteAnswer, type VoteSettings } from './vote.ts';

/**
 * Semantic segmentation by per-pixel vote (after Ground Truth's description, reference §6: each
 * pixel a multi-class vote, with a smoothing function over the surrounding pixels).
 *
 * Model: each worker's mask is read as a class map ({@link readMaskRows}); a pixel's score for a
 * class is its workers' weight painted that class there, blended with the class's mean score over
 * the (2r + 1)² window around the pixel (`smoothing` is the neighbourhood's share, `smoothingRadius`
 * r), and the pixel takes the best class. Ties go to background, then to the label met first in
 * the item's answers (the first answer's labels in `labels` order, then those the next answer adds).
 * Worker weights: round 0 votes with equal weights (or `weights`, or the carried state's
 * qualities); each later round (`qualityRounds`) votes again with each worker's quality from the
 * round before, as Wawa does for classes, so a careless or spamming worker loses their say on
 * every image. Quality is a worker's mean, over their images, of the mean IoU per label with the
 * consolidated mask (labels either painted; background left out, so painting nothing scores 0
 * where others painted). Confidence per image: the mean vote share of the chosen class over the
 * pixels some worker painted (1 when nobody painted); per class the same over that class's pixels.
 *
 * Each image's label is an {@link EncodedMask}: its mask encoded as the built-in output's indexed
 * PNG (`png`) as soon as the image is voted, so a batch's memory is one image's vote and every
 * image's PNG; `classes` decodes the PNG when read. An image's vote reads its answers side by side
 * a row at a time ({@link voteItem}): each answer is read whole once first (to check it and find
 * its classes), then once more each round, unless its class map was small enough to keep within
 * the batch's cap. An interlaced answer read again is decoded whole to its class map, held until
 * its image is voted.
 *
 * An answer that does not decode, or whose size differs from the item's (the size most of its
 * answers have; ties to the larger), is left out and the item's `reason` says which and why. An
 * item whose answers hold more than `maxItemPixels` pixels in all, or whose vote fails, gets no
 * label and a `reason`; the batch's other items go on. A worker who painted in colours that
 * `labelMappings` does not give (their pixels read as background) is named in the item's `reason`.
 */

export interface PixelVoteOptions {
  /** The classes in order (class k = labels[k - 1]); ties go to the first. Default: every label mapped in the answers, sorted. */
  labels?: readonly string[];
  /** Share of a pixel's score from its neighbourhood, 0–1 (0: plain per-pixel vote). Default {@link DEFAULT_SMOOTHING}. */
  smoothing?: number;
  /** Neighbourhood radius in pixels (window (2r + 1)²). Default {@link DEFAULT_SMOOTHING_RADIUS}. */
  smoothingRadius?: number;
  /** Rounds of re-weighting workers by quality (0: equal weights). Default 1. */
  qualityRounds?: number;
  /** Per-worker weights to start from (workers not listed: 1). */
  weights?: Record<string, number>;
  /** RGB distance within which an edge colour counts as a label's ({@link DEFAULT_COLOR_TOLERANCE}). */
  colorTolerance?: number;
  /** The most pixels an image's answers may hold in all (width × height × answers, an interlaced answer counted several times), checked from the PNG headers before decoding. Default {@link DEFAULT_MAX_ITEM_PIXELS}. */
  maxItemPixels?: number;
}

/** The consolidated mask of one image, as the built-in output format takes it (pixel-vote gives an {@link EncodedMask}). */
export interface ConsolidatedMask extends LabelMask {
  /** The task's labels: class k (k ≥ 1) is labels[k - 1], class 0 background. */
  labels: string[];
  /** `#rrggbb` per class: [0] background (white), [k] the colour most answers gave labels[k - 1]. */
  colors: string[];
  /** Confidence per class present in the mask, keyed by class index ("0" = background), in [0, 1]. */
  classConfidence: Record<string, number>;
}

export interface PixelVoteState {
  version: 1;
  algorithm: 'pixel-vote';
  /** Per worker: quality in [0, 1] and the images it was measured on. */
  workers: Record<string, { quality: number; images: number }>;
}

/**
 * Off by default: bench/segmentation.bench.ts's sweep (mIoU on two seeds apart, 3 and 5 workers,
 * 20 % spammers) finds smoothing adds 0.002–0.006 with 5 workers and −0.002 to +0.002 with 3,
 * small beside worker weighting's gain, for about twice the vote's time. When it is on, a 5 × 5
 * window (radius 2) with three quarters of the score from it did best (`smoothing: 0.75`).
 */
export const DEFAULT_SMOOTHING = 0;
export const DEFAULT_SMOOTHING_RADIUS = 2;

/** The background's colour in the output's colour map, as Ground Truth's own example has it. */
export const BACKGROUND_COLOR = '#ffffff';

/** Colours for labels no answer mapped (d3's category10, Ground Truth's default palette). */
const FALLBACK_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** An answer's class map is kept from its first read, for the rounds, up to this many pixels (larger ones are read again each round) … */
const KEPT_ANSWER_PIXELS = 4 * 1024 * 1024;
/** … and while the batch's kept maps hold no more than this in all. */
const KEPT_MASK_PIXELS = 64 * 1024 * 1024;
/** An item's answers holding no more than this in all have their first read's maps held for its first vote, saving a read each. */
const HELD_ITEM_PIXELS = 16 * 1024 * 1024;
/** With smoothing, the classes' votes and window sums on the window's rows are kept in up to this many bytes, else added up again as needed ({@link voteItem}). */
const KEPT_WINDOW_BYTES = 16 * 1024 * 1024;

/**
 * Pixels an image's answers may hold in all (width × height × answers, an interlaced answer's
 * counted several times: {@link countedTimes}). It keeps one item's vote well within the ACS
 * Lambda's memory (1024 MB as `gtkit init` scaffolds it): an item too large gets a reason naming
 * the option instead of killing its batch. Measured one item at a time in a process of its own,
 * as bench/segmentation.bench.ts's large item is:
 * - plain answers are read a few rows at a time, so the item's memory is mostly its output (the
 *   consolidated mask's scanlines and their deflated copy): 8000 × 6000 × 5 answers peak 137 MB
 *   above the process's own, 10000 × 10000 (Ground Truth's 100 M pixel quota) × 1 and × 2 127
 *   and 140 MB;
 * - an interlaced answer is decoded whole at each read (its inflated data, RGBA and class map, and
 *   the last read's not yet collected): 4000 × 3000 × 1 at 8 bits peaks 177 MB above, 15 bytes a
 *   pixel. Counted 9 times, one answer at this default (6000 × 4440) peaks 347 MB above (430 MB
 *   in all; at 16 bits, 5000 × 3690 counted 13 times, 271 MB), five (2667 × 2000 each) 152 MB.
 * So the worst item allowed takes well under half the ACS's memory, beside the runtime and the
 * batch, and at most about 1.7 MB per million pixels counted, which the refusal's reason says.
 * Smoothing adds per answer 2r + 2 rows, and per class a row of 12 bytes a pixel and up to
 * {@link KEPT_WINDOW_BYTES} in all of window sums: rows, not a share of the image (255 classes,
 * r = 50, 8000 × 600 × 5: 86 MB above). Time is not guarded as well: 8000 × 6000 × 5 with 3
 * classes took 12 s of the ACS's 300. Without smoothing the classes add little, as a pixel
 * compares only those its answers hold (255 over 8000 × 600 × 5: 1.7 s, against 6.3 s when each
 * pixel compared every class present), but smoothing makes a pass per class present (the same,
 * r = 50: 25 s; the ten times as many pixels this default allows would take about ten times
 * that, most of the 300 s).
 */
export const DEFAULT_MAX_ITEM_PIXELS = 240_000_000;

/**
 * How many times an answer's pixels count against maxItemPixels: once, or for an interlaced (Adam7)
 * answer, which every read decodes whole, once for each byte a pixel that decode holds (its
 * inflated data, its RGBA and its class map: 9 for 8-bit RGBA, 13 for 16-bit).
 */
function countedTimes(header: PngHeader): number {
  return header.interlaced ? Math.ceil(bitsPerPixel(header) / 8) + 5 : 1;
}

/** Share of a worker's painted pixels in colours no label has beyond which the item's reason names them. */
const UNMATCHED_NOTE_SHARE = 0.02;

/** Prior quality counts fully once measured on this many images. */
const PRIOR_FULL_AT_IMAGES = 20;

const pixelVoteOptionSpecs = {
  labels: commonOptions.labels,
  smoothing: { kind: 'number', min: 0, max: 1, default: DEFAULT_SMOOTHING, what: "the share of a pixel's score from its neighbourhood" },
  smoothingRadius: { kind: 'number', min: 1, max: 50, integer: true, default: DEFAULT_SMOOTHING_RADIUS, what: 'the neighbourhood radius in pixels' },
  qualityRounds: { kind: 'number', min: 0, max: 10, integer: true, default: 1, what: 'rounds of re-weighting workers by quality' },
  weights: commonOptions.weights,
  colorTolerance: { kind: 'number', min: 0, max: 442, default: DEFAULT_COLOR_TOLERANCE, what: 'the RGB distance within which an edge colour counts as a label colour' },
  maxItemPixels: { kind: 'number', min: 1, integer: true, default: DEFAULT_MAX_ITEM_PIXELS, what: "the most pixels an image's answers may hold in all (width × height × answers, an interlaced answer counted 6 to 13 times)" },
} as const satisfies SpecsFor<PixelVoteOptions>;

export const pixelVote = /* @__PURE__ */ checked<MaskAnswer, EncodedMask, PixelVoteOptions, PixelVoteState>({
  name: 'pixel-vote',
  kind: 'mask',
  description: 'Per-pixel vote of the masks, neighbourhood smoothing, workers weighted by their IoU with the consensus',
  optionSpecs: pixelVoteOptionSpecs,
  consolidate: (records, options = {}) => voteMasks(records, options),
  readState: readPixelVoteState,
  mergeStates: mergePixelVoteStates,
});

/** Class maps kept from answers' first read: for the rounds (each answer's most pixels, and the batch's), and for an item's first vote (its answers' most pixels in all); and the smoothing window's sums kept (bytes). */
export interface KeptMaps {
  answerPixels: number;
  batchPixels: number;
  itemPixels: number;
  windowBytes: number;
}

/** Class-map pixels (1 byte each) the vote held, as its reader counts them: how tests check the budgets. */
export interface HeldMaps {
  /** Kept from first reads for the rounds, in all: never more than {@link KeptMaps.batchPixels}. */
  keptPixels: number;
  /** The most held for one item's vote besides those, dropped after it: first reads' maps held for its first vote, and interlaced answers' maps decoded for a vote. */
  mostItemPixels: number;
}

/**
 * pixel-vote's consolidation. `keep` and `held` are for tests: with nothing kept, every answer is
 * read again row by row each round and the smoothing's sums are added up again as needed, and the
 * results must be the same; `held` is told the class maps' pixels held.
 */
export function voteMasks(records: ReadonlyArray<AnswerRecord<MaskAnswer>>, options: PixelVoteOptions & { prior?: PixelVoteState }, keep: KeptMaps = { answerPixels: KEPT_ANSWER_PIXELS, batchPixels: KEPT_MASK_PIXELS, itemPixels: HELD_ITEM_PIXELS, windowBytes: KEPT_WINDOW_BYTES }, held: HeldMaps = { keptPixels: 0, mostItemPixels: 0 }): ConsolidationResult<EncodedMask, PixelVoteState> {
  const labels = [...(options.labels ?? [...new Set(records.flatMap((r) => Object.keys(r.answer.labelMappings)))].sort(compareIds))];
  if (labels.length > MAX_MASK_LABELS) throw new RangeError(`pixel-vote: a mask tells apart at most ${MAX_MASK_LABELS} labels, got ${labels.length}; split the task`);
  const settings: VoteSettings = { smoothing: options.smoothing ?? pixelVoteOptionSpecs.smoothing.default, radius: options.smoothingRadius ?? pixelVoteOptionSpecs.smoothingRadius.default, windowBytes: keep.windowBytes };
  const workerIds = [...new Set(records.map((r) => r.worker))].sort(compareIds);
  const workerIndex = new Map(workerIds.map((w, i) => [w, i]));
  const items = groupByItem(records, (r) => r);
  const reader = new MaskReader(labels, options.colorTolerance ?? pixelVoteOptionSpecs.colorTolerance.default, options.maxItemPixels ?? pixelVoteOptionSpecs.maxItemPixels.default, keep, held);

  const initial = options.weights ?? Object.fromEntries(Object.entries(options.prior?.workers ?? {}).map(([w, q]) => [w, q.quality]));
  let weights = Float64Array.from(workerIds, (w) => getOwn(initial, w) ?? 1);
  const rounds = options.qualityRounds ?? pixelVoteOptionSpecs.qualityRounds.default;
  const colors = [BACKGROUND_COLOR, ...labels.map((label, k) => mostGivenColor(records, label) ?? (FALLBACK_COLORS[k % FALLBACK_COLORS.length] as string))];
  const encode = maskEncoder(labels, colors);
  let pass: BatchPass;
  // Only the result's pass encodes its masks; the rounds before it measure the workers and keep no mask.
  for (let round = 0; ; round++) {
    const last = round >= rounds;
    pass = voteBatch(items, reader, weights, workerIndex, settings, last ? encode : undefined);
    if (last) break;
    const next = Float64Array.from(pass.quality, (q, w) => Math.max(0.05, blendPrior(q, workerIds[w] as string, options.prior)));
    // Weights that no longer move would give the same masks again: these weights' masks are the result.
    if (next.every((x, w) => Math.abs(x - (weights[w] as number)) < 1e-3)) {
      pass = voteBatch(items, reader, weights, workerIndex, settings, encode);
      break;
    }
    weights = next;
  }

  const results: Array<ItemResult<EncodedMask>> = pass.items.map((it) => (it.label ? { item: it.item, label: it.label, confidence: it.confidence, support: it.support, ...(it.reason ? { reason: it.reason } : {}) } : { item: it.item, label: null, confidence: 0, support: it.support, reason: it.reason ?? 'no answers' }));
  const workers: WorkerQuality[] = workerIds.map((worker, w) => ({ worker, quality: pass.quality[w] as number, answers: pass.images[w] as number }));
  const own = new Map(workers.map((w) => [w.worker, { quality: w.quality, images: w.answers }]));
  return { items: results, workers, batchState: { version: 1, algorithm: 'pixel-vote', workers: sortedRecord(own) } };
}

/** States added up: per worker, the images counted and the quality averaged over them, whatever the states' order. */
export function mergePixelVoteStates(states: readonly PixelVoteState[]): PixelVoteState {
  return mergeQualityStates(states, 'pixel-vote', 'images');
}

/** Quality from earlier batches counts in proportion to the images it was measured on. */
const blendPrior = (q: number, worker: string, prior: PixelVoteState | undefined): number => blendQualityPrior(q, worker, prior, 'images', PRIOR_FULL_AT_IMAGES);

/** The colour most answers in the batch gave a label (ties: the lowest `#rrggbb`), or undefined. */
function mostGivenColor(records: ReadonlyArray<{ answer: MaskAnswer }>, label: string): string | undefined {
  const counts = new Map<number, number>();
  for (const r of records) {
    const rgb = parseHexColor(getOwn(r.answer.labelMappings, label)?.color);
    if (rgb !== undefined) counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [rgb, n] of counts) if (best === undefined || n > (counts.get(best) as number) || (n === counts.get(best) && rgb < best)) best = rgb;
  return best === undefined ? undefined : hexColor(best);
}

type Records = Map<string, Array<{ item: string; worker: string; answer: MaskAnswer }>>;

/** An answer read whole once: what it holds, and its class map when small enough to keep. */
interface ReadAnswer extends MaskSummary {
  /** `seen[k]` is 1 when class k occurs in the map. */
  seen: Uint8Array;
  /** Adam7: no row is complete before the last pass, so a vote that reads it again decodes it whole. */
  interlaced: boolean;
  kept?: Uint8Array;
}

/**
 * Reads answers' masks: each once whole (checked, its classes and counts found), keeping the class
 * map for the next rounds when the answer is small and the batch's kept maps leave room (`keep`);
 * the others are read again each time an item is voted: row by row, or for an interlaced answer
 * from its class map decoded for that vote and dropped after it.
 */
class MaskReader {
  private readonly known = new Map<MaskAnswer, ReadAnswer | Error>();
  /** Pixels of the maps held for the item being voted. */
  private itemPixels = 0;
  constructor(
    private readonly labels: readonly string[],
    private readonly colorTolerance: number,
    readonly maxItemPixels: number,
    readonly keep: KeptMaps,
    private readonly held: HeldMaps,
  ) {}

  /** Starts counting the maps held for one item's vote. */
  startItem(): void {
    this.itemPixels = 0;
  }

  /** The item's vote is over and its maps dropped. */
  endItem(): void {
    this.held.mostItemPixels = Math.max(this.held.mostItemPixels, this.itemPixels);
  }

  /** The pixels the item's answers hold in all, as {@link DEFAULT_MAX_ITEM_PIXELS} counts them, and their sizes, from their PNG headers alone. */
  headerPixels(answers: ReadonlyArray<{ answer: MaskAnswer }>): { pixels: number; sizes: string[] } {
    let pixels = 0;
    const sizes: string[] = [];
    for (const { answer } of answers) {
      try {
        const header = maskHeaderOf(answer.png);
        const times = countedTimes(header);
        pixels += header.width * header.height * times;
        sizes.push(`${header.width} × ${header.height}${times > 1 ? ` interlaced, counted ${times} times` : ''}`);
      } catch {
        // An unreadable header is reported when the answer is read.
      }
    }
    return { pixels, sizes };
  }

  /** Why the item's answers are too large to vote, or undefined. */
  overBudget({ pixels, sizes }: { pixels: number; sizes: string[] }): string | undefined {
    if (pixels <= this.maxItemPixels) return undefined;
    return `its ${sizes.length} masks (${sizes.join(', ')}) hold ${pixels} pixels in all, more than maxItemPixels (${this.maxItemPixels}); give the algorithm a higher maxItemPixels and the ACS Lambda more memory (up to about 1.7 MB per million pixels counted), or split the image`;
  }

  /**
   * The answer read whole (once per batch), or why it cannot be. With `hold`, a class map not kept
   * for the rounds is still returned this once, for the item's first vote.
   */
  read(answer: MaskAnswer, hold: boolean): ReadAnswer | Error {
    const known = this.known.get(answer);
    if (known) return known;
    let read: ReadAnswer | Error;
    let held: Uint8Array | undefined;
    try {
      const seen = new Uint8Array(256);
      let keep = false;
      let interlaced = false;
      const summary = readMaskRows(answer, this.labels, { colorTolerance: this.colorTolerance }, (row, y) => {
        for (let x = 0; x < row.length; x++) seen[row[x] as number] = 1;
        held?.set(row, y * row.length);
      }, (image) => {
        const pixels = image.width * image.height;
        interlaced = image.interlaced;
        // Every kept map counts against the batch's cap, an interlaced one too: the batch's memory must not grow with its items.
        keep = pixels <= this.keep.answerPixels && this.held.keptPixels + pixels <= this.keep.batchPixels;
        if (keep || hold) held = new Uint8Array(pixels);
      });
      if (keep) this.held.keptPixels += (held as Uint8Array).length;
      else if (held) this.itemPixels += held.length;
      read = { ...summary, seen, interlaced, ...(keep ? { kept: held } : {}) };
    } catch (error) {
      read = error instanceof Error ? error : new Error(String(error));
    }
    this.known.set(answer, read);
    return held && !(read instanceof Error) ? { ...read, kept: held } : read;
  }

  /** The answer as the vote reads it: its kept (or held) map, or its PNG read again row by row. */
  forVote(answer: MaskAnswer, read: ReadAnswer): VoteAnswer {
    const { width, height, seen, kept, interlaced } = read;
    if (kept) return { seen, open: () => rowsOf(kept, width) };
    // An interlaced answer is decoded to its class map for this vote (openMaskRows), held until the item is voted.
    if (interlaced) this.itemPixels += width * height;
    return { seen, open: () => openMaskRows(answer, this.labels, { colorTolerance: this.colorTolerance }) };
  }
}

interface ItemPass {
  item: string;
  /** The encoded mask, in a pass that encodes them (a voted item of another pass has none). */
  label?: EncodedMask;
  confidence: number;
  support: number;
  reason?: string;
}

interface BatchPass {
  items: ItemPass[];
  quality: Float64Array;
  images: Float64Array;
}

/**
 * One round over every item with the given worker weights; worker quality measured against its
 * results. With `encode`, each item's mask is encoded as soon as it is voted, before the next item is.
 */
function voteBatch(items: Records, reader: MaskReader, weights: Float64Array, workerIndex: Map<string, number>, settings: VoteSettings, encode: MaskEncoder | undefined): BatchPass {
  const agreementSum = new Float64Array(weights.length);
  const images = new Float64Array(weights.length);
  const out: ItemPass[] = [];
  for (const [item, answers] of items) {
    const size = reader.headerPixels(answers);
    const tooLarge = reader.overBudget(size);
    if (tooLarge) {
      out.push({ item, confidence: 0, support: 0, reason: `not voted: ${tooLarge}` });
      continue;
    }
    // An item that cannot be voted (out of memory, a mask no one foresaw) fails alone.
    reader.startItem();
    try {
      out.push(voteOne(item, answers, reader, size.pixels <= reader.keep.itemPixels, weights, workerIndex, settings, agreementSum, images, encode));
    } catch (error) {
      out.push({ item, confidence: 0, support: 0, reason: `its masks could not be voted: ${thrownReason(error, 'the vote')}` });
    } finally {
      reader.endItem();
    }
  }
  const quality = Float64Array.from(agreementSum, (s, w) => ((images[w] as number) > 0 ? s / (images[w] as number) : 0));
  return { items: out, quality, images };
}

/** One item's vote; its answers' agreement is added to their workers' sums once the vote is done. */
function voteOne(item: string, answers: ReadonlyArray<{ worker: string; answer: MaskAnswer }>, reader: MaskReader, hold: boolean, weights: Float64Array, workerIndex: Map<string, number>, settings: VoteSettings, agreementSum: Float64Array, images: Float64Array, encode: MaskEncoder | undefined): ItemPass {
  const read = answers.map((a) => ({ worker: a.worker, answer: a.answer, mask: reader.read(a.answer, hold) }));
  const size = itemSize(read.flatMap((r) => (r.mask instanceof Error ? [] : [r.mask])));
  const used = read.filter((r): r is { worker: string; answer: MaskAnswer; mask: ReadAnswer } => !(r.mask instanceof Error) && r.mask.width === size?.width && r.mask.height === size.height);
  const reasons = leftOut(read, size);
  const notes = unreadLabels(read);
  if (used.length === 0) return { item, confidence: 0, support: 0, reason: answers.length === 0 ? 'no answers' : `no answer could be read: ${reasons.join('; ')}` };
  const w = Float64Array.from(used, (u) => weights[workerIndex.get(u.worker) as number] as number);
  if (w.every((x) => x === 0)) return { item, confidence: 0, support: used.length, reason: ['every answer on it has weight 0', ...reasons].join('; ') };
  // The chosen classes go straight into the output PNG's scanlines, in the pass that encodes.
  const writer = encode?.(size!.width, size!.height);
  const vote = voteItem(used.map((u) => reader.forVote(u.answer, u.mask)), size!, w, settings, writer?.row);
  used.forEach((u, j) => {
    const at = workerIndex.get(u.worker) as number;
    agreementSum[at] = (agreementSum[at] as number) + (vote.agreement[j] as number);
    images[at] = (images[at] as number) + 1;
  });
  const classConfidence: Record<string, number> = {};
  for (const [k, c] of [...vote.classConfidence].sort((a, b) => a[0] - b[0])) classConfidence[String(k)] = c;
  const reason = [...(reasons.length > 0 ? [`${reasons.length} answer(s) left out: ${reasons.join('; ')}`] : []), ...notes].join('; ');
  const label = writer?.finish(classConfidence);
  return { item, ...(label ? { label } : {}), confidence: vote.confidence, support: used.length, ...(reason ? { reason } : {}) };
}

/** The size most of the masks have (ties: more pixels, then wider), or undefined when none was read. */
function itemSize(masks: ReadonlyArray<Pick<LabelMask, 'width' | 'height'>>): { width: number; height: number } | undefined {
  const counts = new Map<string, { width: number; height: number; n: number }>();
  for (const m of masks) {
    const key = `${m.width}x${m.height}`;
    const c = counts.get(key) ?? { width: m.width, height: m.height, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  let best: { width: number; height: number; n: number } | undefined;
  for (const c of counts.values()) {
    if (!best || c.n > best.n || (c.n === best.n && (c.width * c.height > best.width * best.height || (c.width * c.height === best.width * best.height && c.width > best.width)))) best = c;
  }
  return best;
}

/** Labels whose pixels were read as background because they are not in `labels` or have no usable colour, naming the workers. */
function unreadLabels(read: ReadonlyArray<{ worker: string; mask: ReadAnswer | Error }>): string[] {
  const unknown = new Map<string, string[]>();
  const bad = new Map<string, string[]>();
  for (const r of read) {
    if (r.mask instanceof Error) continue;
    for (const label of r.mask.unknownLabels) unknown.set(label, [...(unknown.get(label) ?? []), r.worker]);
    for (const label of r.mask.badColors) bad.set(label, [...(bad.get(label) ?? []), r.worker]);
  }
  const list = (m: Map<string, string[]>) => [...m].sort((a, b) => compareIds(a[0], b[0])).map(([label, workers]) => `${JSON.stringify(label)} (${workers.map((w) => JSON.stringify(w)).join(', ')})`).join(', ');
  return [
    ...(unknown.size > 0 ? [`labels outside \`labels\` were read as background: ${list(unknown)}`] : []),
    ...(bad.size > 0 ? [`labels whose colour is not #rrggbb were read as background: ${list(bad)}`] : []),
    ...unmatchedColours(read),
  ];
}

/** Per worker who painted much in colours no label of theirs has (another palette, a colour profile): those pixels became background. */
function unmatchedColours(read: ReadonlyArray<{ worker: string; mask: ReadAnswer | Error }>): string[] {
  const notes: string[] = [];
  for (const { worker, mask } of read) {
    if (mask instanceof Error || mask.unmatchedPixels === 0 || mask.unmatchedPixels <= UNMATCHED_NOTE_SHARE * mask.paintedPixels) continue;
    const share = Math.round((100 * mask.unmatchedPixels) / mask.paintedPixels);
    notes.push(`worker ${JSON.stringify(worker)}: ${mask.unmatchedPixels} of ${mask.paintedPixels} painted pixels (${share} %) match no colour of their labelMappings and were read as background`);
  }
  return notes;
}

/** Why each answer not counted was left out, naming its worker. */
function leftOut(read: ReadonlyArray<{ worker: string; mask: ReadAnswer | Error }>, size: { width: number; height: number } | undefined): string[] {
  const reasons: string[] = [];
  for (const r of read) {
    if (r.mask instanceof Error) reasons.push(`worker ${JSON.stringify(r.worker)}'s mask cannot be read (${r.mask.message})`);
    else if (size && (r.mask.width !== size.width || r.mask.height !== size.height)) reasons.push(`worker ${JSON.stringify(r.worker)}'s mask is ${r.mask.width} × ${r.mask.height}, the item's other masks ${size.width} × ${size.height}`);
  }
  return reasons;
}
