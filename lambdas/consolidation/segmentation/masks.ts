import { fromBase64, fromBase64Head, PNG_HEADER_BYTES, pngRows, readPngHeader, type PngHeader, type PngRows } from './png.ts';
import { rowsOf } from './rows.ts';
import { getOwn } from '../../contracts/own-property.ts';

/**
 * From a worker's painted PNG to a class map. crowd-semantic-segmentation submits an RGBA picture
 * in which each label's pixels have that label's colour (`labelMappings`); what unpainted pixels
 * look like is not documented (gtkit's stand-in leaves them transparent, a real canvas may be
 * opaque white or black), and a brush's anti-aliased edges blend a label's colour with its
 * neighbour's. So a pixel is read as:
 *
 * 1. background when it is mostly transparent (alpha below 128);
 * 2. the label whose colour it is exactly;
 * 3. else the nearest of the label colours and of white and black (the likely opaque
 *    backgrounds, unless a label has them), when within `colorTolerance` (Euclidean distance in
 *    RGB, default {@link DEFAULT_COLOR_TOLERANCE}; ties to the label listed first): an edge
 *    blending a label with white goes to whichever it is nearer;
 * 4. else background (a colour far from every label: an opaque background of another colour).
 *
 * A `labelMappings` label outside `labels` still takes part in 2 and 3, so its pixels become
 * background rather than the nearest known label's; it is reported in `unknownLabels`.
 */

/** A class map: row-major, 0 = background, k = `labels[k - 1]`. */
export interface LabelMask {
  width: number;
  height: number;
  classes: Uint8Array;
}

/** A worker's answer as the consolidation takes it (the crowd element's fields, the PNG decoded from base64 or not). */
export interface MaskAnswer {
  /** The PNG: bytes, base64, or a `data:image/png;base64,` URL. */
  png: Uint8Array | string;
  labelMappings: Record<string, { color: string }>;
  /** The image's size (`inputImageProperties`); when given, the PNG must have it. */
  imageSize?: { width: number; height: number };
}

/** A mask read from an answer, with what did not fit. */
export interface ReadMask extends LabelMask {
  /** `labelMappings` labels outside `labels`, sorted; their pixels are background. */
  unknownLabels: string[];
  /** Labels whose colour is not `#rrggbb` or `#rgb`, sorted; their pixels are background. */
  badColors: string[];
  /** Pixels read by nearness (rule 3 above): anti-aliased edges. */
  nearPixels: number;
  /** Opaque pixels of no label's colour (white, black, or far from every label), read as background. */
  farPixels: number;
  /** Of `farPixels`, those far from white and black too: painted in a colour `labelMappings` does not give. */
  unmatchedPixels: number;
  /** Opaque pixels other than white, black and their edges: what the worker painted. */
  paintedPixels: number;
}

/**
 * RGB distance within which a colour counts as a label's (rule 3). Ground Truth's default palette
 * (d3's category10) has its closest two colours 67 apart and every colour at least 150 from white
 * and 170 from black, so an edge blended with white or black by up to about a third stays within
 * 96 of its label (and is nearer it than the background), while a colour unlike every label,
 * such as an opaque grey or blue background, is further away and reads as background.
 */
export const DEFAULT_COLOR_TOLERANCE = 96;

/** The most labels a mask can tell apart (one byte a pixel, 0 for background). */
export const MAX_MASK_LABELS = 255;

/** Thrown when an answer's mask cannot be read at all; the message says why. */
export class MaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MaskError';
  }
}

export interface MaskOptions {
  colorTolerance?: number;
  /** Passed to the PNG decoder (default: Ground Truth's 100 M pixel quota). */
  maxPixels?: number;
}

/**
 * Distinct colours whose reading is remembered while a mask is read. A painted mask has a few
 * dozen (labels and their edges); past this, a colour is matched again each time it starts a run,
 * which is cheap (at most 257 colours to compare), instead of the cache growing to millions.
 */
const MAX_REMEMBERED_COLOURS = 4096;

/** The header of an answer's PNG (bytes, base64 or a data: URL), decoding only its first bytes: for its size before decoding it. */
export function maskHeaderOf(png: Uint8Array | string): PngHeader {
  return readPngHeader(typeof png === 'string' ? fromBase64Head(png, PNG_HEADER_BYTES) : png);
}

/** `#rrggbb` or `#rgb` (any case) as 0xrrggbb, or undefined. */
export function parseHexColor(color: unknown): number | undefined {
  if (typeof color !== 'string') return undefined;
  const long = /^#([0-9a-f]{6})$/i.exec(color);
  if (long) return parseInt(long[1] as string, 16);
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  return short ? parseInt(`${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`, 16) : undefined;
}

/** 0xrrggbb as `#rrggbb`. */
export const hexColor = (rgb: number): string => `#${rgb.toString(16).padStart(6, '0')}`;

/**
 * Reads an answer's PNG as a class map over `labels` (class k = `labels[k - 1]`). Throws a
 * {@link MaskError} (or the decoder's PngError / Base64Error) when the PNG cannot be read or its size is not
 * `imageSize`; a label outside `labels` or a bad colour is reported in the result, not thrown.
 *
 * @example
 * const mask = maskFromAnswer({ png: answer.labeledImage.pngImageData, labelMappings: answer.labelMappings }, ['cat', 'dog']);
 * mask.classes[y * mask.width + x]; // 0 background, 1 cat, 2 dog
 */
export function maskFromAnswer(answer: MaskAnswer, labels: readonly string[], options: MaskOptions = {}): ReadMask {
  let classes = new Uint8Array(0);
  // Row by row: the class map is the only whole-image array, not the inflated data and RGBA beside it.
  const read = readMaskRows(answer, labels, options, (row, y) => classes.set(row, y * row.length), ({ width, height }) => {
    classes = new Uint8Array(width * height);
  });
  return { ...read, classes };
}

/** What reading an answer's whole mask found, its class map aside. */
export type MaskSummary = Omit<ReadMask, 'classes'>;

/**
 * Reads an answer's mask as {@link maskFromAnswer} does, with the same checks and errors, handing
 * over each row's classes (`width` bytes, the same buffer each time) instead of keeping a map.
 * `opened` is told the image's size and interlace once the header is checked, before any row is read.
 */
export function readMaskRows(answer: MaskAnswer, labels: readonly string[], options: MaskOptions, row: (classes: Uint8Array, y: number) => void, opened?: (image: { width: number; height: number; interlaced: boolean }) => void): MaskSummary {
  const { image, classifier } = openMask(answer, labels, options);
  opened?.(image);
  const classes = new Uint8Array(image.width);
  image.forEachRow((rgba, y) => {
    classifier.classify(rgba, classes);
    row(classes, y);
  });
  // Checked once the file is read, as before: a damaged file is named as damaged whatever its size.
  checkImageSize(answer, image);
  return { width: image.width, height: image.height, ...classifier.summary() };
}

/**
 * Opens an answer's mask for pulling its rows one at a time, so that several answers can be read
 * side by side: each call of the result gives the next row's classes, top to bottom (`width` bytes,
 * valid until the next call), what {@link maskFromAnswer} gives for that row. For an answer already read
 * once whole ({@link readMaskRows}): its size is checked before any row, not after the last.
 *
 * An interlaced (Adam7) PNG has no row complete before its last pass, so it is decoded and
 * classified whole here, and its rows are handed from its class map: 1 byte a pixel held while the
 * rows are read, not the decoded image's 4 (which is dropped before this returns).
 */
export function openMaskRows(answer: MaskAnswer, labels: readonly string[], options: MaskOptions = {}): () => Uint8Array {
  const { image, classifier } = openMask(answer, labels, options);
  checkImageSize(answer, image);
  if (image.interlaced) {
    const map = new Uint8Array(image.width * image.height);
    image.forEachRow((rgba, y) => classifier.classify(rgba, map.subarray(y * image.width, (y + 1) * image.width)));
    return rowsOf(map, image.width);
  }
  const reader = image.open();
  const classes = new Uint8Array(image.width);
  return () => {
    classifier.classify(reader.next(), classes);
    return classes;
  };
}

function openMask(answer: MaskAnswer, labels: readonly string[], options: MaskOptions): { image: PngRows; classifier: RowClassifier } {
  if (labels.length > MAX_MASK_LABELS) throw new MaskError(`a mask tells apart at most ${MAX_MASK_LABELS} labels, got ${labels.length}`);
  const bytes = typeof answer.png === 'string' ? fromBase64(answer.png) : answer.png;
  const image = pngRows(bytes, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  return { image, classifier: new RowClassifier(paletteOf(answer.labelMappings, labels), options.colorTolerance ?? DEFAULT_COLOR_TOLERANCE) };
}

function checkImageSize(answer: MaskAnswer, image: { width: number; height: number }): void {
  const size = answer.imageSize;
  if (size && (size.width !== image.width || size.height !== image.height)) {
    throw new MaskError(`the mask is ${image.width} × ${image.height}, but the image is ${size.width} × ${size.height} (inputImageProperties)`);
  }
}

/** Reads RGBA rows as classes against one answer's palette, counting how each pixel was read. */
class RowClassifier {
  private readonly tolerance2: number;
  // Colours resolved once each: a mask has few distinct colours, edges included. The value is
  // the class, plus NEAR when found by nearness (rule 3), or FAR for background by distance.
  private readonly resolved: Map<number, number>;
  private nearPixels = 0;
  private farPixels = 0;
  private unmatchedPixels = 0;
  private paintedPixels = 0;
  private lastRgb = -1;
  private last = 0;

  constructor(
    private readonly palette: Palette,
    tolerance: number,
  ) {
    this.tolerance2 = tolerance * tolerance;
    this.resolved = new Map<number, number>([...palette.exact].map(([rgb, k]) => [rgb, k < 0 ? FAR : k]));
  }

  /** Writes the class of each of the row's pixels into `classes`. */
  classify(rgba: Uint8Array, classes: Uint8Array): void {
    const { resolved, palette, tolerance2 } = this;
    let { lastRgb, last, nearPixels, farPixels, unmatchedPixels, paintedPixels } = this;
    for (let x = 0, o = 0; x < classes.length; x++, o += 4) {
      if ((rgba[o + 3] as number) < 128) {
        classes[x] = 0;
        continue;
      }
      const rgb = ((rgba[o] as number) << 16) | ((rgba[o + 1] as number) << 8) | (rgba[o + 2] as number);
      if (rgb !== lastRgb) {
        lastRgb = rgb;
        let found = resolved.get(rgb);
        if (found === undefined) {
          const k = nearest(rgb, palette, tolerance2);
          found = k === undefined ? UNMATCHED : k < 0 ? FAR : k | NEAR;
          if (resolved.size < MAX_REMEMBERED_COLOURS) resolved.set(rgb, found);
        }
        last = found;
      }
      if (last === FAR) {
        farPixels++;
        classes[x] = 0;
      } else if (last === UNMATCHED) {
        farPixels++;
        unmatchedPixels++;
        paintedPixels++;
        classes[x] = 0;
      } else {
        if (last & NEAR) nearPixels++;
        classes[x] = last & 255;
        paintedPixels++;
      }
    }
    this.lastRgb = lastRgb;
    this.last = last;
    this.nearPixels = nearPixels;
    this.farPixels = farPixels;
    this.unmatchedPixels = unmatchedPixels;
    this.paintedPixels = paintedPixels;
  }

  summary(): Omit<MaskSummary, 'width' | 'height'> {
    return { unknownLabels: this.palette.unknown, badColors: this.palette.bad, nearPixels: this.nearPixels, farPixels: this.farPixels, unmatchedPixels: this.unmatchedPixels, paintedPixels: this.paintedPixels };
  }
}

const NEAR = 0x100;
/** White, black or near them: an opaque background. */
const FAR = 0x200;
/** Far from every label colour and from white and black. */
const UNMATCHED = 0x400;

interface Palette {
  /** Exact colour → class (0 for a label outside `labels`, -1 for white or black as background). */
  exact: Map<number, number>;
  /** Every usable label colour and its class, in `labels` order, then unknown labels sorted. */
  colors: Int32Array;
  classOf: Int32Array;
  unknown: string[];
  bad: string[];
}

function paletteOf(labelMappings: Record<string, { color: string }>, labels: readonly string[]): Palette {
  const classOf = new Map(labels.map((label, k) => [label, k + 1]));
  const names = Object.keys(labelMappings);
  const unknown = names.filter((n) => !classOf.has(n)).sort();
  const exact = new Map<number, number>();
  const colors: number[] = [];
  const classes: number[] = [];
  const bad: string[] = [];
  // Known labels first, in `labels` order: a colour two labels share goes to the one listed first.
  for (const name of [...labels.filter((l) => Object.hasOwn(labelMappings, l)), ...unknown]) {
    const rgb = parseHexColor(getOwn(labelMappings, name)?.color);
    if (rgb === undefined) {
      bad.push(name);
      continue;
    }
    const k = classOf.get(name) ?? 0;
    if (!exact.has(rgb)) exact.set(rgb, k);
    colors.push(rgb);
    classes.push(k);
  }
  // White and black are background unless a label has them: -1 makes them count as far.
  for (const rgb of [0xffffff, 0x000000]) {
    if (exact.has(rgb)) continue;
    exact.set(rgb, -1);
    colors.push(rgb);
    classes.push(-1);
  }
  return { exact, colors: Int32Array.from(colors), classOf: Int32Array.from(classes), unknown, bad: bad.sort() };
}

/** The class of the nearest colour within the tolerance (squared; -1: white or black), or undefined. */
function nearest(rgb: number, palette: Palette, tolerance2: number): number | undefined {
  let best: number | undefined;
  let bestDistance = tolerance2;
  for (let i = 0; i < palette.colors.length; i++) {
    const c = palette.colors[i] as number;
    const dr = ((rgb >> 16) & 255) - ((c >> 16) & 255);
    const dg = ((rgb >> 8) & 255) - ((c >> 8) & 255);
    const db = (rgb & 255) - (c & 255);
    const d = dr * dr + dg * dg + db * db;
    if (d < bestDistance || (best === undefined && d === bestDistance)) {
      best = palette.classOf[i] as number;
      bestDistance = d;
    }
  }
  return best;
}
