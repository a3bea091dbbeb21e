import { encodePng, fromBase64Head, PNG_HEADER_BYTES, toBase64 } from '../consolidation/segmentation/png.ts';
import { imageSize, obj, str } from './check-answer.ts';
import { simulatedLabel } from './classification.ts';
import { defineTaskType, fieldOf, objectAndLabelNames, pick, type Random, type SimulatedWorker, type TaskInputBuilder, type TruthShape } from './define.ts';
import { inventBoxes, jitteredPoint, truthList, type ImageSize, type ImageTaskInput, type Polygon } from './geometry.ts';
import { fillPolygon, type Point } from './polygon-fill.ts';
import { withModifiedFlag, type AdjustableAnswer } from './answer-notes.ts';
import { pngSizeOf, segmentationSimilarity } from './segmentation-masks.ts';
import { getOwn, setOwn } from '../contracts/own-property.ts';

/**
 * crowd-semantic-segmentation's answer (reference §4): the image's size, the colour of each label
 * the worker painted, and the mask as a base64 PNG the size of the image. `initialValueModified`
 * only on adjustment pages (an `initial-value` mask).
 */
export interface SemanticSegmentationAnswer extends AdjustableAnswer {
  inputImageProperties: ImageSize;
  labelMappings: Record<string, { color: string }>;
  labeledImage: { pngImageData: string };
}

/**
 * The most labels a semantic-segmentation task takes: the consolidated mask is an 8-bit indexed
 * PNG whose index 0 is the background (and the preview's brush paints at most 255 colours).
 * Ground Truth's own quota for a job without auto-labelling is higher (reference §7.4), so this
 * is gtkit's output format's limit, not the service's.
 */
const maxSegmentationLabels = 255;

/** A mask's colour: `#rrggbb`, as the element writes it (upper-case hex digits taken too). */
const hexColour = /^#[0-9a-fA-F]{6}$/;

function parseLabelMappings(value: unknown, path: string): Record<string, { color: string }> {
  const mappings = obj(value, path);
  const out: Record<string, { color: string }> = {};
  const byColour = new Map<string, string>();
  for (const [label, entry] of Object.entries(mappings)) {
    const at = `${path}[${JSON.stringify(label)}]`;
    const color = str(obj(entry, at).color, `${at}.color`);
    if (!hexColour.test(color)) throw new Error(`${at}.color: expected a colour "#rrggbb", got ${JSON.stringify(color)}`);
    const key = color.toLowerCase();
    const other = byColour.get(key);
    // Two labels of one colour cannot be told apart in the mask.
    if (other !== undefined) throw new Error(`${at}.color: ${JSON.stringify(other)} and ${JSON.stringify(label)} have the same colour ${key}, so the mask cannot tell them apart`);
    byColour.set(key, label);
    setOwn(out, label, { color: key });
  }
  return out;
}

/** A whole number of pixels, at least 1: a mask of no pixels says nothing. */
function sideOf(value: number, path: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${path}: expected a whole number of pixels ≥ 1, got ${value}`);
  return value;
}

/**
 * Checks the answer's `labeledImage.pngImageData`: base64 of a PNG whose header says the size of
 * `inputImageProperties`. The pixels are decoded by the consolidation; here only what can be
 * said cheaply (the header, from the text's first characters, however large the mask), so that a
 * garbled or wrong-size mask is set aside with its path.
 */
function checkMask(data: string, size: ImageSize, path: string): void {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Head(data, PNG_HEADER_BYTES);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  if (bytes.length === 0) throw new Error(`${path}: is empty; expected a base64 PNG`);
  const found = pngSizeOf(bytes, path);
  if (found.width !== size.width || found.height !== size.height) {
    throw new Error(`${path}: the PNG is ${found.width} × ${found.height} pixels, but inputImageProperties says ${size.width} × ${size.height}; the mask must have the image's size`);
  }
}

/**
 * The colour of the n-th label in a simulated mask: AWS's ten-colour palette (the preview's
 * stand-in paints with it too), then hues spread by the golden angle, so that any number of
 * labels keeps distinct colours.
 */
export function simulatedColour(index: number): string {
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const fixed = palette[index];
  if (fixed) return fixed;
  // Distinct values by construction: the index spread over the 24-bit space, away from the palette's.
  const n = (index - palette.length + 1) * 2654435761;
  const channel = (shift: number) => (((n >>> shift) & 0x7f) + 0x40).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(8)}${channel(16)}`;
}

/** The image size the truth gives, when it is a usable one (whole pixels, within the image quota). */
function usableSize(size: unknown): ImageSize | undefined {
  if (typeof size !== 'object' || size === null) return undefined;
  const { width, height } = size as Record<string, unknown>;
  if (typeof width !== 'number' || typeof height !== 'number' || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) return undefined;
  // The simulation paints the whole image: a quota-sized truth would take seconds per answer.
  return width * height <= 16_000_000 ? { width, height } : undefined;
}

/** Points along the polygon's outline at most `step` pixels apart, so that jittering them makes a wobbly edge, not a moved corner. */
function densified(vertices: readonly Point[], step: number): Point[] {
  const out: Point[] = [];
  vertices.forEach((a, i) => {
    const b = vertices[(i + 1) % vertices.length] as Point;
    const parts = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / step));
    for (let k = 0; k < parts; k++) out.push({ x: a.x + ((b.x - a.x) * k) / parts, y: a.y + ((b.y - a.y) * k) / parts });
  });
  return out;
}

/**
 * A point of an outline moved half as far as jitteredPoint moves a keypoint: (1.2 − accuracy) × 10
 * pixels on each axis, as the polygon type's vertices move; a brush edge strays less than a click.
 */
function wobbled(point: Point, accuracy: number, random: Random): Point {
  const moved = jitteredPoint(point, accuracy, random);
  return { x: (point.x + moved.x) / 2, y: (point.y + moved.y) / 2 };
}

/** A spammer's blob: an ellipse of random place, size and label. */
function randomBlob(labels: string[], size: ImageSize, random: Random): Polygon {
  const rx = 10 + random() * size.width * 0.2;
  const ry = 10 + random() * size.height * 0.2;
  const cx = random() * size.width;
  const cy = random() * size.height;
  const vertices = Array.from({ length: 24 }, (_, k) => ({ x: cx + rx * Math.cos((k * Math.PI) / 12), y: cy + ry * Math.sin((k * Math.PI) / 12) }));
  return { label: pick(labels, random), vertices };
}

/** The polygons a worker paints: the truth's with misses, wobbly edges (jitteredPoint) and label swaps, and a stray blob now and then; a spammer's blobs. */
function paintedPolygons(truth: readonly Polygon[], labels: string[], size: ImageSize, worker: SimulatedWorker, random: Random): Polygon[] {
  if (worker.spammer) return Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomBlob(labels, size, random));
  const out: Polygon[] = [];
  for (const p of truth) {
    if (random() > 0.5 + worker.accuracy / 2) continue; // missed
    out.push({ label: simulatedLabel(p.label, labels, worker, random), vertices: densified(p.vertices, 24).map((v) => wobbled(v, worker.accuracy, random)) });
  }
  if (random() < 0.1) out.push(randomBlob(labels, size, random));
  return out;
}

/** The polygons as the element's answer: an RGBA mask (unpainted pixels transparent, as the stand-in's) and the painted labels' colours. */
function maskAnswer(polygons: readonly Polygon[], labels: readonly string[], size: ImageSize): SemanticSegmentationAnswer {
  const classes = new Uint8Array(size.width * size.height);
  const painted = new Set<number>();
  // Later polygons paint over earlier ones, as a brush does.
  for (const p of polygons) {
    const index = labels.indexOf(p.label);
    if (index < 0 || index >= maxSegmentationLabels) continue;
    fillPolygon(classes, size.width, size.height, p.vertices, index + 1);
    painted.add(index + 1);
  }
  const colours = labels.map((_, i) => simulatedColour(i));
  const rgb = colours.map((c) => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)] as const);
  const data = new Uint8Array(classes.length * 4);
  const used = new Set<number>();
  for (let i = 0; i < classes.length; i++) {
    const k = classes[i] as number;
    if (k === 0) continue;
    const [r, g, b] = rgb[k - 1] as readonly [number, number, number];
    data[i * 4] = r;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = b;
    data[i * 4 + 3] = 255;
    used.add(k);
  }
  const labelMappings: Record<string, { color: string }> = {};
  // Only the labels with painted pixels, as the element lists them (templates/elements/answer-shapes.ts).
  for (const k of [...used].sort((a, b) => a - b)) setOwn(labelMappings, labels[k - 1] as string, { color: colours[k - 1] as string });
  return { inputImageProperties: size, labelMappings, labeledImage: { pngImageData: toBase64(encodePng({ width: size.width, height: size.height, data })) } };
}

/** Polygons to paint: the truth's, or boxes made up where the line has none (each worker then paints its own, at random). */
function truthPolygons(items: Polygon[] | undefined, labels: string[], size: ImageSize, random: Random): Polygon[] {
  if (items) return items.filter((p) => typeof p === 'object' && p !== null && typeof p.label === 'string' && Array.isArray(p.vertices));
  return inventBoxes(labels, size, random).map((b) => ({
    label: b.label,
    vertices: [
      { x: b.left, y: b.top },
      { x: b.left + b.width, y: b.top },
      { x: b.left + b.width, y: b.top + b.height },
      { x: b.left, y: b.top + b.height },
    ],
  }));
}

/** The truth the simulation paints: a list of labelled polygons, or `{ imageSize, polygons }` (the polygon type's truth). */
const segmentationTruth: TruthShape = {
  usable(truth) {
    const { items } = truthList<unknown>(truth, 'polygons');
    const size = typeof truth === 'object' && truth !== null && !Array.isArray(truth) ? getOwn(truth as Record<string, unknown>, 'imageSize') : undefined;
    return items !== undefined && (size === undefined || usableSize(size) !== undefined);
  },
  expected: 'a list of polygons, or { imageSize, polygons } (an image size of whole pixels, at most 16 M of them)',
};

/**
 * `task.input` of a semantic-segmentation task (the image, `source-ref`, and the label names), as
 * its definition's `buildTaskInput` builds it: what a scaffolded `pre.ts` calls, so the PRE
 * bundles this and not the definition (whose answer checks and simulation carry PNG code).
 */
export const semanticSegmentationTaskInputOf: TaskInputBuilder<ImageTaskInput> = objectAndLabelNames;

export const semanticSegmentation = /* @__PURE__ */ defineTaskType<ImageTaskInput, SemanticSegmentationAnswer>({
  name: 'semantic-segmentation',
  answerField: 'annotatedResult',
  answerKind: 'mask',
  defaultAlgorithm: 'pixel-vote',
  labelCount: { min: 1, max: maxSegmentationLabels },
  taskInputType: 'ImageTaskInput',
  outputType: 'groundtruth/semantic-segmentation',
  buildTaskInput: objectAndLabelNames,
  parseAnswer(answerContent) {
    const at = 'answer.annotatedResult';
    const a = obj(fieldOf(answerContent, 'annotatedResult'), at);
    const given = imageSize(a.inputImageProperties, `${at}.inputImageProperties`);
    const size = { width: sideOf(given.width, `${at}.inputImageProperties.width`), height: sideOf(given.height, `${at}.inputImageProperties.height`) };
    const labelMappings = parseLabelMappings(a.labelMappings, `${at}.labelMappings`);
    const pngImageData = str(obj(a.labeledImage, `${at}.labeledImage`).pngImageData, `${at}.labeledImage.pngImageData`);
    checkMask(pngImageData, size, `${at}.labeledImage.pngImageData`);
    return withModifiedFlag({ inputImageProperties: size, labelMappings, labeledImage: { pngImageData } }, a);
  },
  truth: segmentationTruth,
  simulate({ truth, worker, random, labels }) {
    const { items, size: truthSize } = truthList<Polygon>(truth, 'polygons');
    const size = usableSize(truthSize) ?? { width: 640, height: 480 };
    const polygons = paintedPolygons(truthPolygons(items, labels, size, random), labels, size, worker, random);
    return { annotatedResult: maskAnswer(polygons, labels, size) };
  },
  similarity: (a, b) => segmentationSimilarity(a, b),
});

