import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';

// The PNG tests' own PNG writer (node:zlib for deflate and CRC), independent of the codec under
// test, that writes every colour type, bit depth, row filter and Adam7. Pixels are given as
// samples at the image's bit depth, so the expected RGBA is worked out here, not by the decoder.

export type Samples = (x: number, y: number) => number[];
export interface Fixture {
  width: number;
  height: number;
  colourType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  interlace?: boolean;
  sample: Samples;
  palette?: Array<[number, number, number]>;
  trns?: number[];
  /** Filter per row (cycled); default 0–4 in turn. */
  filters?: number[];
}

export const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

export function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(zlibCrc32(body), 8 + data.length);
  return out;
}

function packRow(f: Fixture, xs: number[], y: number): Buffer {
  const bits = CHANNELS[f.colourType] * f.bitDepth;
  const row = Buffer.alloc(Math.ceil((xs.length * bits) / 8));
  let bit = 0;
  for (const x of xs)
    for (const v of f.sample(x, y)) {
      if (f.bitDepth === 16) row.writeUInt16BE(v, bit >> 3);
      else if (f.bitDepth === 8) row[bit >> 3] = v;
      else row[bit >> 3] = (row[bit >> 3] ?? 0) | (v << (8 - f.bitDepth - (bit & 7)));
      bit += f.bitDepth;
    }
  return row;
}

function filterRow(type: number, row: Buffer, prev: Buffer | undefined, bpp: number): Buffer {
  const out = Buffer.alloc(row.length + 1);
  out[0] = type;
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? (row[i - bpp] ?? 0) : 0;
    const b = prev ? (prev[i] ?? 0) : 0;
    const c = prev && i >= bpp ? (prev[i - bpp] ?? 0) : 0;
    const p = a + b - c;
    const predictor = [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][type] ?? 0;
    out[i + 1] = ((row[i] ?? 0) - predictor) & 255;
  }
  return out;
}

export function rawScanlines(f: Fixture): Buffer {
  const bpp = Math.max(1, (CHANNELS[f.colourType] * f.bitDepth) >> 3);
  const passes = f.interlace ? ADAM7 : [[0, 0, 1, 1] as const];
  const filters = f.filters ?? [0, 1, 2, 3, 4];
  const rows: Buffer[] = [];
  let n = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const xs: number[] = [];
    for (let x = x0; x < f.width; x += dx) xs.push(x);
    if (xs.length === 0) continue;
    let prev: Buffer | undefined;
    for (let y = y0; y < f.height; y += dy) {
      const row = packRow(f, xs, y);
      rows.push(filterRow(filters[n++ % filters.length] ?? 0, row, prev, bpp));
      prev = row;
    }
  }
  return Buffer.concat(rows);
}

export function ihdr(width: number, height: number, bitDepth: number, colourType: number, interlace = 0): Buffer {
  const h = Buffer.alloc(13);
  h.writeUInt32BE(width, 0);
  h.writeUInt32BE(height, 4);
  h.set([bitDepth, colourType, 0, 0, interlace], 8);
  return chunk('IHDR', h);
}

export const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function writePng(f: Fixture, idat: Buffer = deflateSync(rawScanlines(f))): Buffer {
  const parts = [SIGNATURE, ihdr(f.width, f.height, f.bitDepth, f.colourType, f.interlace ? 1 : 0)];
  if (f.palette) parts.push(chunk('PLTE', Buffer.from(f.palette.flat())));
  if (f.trns) parts.push(chunk('tRNS', f.colourType === 3 ? Buffer.from(f.trns) : Buffer.from(f.trns.flatMap((v) => [v >> 8, v & 255]))));
  parts.push(chunk('tEXt', Buffer.from('Comment\0ancillary chunks are skipped', 'latin1')));
  // Two IDAT chunks: the data may be split anywhere.
  const cut = idat.length >> 1;
  parts.push(chunk('IDAT', idat.subarray(0, cut)), chunk('IDAT', idat.subarray(cut)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** The RGBA the fixture means, from its samples. */
export function expectedRgba(f: Fixture): Uint8Array {
  const out = new Uint8Array(f.width * f.height * 4);
  const max = 2 ** f.bitDepth - 1;
  const eight = (v: number) => (f.bitDepth === 16 ? v >> 8 : Math.round((v * 255) / max));
  for (let y = 0; y < f.height; y++)
    for (let x = 0; x < f.width; x++) {
      const s = f.sample(x, y);
      const transparent = f.trns !== undefined && f.colourType !== 3 && s.every((v, i) => v === f.trns?.[i]);
      const rgba =
        f.colourType === 0 ? [eight(s[0]!), eight(s[0]!), eight(s[0]!), transparent ? 0 : 255]
        : f.colourType === 2 ? [eight(s[0]!), eight(s[1]!), eight(s[2]!), transparent ? 0 : 255]
        : f.colourType === 4 ? [eight(s[0]!), eight(s[0]!), eight(s[0]!), eight(s[1]!)]
        : f.colourType === 6 ? s.map(eight)
        : [...f.palette![s[0]!]!, f.trns?.[s[0]!] ?? 255];
      out.set(rgba, (y * f.width + x) * 4);
    }
  return out;
}

/** Samples that vary in every channel and row, so each filter and each bit position is exercised. */
export const varied = (channels: number, depth: number): Samples => (x, y) => Array.from({ length: channels }, (_, c) => (x * 7 + y * 13 + c * 29 + ((x * y) % 5) * 31) % 2 ** depth);

/** Every PNG colour type and bit depth the decoder reads: (colour type, bit depth). */
export const PNG_FORMATS: ReadonlyArray<[0 | 2 | 3 | 4 | 6, 1 | 2 | 4 | 8 | 16]> = [
  [0, 1], [0, 2], [0, 4], [0, 8], [0, 16],
  [2, 8], [2, 16],
  [3, 1], [3, 2], [3, 4], [3, 8],
  [4, 8], [4, 16],
  [6, 8], [6, 16],
];
