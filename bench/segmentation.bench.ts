import { decodePng, DEFAULT_SMOOTHING, DEFAULT_SMOOTHING_RADIUS, encodePng, pixelVote, type AnswerRecord, type MaskAnswer, type PixelVoteOptions } from '../lambdas/consolidation/index.ts';
import { semanticSegmentationOutput } from '../lambdas/formats/index.ts';
import { gaussian, seededRandom } from '../lambdas/task-types/define.ts';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fmt, medianSeconds, peakRssMb } from './measure.ts';
import type { BenchResult } from './types.ts';

// Semantic segmentation: how well pixel-vote recovers seeded synthetic truth masks from noisy
// workers' masks (mIoU and pixel accuracy), what neighbourhood smoothing adds (off by default:
// this sweep shows a gain of a few thousandths), and its cost on large images, PNG decode and
// output encode included.

type Random = () => number;
const LABELS = ['road', 'car', 'person'];
const COLOURS: Array<readonly [number, number, number]> = [[31, 119, 180], [255, 127, 14], [44, 160, 44]];
const mappings = Object.fromEntries(LABELS.map((l, k) => [l, { color: `#${COLOURS[k]!.map((c) => c.toString(16).padStart(2, '0')).join('')}` }]));

interface Shape {
  kind: 'ellipse' | 'rect';
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Class index, 1-based. */
  label: number;
}

function randomShape(random: Random, width: number, height: number, label = 1 + Math.floor(random() * LABELS.length)): Shape {
  const rx = width * (0.05 + random() * 0.15);
  const ry = height * (0.05 + random() * 0.15);
  return { kind: random() < 0.5 ? 'ellipse' : 'rect', cx: rx + random() * (width - 2 * rx), cy: ry + random() * (height - 2 * ry), rx, ry, label };
}

/**
 * Paints shapes in order (later ones cover earlier ones) into a class map; `wobble` bends an
 * ellipse's edge (amplitude as a share of its radius) and `edge` gets the pixels of its outer
 * `edge`-pixel ring (for anti-aliasing).
 */
function paint(classes: Uint8Array, width: number, height: number, shapes: readonly Shape[], wobble: (s: Shape, angle: number) => number = () => 1, edge?: (p: number, s: Shape) => void): void {
  for (const s of shapes) {
    const x0 = Math.max(0, Math.floor(s.cx - s.rx * 1.2 - 2));
    const x1 = Math.min(width - 1, Math.ceil(s.cx + s.rx * 1.2 + 2));
    const y0 = Math.max(0, Math.floor(s.cy - s.ry * 1.2 - 2));
    const y1 = Math.min(height - 1, Math.ceil(s.cy + s.ry * 1.2 + 2));
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const dx = (x + 0.5 - s.cx) / s.rx;
        const dy = (y + 0.5 - s.cy) / s.ry;
        const reach = s.kind === 'ellipse' ? Math.hypot(dx, dy) / wobble(s, Math.atan2(dy, dx)) : Math.max(Math.abs(dx), Math.abs(dy));
        if (reach < 1) classes[y * width + x] = s.label;
        else if (edge && reach < 1 + 1.5 / Math.min(s.rx, s.ry)) edge(y * width + x, s);
      }
  }
}

type WorkerKind = 'careful' | 'spammer';

/**
 * One worker's mask of an image: the truth's shapes moved and resized a little, edges bent, a
 * shape missed (10 %), painted with another label (8 %), an extra region (15 %); a third of the
 * careful workers paint on opaque white with anti-aliased edges. A spammer paints three random
 * regions.
 */
function workerMask(truth: readonly Shape[], kind: WorkerKind, random: Random, width: number, height: number): MaskAnswer {
  const classes = new Uint8Array(width * height);
  const white = kind === 'careful' && random() < 1 / 3;
  const edgePixels = new Map<number, number>();
  if (kind === 'spammer') paint(classes, width, height, [0, 1, 2].map(() => randomShape(random, width, height)));
  else {
    const shapes: Shape[] = [];
    for (const s of truth) {
      if (random() < 0.1) continue;
      const label = random() < 0.08 ? 1 + ((s.label + Math.floor(random() * (LABELS.length - 1))) % LABELS.length) : s.label;
      shapes.push({ ...s, label, cx: s.cx + gaussian(random) * 2.5, cy: s.cy + gaussian(random) * 2.5, rx: s.rx * (1 + gaussian(random) * 0.04), ry: s.ry * (1 + gaussian(random) * 0.04) });
    }
    if (random() < 0.15) {
      const extra = randomShape(random, width, height);
      shapes.push({ ...extra, rx: extra.rx / 3, ry: extra.ry / 3 });
    }
    const phase = random() * 6.3;
    const amplitude = 0.02 + random() * 0.03;
    paint(classes, width, height, shapes, (_, angle) => 1 + amplitude * Math.sin(5 * angle + phase), white ? (p, s) => edgePixels.set(p, s.label) : undefined);
  }
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < classes.length; p++) {
    const k = classes[p] as number;
    if (k > 0) data.set([...COLOURS[k - 1]!, 255], p * 4);
    else if (white) {
      const e = edgePixels.get(p);
      // Half-way between the label and white, as a canvas's anti-aliasing leaves an edge.
      data.set(e === undefined ? [255, 255, 255, 255] : [...COLOURS[e - 1]!.map((c) => Math.round((c + 255) / 2)), 255], p * 4);
    }
  }
  return { png: encodePng({ width, height, data }), labelMappings: mappings, imageSize: { width, height } };
}

export interface Dataset {
  truth: Map<string, Uint8Array>;
  records: Array<AnswerRecord<MaskAnswer>>;
  width: number;
  height: number;
}

/** `images` images, each answered by `perImage` of a pool of 10 workers, `spamShare` of whom are spammers. */
export function dataset(images: number, perImage: number, spamShare: number, seed: number, width = 512, height = 384): Dataset {
  const random = seededRandom(seed);
  const pool = 10;
  const spammers = Math.round(pool * spamShare);
  const truth = new Map<string, Uint8Array>();
  const records: Array<AnswerRecord<MaskAnswer>> = [];
  for (let i = 0; i < images; i++) {
    const shapes = Array.from({ length: 2 + Math.floor(random() * 3) }, () => randomShape(random, width, height));
    const classes = new Uint8Array(width * height);
    paint(classes, width, height, shapes);
    truth.set(`img${i}`, classes);
    const workers = [...Array(pool).keys()].sort(() => random() - 0.5).slice(0, perImage);
    for (const w of workers) records.push({ item: `img${i}`, worker: `w${w}`, answer: workerMask(shapes, w < spammers ? 'spammer' : 'careful', random, width, height) });
  }
  return { truth, records, width, height };
}

/** mIoU (per class over the whole set, background included, averaged) and pixel accuracy. */
function score(result: Map<string, Uint8Array | undefined>, truth: Map<string, Uint8Array>): { miou: number; accuracy: number } {
  const K = LABELS.length + 1;
  const inter = new Float64Array(K);
  const union = new Float64Array(K);
  let correct = 0;
  let total = 0;
  for (const [item, t] of truth) {
    const r = result.get(item) ?? new Uint8Array(t.length);
    for (let p = 0; p < t.length; p++) {
      const a = t[p] as number;
      const b = r[p] as number;
      total++;
      if (a === b) {
        correct++;
        inter[a]!++;
        union[a]!++;
      } else {
        union[a]!++;
        union[b]!++;
      }
    }
  }
  let sum = 0;
  for (let k = 0; k < K; k++) sum += (union[k] as number) > 0 ? (inter[k] as number) / (union[k] as number) : 1;
  return { miou: sum / K, accuracy: correct / total };
}

function consolidated(data: Dataset, options: PixelVoteOptions): Map<string, Uint8Array | undefined> {
  return new Map(pixelVote.consolidate(data.records, { labels: LABELS, ...options }).items.map((i) => [i.item, i.label?.classes]));
}

/**
 * Per-pixel majority vote written out on its own (no smoothing, no weights; ties to background),
 * as the baseline and as a check on pixel-vote's plain mode.
 */
function majority(data: Dataset): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const byItem = new Map<string, MaskAnswer[]>();
  for (const r of data.records) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r.answer]);
  const lookup = new Map<number, number>(COLOURS.map((c, k) => [(c[0] << 16) | (c[1] << 8) | c[2], k + 1]));
  for (const [item, answers] of byItem) {
    const n = data.width * data.height;
    const votes = new Uint16Array(n * 4);
    for (const a of answers) {
      const { data: rgba } = decodePng(a.png as Uint8Array);
      for (let p = 0; p < n; p++) {
        const k = rgba[p * 4 + 3]! < 128 ? 0 : (lookup.get((rgba[p * 4]! << 16) | (rgba[p * 4 + 1]! << 8) | rgba[p * 4 + 2]!) ?? 0);
        votes[p * 4 + k]!++;
      }
    }
    const classes = new Uint8Array(n);
    for (let p = 0; p < n; p++) {
      let best = 0;
      for (let k = 1; k < 4; k++) if (votes[p * 4 + k]! > votes[p * 4 + best]!) best = k;
      classes[p] = best;
    }
    out.set(item, classes);
  }
  return out;
}

export interface LargeBatch {
  seconds: number;
  /** Peak RSS during the run (bench/measure.ts peakRssMb; `kernel` says which way it was measured). */
  peakMb: number;
  kernel: boolean;
  /** RSS before the run: the process, the input PNGs and what the bench held already. */
  beforeMb: number;
  outputBytes: number;
}

/** `images` images of 1024 × 768, 5 workers each (defaults): decode, vote, encode the output PNGs, as the ACS does. */
export async function largeBatch(images: number): Promise<LargeBatch> {
  return measuredRun(dataset(images, 5, 0.2, 55, 1024, 768), {});
}

/**
 * One 8000 × 6000 image (48 MP) × 5 workers, 240 M pixels in all, the default maxItemPixels: what
 * one large image costs, now that the vote reads its answers a few rows at a time. The answers are made here and voted in a fresh process of its own, which
 * reads their PNGs from files, so that its peak is the vote's and not the generator's leftovers.
 */
export async function largeItem(): Promise<LargeBatch> {
  const dir = await mkdtemp(join(tmpdir(), 'gtkit-bench-segmentation-'));
  try {
    const data = dataset(1, 5, 0, 4242, 8000, 6000);
    await Promise.all(data.records.map((r, i) => writeFile(join(dir, `${i}-${r.worker}.png`), r.answer.png as Uint8Array)));
    const child = spawnSync(process.execPath, [...process.execArgv, thisFile, LARGE_ITEM_CHILD, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const last = child.stdout.trim().split('\n').at(-1) ?? '';
    if (child.status !== 0 || !last.startsWith('{')) throw new Error(`the large item's vote in a child process failed (${child.status}): ${child.stderr.slice(-2_000)}`);
    return JSON.parse(last) as LargeBatch;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const thisFile = fileURLToPath(import.meta.url);
const LARGE_ITEM_CHILD = 'large-item-child';

// The child: the large item's answers read from their files and voted once, its figures as the last line of stdout.
if (process.argv[1] === thisFile && process.argv[2] === LARGE_ITEM_CHILD) {
  const dir = process.argv[3] as string;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
  const records = await Promise.all(files.map(async (f) => ({ item: 'img0', worker: f.slice(f.indexOf('-') + 1, -4), answer: { png: new Uint8Array(await readFile(join(dir, f))), labelMappings: mappings, imageSize: { width: 8000, height: 6000 } } })));
  console.log(JSON.stringify(await measuredRun({ truth: new Map(), records, width: 8000, height: 6000 }, {})));
}

/** One run of the whole pipeline (it takes a while): timed and its memory measured at once. */
async function measuredRun(data: Dataset, options: PixelVoteOptions): Promise<LargeBatch> {
  let outputBytes = 0;
  const pipeline = () => {
    outputBytes = 0;
    for (const item of pixelVote.consolidate(data.records, { labels: LABELS, ...options }).items) {
      // An item refused (past maxItemPixels) would make the figures those of no vote at all.
      if (!item.label) throw new Error(`item ${item.item} was not voted: ${item.reason}`);
      outputBytes += semanticSegmentationOutput(item.label, item.confidence, 5).png.length;
    }
  };
  (globalThis as { gc?: () => void }).gc?.();
  const beforeMb = process.memoryUsage.rss() / 2 ** 20;
  const started = performance.now();
  const { peakMb, kernel } = await peakRssMb(pipeline);
  return { seconds: (performance.now() - started) / 1000, peakMb, kernel, beforeMb, outputBytes };
}

export async function run(): Promise<BenchResult> {
  const metrics: Record<string, number> = {};
  const targets: NonNullable<BenchResult['targets']> = [];

  // The smoothing sweep, on two seeds apart (20 % spammers): what each setting gains over none, the default.
  const sweepRows: Array<Array<string | number>> = [];
  const sweepSets = [3, 5].flatMap((k) => [101, 202].map((seed) => ({ k, seed, data: dataset(30, k, 0.2, seed) })));
  const settings: Array<[number, number]> = [[0, 1], [0.25, 1], [0.5, 1], [0.75, 1], [0.5, 2], [0.75, 2], [0.5, 3], [0.75, 3]];
  for (const [smoothing, radius] of settings) {
    const isDefault = smoothing === DEFAULT_SMOOTHING && radius === DEFAULT_SMOOTHING_RADIUS;
    const row: Array<string | number> = [smoothing === 0 ? `none${DEFAULT_SMOOTHING === 0 ? ' (default)' : ''}` : `${smoothing}, r = ${radius}${isDefault ? ' (default)' : ''}`];
    for (const set of sweepSets) row.push(fmt(score(consolidated(set.data, { smoothing, smoothingRadius: radius }), set.data.truth).miou));
    sweepRows.push(row);
  }

  const qualityRows: Array<Array<string | number>> = [];
  for (const k of [3, 5])
    for (const spam of [0, 0.2, 0.4]) {
      const data = dataset(40, k, spam, 7 + k);
      const methods: Array<[string, Map<string, Uint8Array | undefined>]> = [
        ['per-pixel majority vote', majority(data)],
        ['pixel-vote defaults, unweighted', consolidated(data, { qualityRounds: 0 })],
        ['pixel-vote defaults (weighting, no smoothing)', consolidated(data, {})],
        ['pixel-vote, weighting + smoothing 0.75, r = 2', consolidated(data, { smoothing: 0.75, smoothingRadius: 2 })],
      ];
      for (const [name, result] of methods) {
        const s = score(result, data.truth);
        qualityRows.push([k, `${spam * 100}%`, name, fmt(s.miou), fmt(s.accuracy)]);
        metrics[`w${k}_spam${spam * 100}_${name.replace(/[^a-z]+/g, '_')}_miou`] = s.miou;
      }
    }

  // Throughput and memory: 20 and 200 images of 1024 × 768, 5 workers each. The batch's peak
  // should be about the same for both: each image's mask is encoded as soon as it is voted. Then
  // one image of 8000 × 6000: its peak is mostly its output PNG's, the vote holding a few rows.
  const small = await largeBatch(20);
  const big = await largeBatch(200);
  const huge = await largeItem();
  const seconds = big.seconds;
  const oneMp = dataset(1, 5, 0, 77, 1000, 1000);
  const oneMpSeconds = await medianSeconds(() => pixelVote.consolidate(oneMp.records, { labels: LABELS }), 5, 1);
  const oneMpPlain = await medianSeconds(() => pixelVote.consolidate(oneMp.records, { labels: LABELS, qualityRounds: 0 }), 5, 1);
  const oneMpSmoothed = await medianSeconds(() => pixelVote.consolidate(oneMp.records, { labels: LABELS, smoothing: 0.75, smoothingRadius: 2 }), 5, 1);
  Object.assign(metrics, { throughput_200x1024x768x5_seconds: seconds, throughput_peak_rss_mb: big.peakMb, throughput_20_peak_rss_mb: small.peakMb, one_megapixel_5_workers_seconds: oneMpSeconds, large_item_8000x6000x5_seconds: huge.seconds, large_item_peak_rss_mb: huge.peakMb });
  targets.push({ what: '1 megapixel × 5 workers, defaults (decode + 2 rounds)', target: '< 1 s', measured: `${fmt(oneMpSeconds, 3)} s`, met: oneMpSeconds < 1 });

  return {
    name: 'segmentation',
    tables: [
      { title: 'Smoothing sweep: mIoU (30 images of 512 × 384, 20 % spammers, worker weighting on), two seeds apart', columns: ['smoothing', '3 workers, seed A', '3 workers, seed B', '5 workers, seed A', '5 workers, seed B'], rows: sweepRows },
      { title: 'Synthetic masks (40 images of 512 × 384; edge noise, misses, extra regions, label swaps, anti-aliased white backgrounds), by share of spammers in a pool of 10', columns: ['workers', 'spammers', 'method', 'mIoU', 'pixel accuracy'], rows: qualityRows },
      {
        title: 'Throughput (defaults)',
        columns: ['what', 'seconds', 'per image (ms)', 'RSS before MB', 'peak RSS MB', 'output PNG bytes'],
        rows: [
          ...([[20, small, '1024 × 768'], [200, big, '1024 × 768'], [1, huge, '8000 × 6000']] as const).map(([n, b, size]) => [`${n} image${n > 1 ? 's' : ''} of ${size} × 5 workers: decode, vote (2 rounds), encode output`, fmt(b.seconds, 2), fmt((b.seconds / n) * 1000, 1), fmt(b.beforeMb, 0), `${fmt(b.peakMb, 0)}${b.kernel ? '' : ' (sampled: about the RSS at the end)'}`, b.outputBytes]),
          ['1 image of 1000 × 1000 × 5 workers, defaults', fmt(oneMpSeconds, 3), fmt(oneMpSeconds * 1000, 1), '', '', ''],
          ['1 image of 1000 × 1000 × 5 workers, no weighting', fmt(oneMpPlain, 3), fmt(oneMpPlain * 1000, 1), '', '', ''],
          ['1 image of 1000 × 1000 × 5 workers, smoothing 0.75, r = 2', fmt(oneMpSmoothed, 3), fmt(oneMpSmoothed * 1000, 1), '', '', ''],
        ],
      },
    ],
    metrics,
    targets,
  };
}
