import { Unzlib } from 'fflate';
import { checkSignature, PNG_SIGNATURE, PngError, readChunkAt, readChunks, type Chunk } from './png-chunks.ts';
import { bitsPerPixel, expandPixels, expandRow, indexRow, passesOf, rawSize, readHeader, rowBytes, unfilter, unfilterRow, type ColourTables, type Pass, type PngHeader } from './png-pixels.ts';
import { rowsOf } from './rows.ts';

/**
 * gtkit's one PNG codec: the segmentation consolidation decodes workers' masks with it and
 * encodes the consolidated mask, the preview's crowd-semantic-segmentation stand-in encodes its
 * answers with it, and `gtkit init` its sample pictures. Plain TypeScript over `fflate`, so it
 * runs in Lambda and in the browser bundle alike (nothing from Node here).
 */

export { PngError } from './png-chunks.ts';
export type { PngHeader } from './png-pixels.ts';
export { Base64Error, fromBase64, fromBase64Head, toBase64 } from './base64.ts';
export { encodeIndexedPng, encodePng, IndexedPngWriter, type EncodeOptions } from './png-encode.ts';

/** 8-bit RGBA pixels, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Ground Truth's quota for an image (§8 of the reference: at most 100 M pixels), and so the most
 * a mask of one can hold. The decoder refuses more before allocating anything.
 */
export const MAX_PNG_PIXELS = 100_000_000;

/**
 * Deflate's best case: one 258-byte match per 2 bits at most gives 1032 output bytes per input byte.
 * IDAT data that announces more than this could be inflating to is cut off (or a lie), and is
 * refused before the image's memory is allocated.
 */
const DEFLATE_MAX_RATIO = 1032;

/** Compressed bytes handed to the inflater at a time, so that data inflating past its size is stopped early. */
const INFLATE_SLICE = 16 * 1024;

/**
 * The same when reading row by row: a slice's inflated data is held until its rows are taken, and
 * a mask's flat areas inflate several hundredfold (16 kB to about 13 MB), so several answers read
 * side by side would each hold that much.
 */
const ROW_INFLATE_SLICE = 2 * 1024;

export interface DecodeOptions {
  /** The most pixels (width × height) accepted; default {@link MAX_PNG_PIXELS}. */
  maxPixels?: number;
}

/**
 * Decodes a PNG to 8-bit RGBA, whatever its colour type (grey, grey+alpha, RGB, RGBA, palette
 * with or without tRNS), bit depth (1, 2, 4, 8, 16: 16-bit samples keep their high byte) or
 * interlace (none or Adam7). Checks every chunk's length and CRC, the header's values, the
 * image's size against `maxPixels` and the IDAT data's size before inflating, and that the data
 * inflates to exactly the bytes the header announces. Anything wrong is a {@link PngError} that
 * says what and where. Ancillary chunks (gamma, text, …) are skipped.
 *
 * @example
 * const { width, height, data } = decodePng(fromBase64(answer.labeledImage.pngImageData));
 */
export function decodePng(bytes: Uint8Array, options: DecodeOptions = {}): RgbaImage {
  return rgbaOf(checkedImage(bytes, options));
}

/** A checked image's data inflated and expanded to RGBA: {@link decodePng} after its checks, for callers that made them already. */
function rgbaOf(image: CheckedImage): RgbaImage {
  const { header, tables } = image;
  const raw = inflated(image);
  const out = new Uint8Array(header.width * header.height * 4);
  forEachRow(header, raw, (line, pass, j) => expandRow(header, tables, raw, line, pass, j, out));
  return { width: header.width, height: header.height, data: out };
}

/** A palette image's pixels as their palette indices, one byte a pixel, row-major. */
export interface IndexedImage {
  width: number;
  height: number;
  indices: Uint8Array;
}

/**
 * Decodes a palette PNG (colour type 3, any bit depth, interlaced or not) to its palette indices,
 * checked as {@link decodePng} checks a file: the way back from {@link encodeIndexedPng}, where an
 * index is a class and two classes may share a colour. Any other colour type is a {@link PngError}.
 */
export function decodeIndexedPng(bytes: Uint8Array, options: DecodeOptions = {}): IndexedImage {
  const image = checkedImage(bytes, options);
  const { header, tables } = image;
  const raw = inflated(image);
  if (header.colourType !== 3) throw new PngError(`expected a palette image (colour type 3), got colour type ${header.colourType}`);
  const indices = new Uint8Array(header.width * header.height);
  forEachRow(header, raw, (line, pass, j) => indexRow(header, tables, raw, line, pass, j, indices));
  return { width: header.width, height: header.height, indices };
}

/** A file whose chunks and header are checked, nothing inflated yet: see {@link checkedImage}. */
interface CheckedImage {
  header: PngHeader;
  tables: ColourTables;
  idat: Uint8Array[];
}

/** A checked image's data inflated, its rows still filtered. */
function inflated({ header, idat }: CheckedImage): Uint8Array {
  return inflateExactly(idat, rawSize(header), header);
}

/**
 * The file's chunks, header, size against `maxPixels`, colour tables and IDAT checked, and the IDAT
 * data's size against what it must inflate to: every check made before anything is inflated or allocated.
 */
function checkedImage(bytes: Uint8Array, options: DecodeOptions): CheckedImage {
  const chunks = readChunks(bytes);
  const first = chunks[0] as Chunk;
  if (first.type !== 'IHDR') throw new PngError(`the first chunk must be IHDR, it is ${first.type}`);
  const header = readHeader(first.data);
  const maxPixels = options.maxPixels ?? MAX_PNG_PIXELS;
  const pixels = header.width * header.height;
  if (pixels > maxPixels) throw new PngError(`the image is ${header.width} × ${header.height} = ${pixels} pixels, more than the ${maxPixels} allowed`);
  const { tables, idat } = readBody(chunks, header);
  checkInflateBound(idat, rawSize(header), header);
  return { header, tables, idat };
}

/** A PNG opened for reading one row at a time: its size known and checked, nothing inflated yet. */
export interface PngRows {
  width: number;
  height: number;
  /** Adam7: each {@link open} decodes the whole image first. */
  interlaced: boolean;
  /**
   * Hands over each row top to bottom as 8-bit RGBA (`width` × 4 bytes, the same buffer each time:
   * copy what must outlast the call). Throws a {@link PngError} where {@link decodePng} would; an
   * error the callback throws passes through as it is.
   */
  forEachRow(row: (rgba: Uint8Array, y: number) => void): void;
  /**
   * Starts a read of the rows that the caller pulls one at a time, so that several images can be
   * read side by side: each {@link PngRowReader.next} gives the next row, checked as
   * {@link forEachRow} checks it. Each call starts again from the top.
   */
  open(): PngRowReader;
}

/** Rows pulled one at a time, top to bottom. */
export interface PngRowReader {
  /** The next row as 8-bit RGBA (the same buffer each time); after the last row, the data's size has been checked too. */
  next(): Uint8Array;
}

/**
 * Opens a PNG for reading row by row, with every check {@link decodePng} makes, those before
 * inflating made here. A plain image is inflated as it is read, keeping two scanlines and one RGBA
 * row: for 8-bit RGBA, 8 bytes a pixel less than {@link decodePng} (the inflated data and the RGBA
 * image). An Adam7 image is decoded whole first: its seven passes each hold part of every row, so
 * no row is complete before the last pass.
 *
 * When a file has several faults, a fault in a row (a bad filter type, a palette index past PLTE) is
 * met as that row is reached, so it may be named before a fault further on that {@link decodePng}
 * names first (data inflating to more or fewer bytes than announced).
 *
 * @example
 * const rows = pngRows(bytes);
 * rows.forEachRow((rgba, y) => classify(rgba, y));
 */
export function pngRows(bytes: Uint8Array, options: DecodeOptions = {}): PngRows {
  const image = checkedImage(bytes, options);
  const { header, tables, idat } = image;
  const { width, height } = header;
  // An Adam7 image is decoded whole at each open, from the chunks checked here once.
  const open = header.interlaced ? () => ({ next: rowsOf(rgbaOf(image).data, width * 4) }) : () => streamedRows(header, tables, idat);
  return {
    width,
    height,
    interlaced: header.interlaced,
    open,
    forEachRow(row) {
      const reader = open();
      for (let y = 0; y < height; y++) row(reader.next(), y);
    },
  };
}

/**
 * A plain image's rows, its IDAT data inflated a slice at a time as rows are asked for: each
 * scanline is unfiltered against the one before and expanded to RGBA. A slice's data is inflated
 * and size-checked before any of its rows is unfiltered, as {@link inflateExactly} does, so faults
 * are met in the same order as by a whole decode of the same rows.
 */
function streamedRows(header: PngHeader, tables: ColourTables, idat: readonly Uint8Array[]): PngRowReader {
  const [pass] = passesOf(header) as [Pass];
  const perRow = rowBytes(header, pass);
  const stride = perRow + 1;
  const bytesPerPixel = Math.max(1, bitsPerPixel(header) >> 3);
  // Two scanlines, filter byte first: the row being filled and the unfiltered row above it.
  const lines = new Uint8Array(2 * stride);
  const rgba = new Uint8Array(header.width * 4);
  // Inflated data not yet taken into a scanline: fflate hands over one new chunk per slice pushed.
  const pending: Uint8Array[] = [];
  let taken = 0;
  const inflation = new IdatInflation(idat, rawSize(header), header, ROW_INFLATE_SLICE, (chunk) => pending.push(chunk));
  let y = 0;
  return {
    next() {
      const current = (y & 1) * stride;
      for (let filled = 0; filled < stride; ) {
        const chunk = pending[0];
        if (!chunk) {
          if (inflation.step()) continue;
          // Out of data before the last row: finishing names how many bytes it came to.
          inflation.finish();
          throw new PngError(`IDAT ends in row ${y}`);
        }
        const take = Math.min(stride - filled, chunk.length - taken);
        lines.set(chunk.subarray(taken, taken + take), current + filled);
        filled += take;
        taken += take;
        if (taken === chunk.length) {
          pending.shift();
          taken = 0;
        }
      }
      unfilterRow(lines, current, y > 0 ? stride - current + 1 : -1, perRow, bytesPerPixel, y, -1);
      expandPixels(header, tables, lines, current + 1, pass, y, rgba, 0);
      // After the last row the rest of the data must inflate to nothing more.
      if (++y === header.height) inflation.finish();
      return rgba;
    },
  };
}

/** Undoes each pass's row filters in place and hands over each row: where its samples start in `raw`, its pass and its row in the pass. */
function forEachRow(header: PngHeader, raw: Uint8Array, row: (line: number, pass: Pass, j: number) => void): void {
  const bytesPerPixel = Math.max(1, bitsPerPixel(header) >> 3);
  let at = 0;
  passesOf(header).forEach((pass, p) => {
    const perRow = rowBytes(header, pass);
    unfilter(raw, at, pass.height, perRow, bytesPerPixel, header.interlaced ? p : -1);
    for (let j = 0; j < pass.height; j++) row(at + j * (perRow + 1) + 1, pass, j);
    at += pass.height * (perRow + 1);
  });
}

/** Bytes from the file's start to the end of IHDR (signature, chunk length and type, 13 bytes of data, CRC): all {@link readPngHeader} reads. */
export const PNG_HEADER_BYTES = 33;

/**
 * The image's header (size, bit depth, colour type, interlace) from the signature and the IHDR
 * chunk alone, checked as {@link decodePng} checks them; nothing is inflated, the rest of the file
 * is not read. For checking an answer's size before decoding it.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  checkSignature(bytes);
  const first = readChunkAt(bytes, PNG_SIGNATURE.length);
  if (first.type !== 'IHDR') throw new PngError(`the first chunk must be IHDR, it is ${first.type}`);
  return readHeader(first.data);
}

/** PLTE, tRNS and the IDAT chunks, in the order and number the specification requires. */
function readBody(chunks: readonly Chunk[], header: PngHeader): { tables: ColourTables; idat: Uint8Array[] } {
  const tables: ColourTables = { palette: new Uint8Array(256 * 4), paletteSize: 0 };
  const idat: Uint8Array[] = [];
  let idatEnded = false;
  for (const chunk of chunks.slice(1)) {
    const { type, data, offset } = chunk;
    if (type === 'IDAT') {
      if (idatEnded) throw new PngError(`chunk IDAT at byte ${offset}: IDAT chunks must follow one another, this one comes after a ${chunks[chunks.indexOf(chunk) - 1]?.type} chunk`);
      idat.push(data);
      continue;
    }
    if (idat.length > 0) idatEnded = true;
    if (type === 'PLTE') readPalette(data, header, tables, offset, idat.length > 0);
    else if (type === 'tRNS') readTransparency(data, header, tables, offset);
    else if (type === 'IHDR') throw new PngError(`chunk IHDR at byte ${offset}: a PNG has one IHDR, this is a second`);
    else if (type !== 'IEND' && (type.charCodeAt(0) & 32) === 0) throw new PngError(`chunk ${type} at byte ${offset}: an unknown critical chunk (its first letter is upper case), which a decoder must not skip`);
  }
  if (idat.length === 0) throw new PngError('no image data: the file has no IDAT chunk');
  if (header.colourType === 3 && tables.paletteSize === 0) throw new PngError('a palette image (colour type 3) needs a PLTE chunk before its IDAT, and has none');
  return { tables, idat };
}

function readPalette(data: Uint8Array, header: PngHeader, tables: ColourTables, offset: number, afterIdat: boolean): void {
  if (afterIdat) throw new PngError(`chunk PLTE at byte ${offset}: must come before IDAT`);
  const entries = data.length / 3;
  if (!Number.isInteger(entries) || entries < 1 || entries > 256) throw new PngError(`chunk PLTE at byte ${offset}: holds ${data.length} bytes; expected 1 to 256 entries of 3 bytes`);
  if (header.colourType === 3 && entries > 1 << header.bitDepth) throw new PngError(`chunk PLTE at byte ${offset}: ${entries} entries, more than ${1 << header.bitDepth} that bit depth ${header.bitDepth} can address`);
  // A palette beside RGB data is only a hint for screens with few colours: not used here.
  if (header.colourType !== 3) return;
  for (let i = 0; i < entries; i++) tables.palette.set([data[i * 3] as number, data[i * 3 + 1] as number, data[i * 3 + 2] as number, 255], i * 4);
  tables.paletteSize = entries;
}

function readTransparency(data: Uint8Array, header: PngHeader, tables: ColourTables, offset: number): void {
  const at = `chunk tRNS at byte ${offset}`;
  const word = (i: number) => ((data[i] as number) << 8) | (data[i + 1] as number);
  switch (header.colourType) {
    case 3:
      if (tables.paletteSize === 0) throw new PngError(`${at}: must come after PLTE`);
      if (data.length > tables.paletteSize) throw new PngError(`${at}: ${data.length} alpha values for ${tables.paletteSize} palette entries`);
      for (let i = 0; i < data.length; i++) tables.palette[i * 4 + 3] = data[i] as number;
      return;
    case 0:
      if (data.length !== 2) throw new PngError(`${at}: a grey image's tRNS holds 2 bytes, this holds ${data.length}`);
      tables.transparent = [word(0)];
      return;
    case 2:
      if (data.length !== 6) throw new PngError(`${at}: an RGB image's tRNS holds 6 bytes, this holds ${data.length}`);
      tables.transparent = [word(0), word(2), word(4)];
      return;
    default:
      // Images with an alpha channel may not have tRNS; other decoders ignore it, and so does this one.
      return;
  }
}

/**
 * The IDAT data inflated into exactly `expected` bytes, once {@link checkInflateBound} has refused
 * data too short to hold them; stops as soon as the data inflates past them, so a hostile file can
 * neither make the decoder allocate for a size it does not carry nor keep it inflating for long.
 */
function inflateExactly(parts: readonly Uint8Array[], expected: number, header: PngHeader): Uint8Array {
  const raw = new Uint8Array(expected);
  let written = 0;
  new IdatInflation(parts, expected, header, INFLATE_SLICE, (chunk) => {
    raw.set(chunk, written);
    written += chunk.length;
  }).finish();
  return raw;
}

/** Refuses IDAT data too short to inflate to `expected` bytes even at deflate's best ratio. */
function checkInflateBound(parts: readonly Uint8Array[], expected: number, header: PngHeader): void {
  const compressed = parts.reduce((n, p) => n + p.length, 0);
  if (expected > compressed * DEFLATE_MAX_RATIO) {
    throw new PngError(`the IDAT chunks hold ${compressed} compressed bytes, which cannot inflate to the ${expected} bytes a ${header.width} × ${header.height} image needs: the file is cut off or its IHDR is wrong`);
  }
}

/**
 * The IDAT data inflated `slice` compressed bytes at a time, each inflated chunk handed to `sink`, checked to come
 * to exactly `expected` bytes: past them it stops at once, short of them {@link finish} throws. A
 * PngError or any error `sink` throws passes through; anything else is damaged data. The caller
 * pushes the slices ({@link step}), so that it can take the data as it needs it.
 */
class IdatInflation {
  private readonly inflater: Unzlib;
  private written = 0;
  private sinkError: unknown;
  private part = 0;
  private at = 0;

  constructor(
    private readonly parts: readonly Uint8Array[],
    private readonly expected: number,
    private readonly header: PngHeader,
    private readonly slice: number,
    sink: (chunk: Uint8Array) => void,
  ) {
    this.inflater = new Unzlib({}, (chunk) => {
      if (this.written + chunk.length > expected) throw new PngError(`IDAT inflates to more than the ${expected} bytes a ${this.size} image needs (${header.bitDepth}-bit, colour type ${header.colourType}${header.interlaced ? ', interlaced' : ''}): the file is damaged`);
      this.written += chunk.length;
      try {
        sink(chunk);
      } catch (error) {
        this.sinkError = error;
        throw error;
      }
    });
  }

  private get size(): string {
    return `${this.header.width} × ${this.header.height}`;
  }

  /** Pushes the next slice of compressed data (an empty last chunk ends the stream); false once every byte has been pushed. */
  step(): boolean {
    while (this.part < this.parts.length) {
      const data = this.parts[this.part] as Uint8Array;
      const last = this.part === this.parts.length - 1;
      if (data.length === 0) {
        this.part++;
        if (!last) continue;
        this.push(data, true);
        return true;
      }
      const slice = data.subarray(this.at, this.at + this.slice);
      this.at += this.slice;
      const done = this.at >= data.length;
      if (done) {
        this.part++;
        this.at = 0;
      }
      this.push(slice, last && done);
      return true;
    }
    return false;
  }

  /** Pushes what is left and checks that the data came to the bytes expected. */
  finish(): void {
    while (this.step());
    if (this.written < this.expected) throw new PngError(`IDAT inflates to ${this.written} bytes, fewer than the ${this.expected} a ${this.size} image needs: the file is cut off or damaged`);
  }

  private push(slice: Uint8Array, final: boolean): void {
    try {
      this.inflater.push(slice, final);
    } catch (error) {
      if (error instanceof PngError || (this.sinkError !== undefined && error === this.sinkError)) throw error;
      throw new PngError(`IDAT: the compressed data is damaged or cut off (${(error as Error).message})`);
    }
  }
}
