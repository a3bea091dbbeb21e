import { zlibSync } from 'fflate';
import { joinPng, PngError, writeChunk } from './png-chunks.ts';
import type { RgbaImage } from './png.ts';

/**
 * The PNG encoder: masks and pictures as gtkit writes them (the consolidated mask, the preview's
 * stand-in answers, `gtkit init`'s samples). No row filters, zlib-deflated, deterministic.
 */

export interface EncodeOptions {
  /** `'rgb'` drops the alpha channel (for opaque pictures: a quarter smaller before compression). Default `'rgba'`. */
  colour?: 'rgba' | 'rgb';
  /** Deflate level 0–9; default 6. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * Encodes 8-bit RGBA pixels as a PNG (colour type 6, or 2 with `colour: 'rgb'`), no row filters,
 * zlib-deflated: masks are large flat areas, which deflate shrinks well without filtering.
 * Deterministic: the same pixels give the same bytes.
 */
export function encodePng(image: RgbaImage, options: EncodeOptions = {}): Uint8Array {
  const { width, height, data } = image;
  checkSize(width, height);
  if (data.length !== width * height * 4) throw new PngError(`expected ${width * height * 4} RGBA bytes for ${width} × ${height}, got ${data.length}`);
  const rgb = options.colour === 'rgb';
  const stride = width * (rgb ? 3 : 4);
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const line = y * (stride + 1) + 1;
    if (!rgb) raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), line);
    else for (let x = 0, s = y * width * 4, o = line; x < width; x++, s += 4, o += 3) {
      raw[o] = data[s] as number;
      raw[o + 1] = data[s + 1] as number;
      raw[o + 2] = data[s + 2] as number;
    }
  }
  return joinPng([writeChunk('IHDR', headerBytes(width, height, 8, rgb ? 2 : 6)), writeChunk('IDAT', zlibSync(raw, { level: options.level ?? 6 })), writeChunk('IEND', new Uint8Array(0))]);
}

/**
 * Encodes a class map as an indexed PNG (colour type 3, 8 bits a pixel): each pixel's value is its
 * palette index, so a reader gets the class index back from the raw samples and a viewer shows
 * the palette's colours. Every index must have a palette entry.
 */
export function encodeIndexedPng(indices: Uint8Array, width: number, height: number, palette: ReadonlyArray<readonly [number, number, number]>, options: Pick<EncodeOptions, 'level'> = {}): Uint8Array {
  checkSize(width, height);
  if (indices.length !== width * height) throw new PngError(`expected ${width * height} indices for ${width} × ${height}, got ${indices.length}`);
  const writer = new IndexedPngWriter(width, height, palette, options);
  for (let y = 0; y < height; y++) writer.row(y).set(indices.subarray(y * width, (y + 1) * width));
  return writer.finish();
}

/**
 * {@link encodeIndexedPng} filled a row at a time: the caller writes each row's indices straight
 * into the scanlines that are deflated, so no index map is held beside them. The same indices give
 * the same bytes as {@link encodeIndexedPng}.
 */
export class IndexedPngWriter {
  private readonly plte: Uint8Array;
  private readonly paletteSize: number;
  /** The scanlines, each a filter byte (0: none) and the row's indices. */
  private readonly raw: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    palette: ReadonlyArray<readonly [number, number, number]>,
    private readonly options: Pick<EncodeOptions, 'level'> = {},
  ) {
    checkSize(width, height);
    if (palette.length < 1 || palette.length > 256) throw new PngError(`a palette holds 1 to 256 colours, got ${palette.length}`);
    this.plte = new Uint8Array(palette.length * 3);
    palette.forEach((colour, i) => {
      for (let c = 0; c < 3; c++) {
        const v = colour[c];
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255) throw new PngError(`palette[${i}]: expected [r, g, b] of whole numbers 0–255, got ${JSON.stringify(colour)}`);
        this.plte[i * 3 + c] = v as number;
      }
    });
    this.paletteSize = palette.length;
    this.raw = new Uint8Array((width + 1) * height);
  }

  /** Row `y`'s indices (`width` bytes, all 0 until written): write them in place. */
  row(y: number): Uint8Array {
    const start = y * (this.width + 1) + 1;
    return this.raw.subarray(start, start + this.width);
  }

  /** The PNG, once every index has been checked against the palette. */
  finish(): Uint8Array {
    const { width, height, raw } = this;
    for (let y = 0; y < height; y++) {
      const row = this.row(y);
      for (let x = 0; x < width; x++) if ((row[x] as number) >= this.paletteSize) throw new PngError(`pixel (${x}, ${y}) has index ${row[x]}, but the palette has ${this.paletteSize} colours`);
    }
    return joinPng([writeChunk('IHDR', headerBytes(width, height, 8, 3)), writeChunk('PLTE', this.plte), writeChunk('IDAT', zlibSync(raw, { level: this.options.level ?? 6 })), writeChunk('IEND', new Uint8Array(0))]);
  }
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width > 0x7fffffff || height > 0x7fffffff) throw new PngError(`a PNG needs a positive whole size, got ${width} × ${height}`);
}

function headerBytes(width: number, height: number, bitDepth: number, colourType: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([bitDepth, colourType, 0, 0, 0], 8);
  return header;
}
