import { PngError } from './png-chunks.ts';

/**
 * From inflated PNG scanlines to 8-bit RGBA: the five row filters undone, Adam7's seven passes
 * placed, and every colour type and bit depth expanded (PNG specification, sections 7–9).
 */

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
}

/** Channels per pixel for each colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const COLOUR_NAMES: Readonly<Record<number, string>> = { 0: 'grey', 2: 'RGB', 3: 'palette', 4: 'grey+alpha', 6: 'RGBA' };

/** Reads and checks IHDR's 13 bytes. */
export function readHeader(data: Uint8Array): PngHeader {
  if (data.length !== 13) throw new PngError(`IHDR must hold 13 bytes, it holds ${data.length}`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colourType, compression, filter, interlace] = [data[8], data[9], data[10], data[11], data[12]] as number[] as [number, number, number, number, number];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) throw new PngError(`IHDR: the image is ${width} × ${height}; each side must be 1 to 2^31 - 1 pixels`);
  const depths = DEPTHS[colourType];
  if (!depths) throw new PngError(`IHDR: colour type ${colourType} does not exist (expected 0, 2, 3, 4 or 6)`);
  if (!depths.includes(bitDepth)) throw new PngError(`IHDR: bit depth ${bitDepth} is not allowed for colour type ${colourType} (${COLOUR_NAMES[colourType]}); allowed: ${depths.join(', ')}`);
  if (compression !== 0) throw new PngError(`IHDR: compression method ${compression} is unknown (only 0, deflate, exists)`);
  if (filter !== 0) throw new PngError(`IHDR: filter method ${filter} is unknown (only 0 exists)`);
  if (interlace > 1) throw new PngError(`IHDR: interlace method ${interlace} is unknown (expected 0, none, or 1, Adam7)`);
  return { width, height, bitDepth, colourType, interlaced: interlace === 1 };
}

export const bitsPerPixel = (h: PngHeader): number => (CHANNELS[h.colourType] as number) * h.bitDepth;

/** A pass of the image: every `dx`-th pixel from `x0` in every `dy`-th row from `y0`. */
export interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

const ADAM7: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** The image's passes with pixels in them: one for a plain image, up to seven for Adam7. */
export function passesOf(h: PngHeader): Pass[] {
  if (!h.interlaced) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width: h.width, height: h.height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({ x0, y0, dx, dy, width: Math.ceil(Math.max(0, h.width - x0) / dx), height: Math.ceil(Math.max(0, h.height - y0) / dy) })).filter((p) => p.width > 0 && p.height > 0);
}

/** Bytes of one scanline of `pass`, without its filter byte. */
export const rowBytes = (h: PngHeader, pass: Pass): number => Math.ceil((pass.width * bitsPerPixel(h)) / 8);

/** How many inflated bytes the image needs: each pass's rows, each with its filter byte. */
export function rawSize(h: PngHeader): number {
  let n = 0;
  for (const p of passesOf(h)) n += p.height * (1 + rowBytes(h, p));
  return n;
}

/** Colour information beside IHDR: the palette (PLTE) and the transparency (tRNS) chunks. */
export interface ColourTables {
  /** 256 entries of RGBA; entries past `paletteSize` are unused. */
  palette: Uint8Array;
  paletteSize: number;
  /** For grey or RGB: the one sample value (at the image's bit depth) that is transparent. */
  transparent?: readonly number[];
}

/** Undoes the row filters of one pass in place (`raw` from `start`, `rows` scanlines with filter bytes). */
export function unfilter(raw: Uint8Array, start: number, rows: number, bytesPerRow: number, bytesPerPixel: number, passIndex: number): void {
  const stride = bytesPerRow + 1;
  for (let r = 0; r < rows; r++) unfilterRow(raw, start + r * stride, r > 0 ? start + (r - 1) * stride + 1 : -1, bytesPerRow, bytesPerPixel, r, passIndex);
}

/**
 * Undoes one scanline's filter in place: its filter byte at `filterAt`, its samples right after,
 * the unfiltered row above at `prev` (-1 for a pass's first row). `row` and `passIndex` (-1 when not
 * interlaced) name the row in the message. The previous row may sit anywhere in `raw`, so a
 * streaming reader can keep just two scanlines.
 */
export function unfilterRow(raw: Uint8Array, filterAt: number, prev: number, bytesPerRow: number, bytesPerPixel: number, row: number, passIndex: number): void {
  const line = filterAt + 1;
  const hasPrev = prev >= 0;
  const filter = raw[filterAt] as number;
  switch (filter) {
    case 0:
      break;
    case 1:
      for (let i = bytesPerPixel; i < bytesPerRow; i++) raw[line + i] = (raw[line + i] as number) + (raw[line + i - bytesPerPixel] as number);
      break;
    case 2:
      if (hasPrev) for (let i = 0; i < bytesPerRow; i++) raw[line + i] = (raw[line + i] as number) + (raw[prev + i] as number);
      break;
    case 3:
      for (let i = 0; i < bytesPerRow; i++) {
        const left = i >= bytesPerPixel ? (raw[line + i - bytesPerPixel] as number) : 0;
        const up = hasPrev ? (raw[prev + i] as number) : 0;
        raw[line + i] = (raw[line + i] as number) + ((left + up) >> 1);
      }
      break;
    case 4:
      for (let i = 0; i < bytesPerRow; i++) {
        const left = i >= bytesPerPixel ? (raw[line + i - bytesPerPixel] as number) : 0;
        const up = hasPrev ? (raw[prev + i] as number) : 0;
        const upLeft = hasPrev && i >= bytesPerPixel ? (raw[prev + i - bytesPerPixel] as number) : 0;
        raw[line + i] = (raw[line + i] as number) + paeth(left, up, upLeft);
      }
      break;
    default:
      throw new PngError(`IDAT: row ${row}${passIndex >= 0 ? ` of interlace pass ${passIndex + 1}` : ''} has filter type ${filter} (expected 0 to 4); the data is damaged`);
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Writes one unfiltered scanline of `pass` (row `j`) into the RGBA image. Samples of 16 bits keep
 * their high byte; grey of 1, 2 or 4 bits is scaled to 0–255. tRNS compares the full sample.
 */
export function expandRow(h: PngHeader, tables: ColourTables, raw: Uint8Array, line: number, pass: Pass, j: number, out: Uint8Array): void {
  const y = pass.y0 + j * pass.dy;
  expandPixels(h, tables, raw, line, pass, y, out, (y * h.width + pass.x0) * 4);
}

/**
 * {@link expandRow}'s work for row `y` of `pass`, its first pixel written at `out[start]`: a
 * streaming reader passes a one-row buffer and 0, and messages still name the pixel's place in the image.
 */
export function expandPixels(h: PngHeader, tables: ColourTables, raw: Uint8Array, line: number, pass: Pass, y: number, out: Uint8Array, start: number): void {
  const step = pass.dx * 4;
  let o = start;
  const n = pass.width;
  const d = h.bitDepth;
  const t = tables.transparent;
  switch (h.colourType) {
    case 6:
      if (d === 8 && step === 4) out.set(raw.subarray(line, line + n * 4), o);
      else for (let i = 0, k = d >> 3, s = line; i < n; i++, o += step, s += 4 * k) {
        out[o] = raw[s] as number;
        out[o + 1] = raw[s + k] as number;
        out[o + 2] = raw[s + 2 * k] as number;
        out[o + 3] = raw[s + 3 * k] as number;
      }
      return;
    case 2:
      for (let i = 0, k = d >> 3, s = line; i < n; i++, o += step, s += 3 * k) {
        out[o] = raw[s] as number;
        out[o + 1] = raw[s + k] as number;
        out[o + 2] = raw[s + 2 * k] as number;
        let opaque = true;
        if (t) opaque = d === 8 ? raw[s] !== t[0] || raw[s + 1] !== t[1] || raw[s + 2] !== t[2] : sample16(raw, s) !== t[0] || sample16(raw, s + 2) !== t[1] || sample16(raw, s + 4) !== t[2];
        out[o + 3] = opaque ? 255 : 0;
      }
      return;
    case 4:
      for (let i = 0, k = d >> 3, s = line; i < n; i++, o += step, s += 2 * k) {
        const grey = raw[s] as number;
        out[o] = grey;
        out[o + 1] = grey;
        out[o + 2] = grey;
        out[o + 3] = raw[s + k] as number;
      }
      return;
    case 0:
      for (let i = 0; i < n; i++, o += step) {
        const value = d === 16 ? sample16(raw, line + 2 * i) : d === 8 ? (raw[line + i] as number) : packed(raw, line, i, d);
        const grey = d === 16 ? (raw[line + 2 * i] as number) : d === 8 ? value : (value * 255) / ((1 << d) - 1);
        out[o] = grey;
        out[o + 1] = grey;
        out[o + 2] = grey;
        out[o + 3] = t && value === t[0] ? 0 : 255;
      }
      return;
    case 3:
      for (let i = 0; i < n; i++, o += step) {
        const index = d === 8 ? (raw[line + i] as number) : packed(raw, line, i, d);
        if (index >= tables.paletteSize) throw new PngError(`pixel (${pass.x0 + i * pass.dx}, ${y}) uses palette entry ${index}, but PLTE has ${tables.paletteSize}`);
        out[o] = tables.palette[index * 4] as number;
        out[o + 1] = tables.palette[index * 4 + 1] as number;
        out[o + 2] = tables.palette[index * 4 + 2] as number;
        out[o + 3] = tables.palette[index * 4 + 3] as number;
      }
      return;
  }
}

/** Writes one unfiltered scanline of a palette image's `pass` (row `j`) into `out` as palette indices, one byte a pixel. */
export function indexRow(h: PngHeader, tables: ColourTables, raw: Uint8Array, line: number, pass: Pass, j: number, out: Uint8Array): void {
  const y = pass.y0 + j * pass.dy;
  const d = h.bitDepth;
  for (let i = 0, o = y * h.width + pass.x0; i < pass.width; i++, o += pass.dx) {
    const index = d === 8 ? (raw[line + i] as number) : packed(raw, line, i, d);
    if (index >= tables.paletteSize) throw new PngError(`pixel (${pass.x0 + i * pass.dx}, ${y}) uses palette entry ${index}, but PLTE has ${tables.paletteSize}`);
    out[o] = index;
  }
}

const sample16 = (raw: Uint8Array, at: number): number => ((raw[at] as number) << 8) | (raw[at + 1] as number);

/** Sample `i` of a row packed at 1, 2 or 4 bits, leftmost in the high bits. */
function packed(raw: Uint8Array, line: number, i: number, depth: number): number {
  const bit = i * depth;
  return ((raw[line + (bit >> 3)] as number) >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
}
