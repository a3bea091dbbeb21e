import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { maskFromAnswer, type ReadMask } from '../../../lambdas/consolidation/segmentation/masks.ts';
import { decodePng, encodePng, MAX_PNG_PIXELS, pngRows, type PngRows } from '../../../lambdas/consolidation/segmentation/png.ts';
import { CHANNELS, chunk, expectedRgba, ihdr, PNG_FORMATS, SIGNATURE, varied, writePng, type Fixture } from './segmentation-png-fixtures.ts';

// The row-by-row reader against the whole-image decoder: the same pixels, class maps and errors.

function fixture(colourType: 0 | 2 | 3 | 4 | 6, bitDepth: 1 | 2 | 4 | 8 | 16, interlace: boolean, width = 13, height = 11): Fixture {
  const paletteSize = colourType === 3 ? Math.min(2 ** bitDepth, 7) : 0;
  return {
    width,
    height,
    colourType,
    bitDepth,
    interlace,
    sample: colourType === 3 ? (x, y) => [(x + 2 * y) % paletteSize] : varied(CHANNELS[colourType], bitDepth),
    ...(colourType === 3 ? { palette: Array.from({ length: paletteSize }, (_, i) => [i * 30, 255 - i * 20, (i * 77) % 256] as [number, number, number]), trns: [0, 128] } : {}),
    // tRNS on grey and RGB too, so the transparent sample is compared row by row as well.
    ...(colourType === 0 ? { trns: [varied(1, bitDepth)(2, 1)[0]!] } : colourType === 2 ? { trns: varied(3, bitDepth)(5, 3) } : {}),
  };
}

/** The rows `pngRows` hands over, each copied (the buffer is reused), joined. */
function rowByRow(bytes: Uint8Array): { width: number; height: number; data: Uint8Array; ys: number[] } {
  return rowByRowOf(pngRows(bytes));
}

function rowByRowOf(rows: PngRows): { width: number; height: number; data: Uint8Array; ys: number[] } {
  const data = new Uint8Array(rows.width * rows.height * 4);
  const ys: number[] = [];
  rows.forEachRow((rgba, y) => {
    expect(rgba.length).toBe(rows.width * 4);
    data.set(rgba, y * rows.width * 4);
    ys.push(y);
  });
  return { width: rows.width, height: rows.height, data, ys };
}

/** Label colours taken from the image's own pixels, so exact, near and far colours all occur. */
function labelMappingsOf(rgba: Uint8Array): Record<string, { color: string }> {
  const hex = (p: number) => `#${Array.from(rgba.subarray(p * 4, p * 4 + 3), (v) => v.toString(16).padStart(2, '0')).join('')}`;
  return { cat: { color: hex(0) }, dog: { color: hex(20) }, bird: { color: 'red' }, stranger: { color: hex(41) } };
}

const digest = (mask: ReadMask): string => createHash('sha256').update(mask.classes).update(JSON.stringify({ ...mask, classes: undefined })).digest('hex');

describe('pngRows', () => {
  for (const [colourType, bitDepth] of PNG_FORMATS)
    for (const interlace of [false, true])
      it(`hands over decodePng's rows for colour type ${colourType} at ${bitDepth} bits${interlace ? ', Adam7' : ''}, every row filter`, () => {
        const f = fixture(colourType, bitDepth, interlace);
        const png = writePng(f);
        const rows = rowByRow(png);
        expect(rows.ys).toEqual(Array.from({ length: 11 }, (_, y) => y));
        expect(rows.data).toEqual(decodePng(png).data);
        expect(Array.from(rows.data)).toEqual(Array.from(expectedRgba(f)));
      });

  it('reads an image whose rows straddle the inflater\'s slices and the IDAT chunks', () => {
    // 301 × 203 RGBA at 16 bits: 2.4 kB a scanline, 490 kB in all, its compressed data far past the row reader's 2 kB slices (ROW_INFLATE_SLICE).
    const f = fixture(6, 16, false, 301, 203);
    const png = writePng(f);
    expect(rowByRow(png).data).toEqual(decodePng(png).data);
  });

  it('checks the chunks once, when opened: a read, interlaced or not, does not parse the file again', () => {
    for (const interlace of [false, true]) {
      const png = writePng(fixture(6, 8, interlace));
      const rows = pngRows(png);
      // IEND's CRC spoilt after the checks: a read that went over the chunks again would refuse it.
      png[png.length - 1] = (png[png.length - 1] as number) ^ 1;
      expect(() => decodePng(png)).toThrow(/chunk IEND at byte \d+: CRC mismatch/);
      expect(rowByRowOf(rows).data).toEqual(expectedRgba(fixture(6, 8, interlace)));
    }
  });

  it('lets an error of the callback through as it is, not as damaged data', () => {
    const stop = new RangeError('enough');
    expect(() => pngRows(writePng(fixture(6, 8, false))).forEachRow((_, y) => {
      if (y === 3) throw stop;
    })).toThrow(stop);
  });
});

describe('maskFromAnswer, row by row', () => {
  for (const [colourType, bitDepth] of PNG_FORMATS)
    it(`gives the class map of the whole-image decode for colour type ${colourType} at ${bitDepth} bits`, () => {
      // The Adam7 file is read whole (its rows are complete only after the last pass), the plain one row by row.
      const plain = writePng(fixture(colourType, bitDepth, false, 37, 29));
      const adam7 = writePng(fixture(colourType, bitDepth, true, 37, 29));
      const labelMappings = labelMappingsOf(decodePng(plain).data);
      const rows = maskFromAnswer({ png: plain, labelMappings }, ['cat', 'dog', 'bird']);
      const whole = maskFromAnswer({ png: adam7, labelMappings }, ['cat', 'dog', 'bird']);
      expect(rows).toEqual(whole);
    });

  it('gives the class maps and counts the whole-image reader gave before (digests from the old code)', () => {
    // A painted mask: two labels' shapes with edges blended into white, a transparent corner, a stray colour.
    const width = 257;
    const height = 131;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0, o = 0; y < height; y++)
      for (let x = 0; x < width; x++, o += 4) {
        const inCat = (x - 80) ** 2 + (y - 60) ** 2 < 45 ** 2;
        const edge = Math.abs(x - 170) < 2;
        const colour = x < 20 && y < 20 ? [0, 0, 0, 0] : inCat ? [31, 119, 180, 255] : x > 170 ? [255, 127, 14, 255] : edge ? [255, 191, 134, 255] : x > 120 && y > 110 ? [90, 90, 200, 255] : [255, 255, 255, 255];
        rgba.set(colour, o);
      }
    const labelMappings = { cat: { color: '#1f77b4' }, dog: { color: '#ff7f0e' } };
    const plain = encodePng({ width, height, data: rgba });
    const mask = maskFromAnswer({ png: plain, labelMappings, imageSize: { width, height } }, ['cat', 'dog']);
    expect(digest(mask)).toBe(PAINTED_DIGEST);
    expect(digest(maskFromAnswer({ png: writePng(fixture(6, 8, false, 37, 29)), labelMappings: labelMappingsOf(decodePng(writePng(fixture(6, 8, false, 37, 29))).data) }, ['cat', 'dog', 'bird']))).toBe(VARIED_DIGEST);
  });
});

describe('pngRows and maskFromAnswer on hostile or broken input: decodePng\'s messages', () => {
  const good = writePng({ width: 8, height: 6, colourType: 6, bitDepth: 8, sample: varied(4, 8) });
  const grey: Fixture = { width: 4, height: 4, colourType: 0, bitDepth: 8, sample: (x) => [x] };
  const idat = deflateSync(Buffer.alloc(20));
  const crc = Buffer.from(good);
  crc[crc.indexOf('IDAT') + 6] = (crc[crc.indexOf('IDAT') + 6] as number) ^ 1;
  const idatEnd = good.indexOf('IEND') - 4;
  const hostile: Array<[string, Uint8Array, RegExp]> = [
    ['empty data', new Uint8Array(0), /PNG: the data is empty/],
    ['a file cut off', good.subarray(0, good.length >> 1), /PNG: truncated/],
    ['a CRC mismatch', crc, new RegExp(`chunk IDAT at byte ${crc.indexOf('IDAT') - 4}: CRC mismatch`)],
    ['a zero size', Buffer.concat([SIGNATURE, ihdr(0, 5, 8, 6), chunk('IDAT', deflateSync(Buffer.alloc(1))), chunk('IEND', Buffer.alloc(0))]), /IHDR: the image is 0 × 5; each side must be 1/],
    ['a size past the quota', Buffer.concat([SIGNATURE, ihdr(0x7fffffff, 0x7fffffff, 16, 6), chunk('IDAT', deflateSync(Buffer.alloc(10))), chunk('IEND', Buffer.alloc(0))]), new RegExp(`more than the ${MAX_PNG_PIXELS} allowed`)],
    ['too few compressed bytes for the size', Buffer.concat([SIGNATURE, ihdr(9000, 9000, 8, 6), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]), /cannot inflate to the 324009000 bytes a 9000 × 9000 image needs/],
    ['data inflating past the size', writePng(grey, deflateSync(Buffer.alloc(5 * 4 + 1_000_000))), /IDAT inflates to more than the 20 bytes a 4 × 4 image needs/],
    ['data inflating short of the size', writePng(grey, deflateSync(Buffer.alloc(19))), /IDAT inflates to 19 bytes, fewer than the 20/],
    ['damaged deflate data', writePng(grey, idat.subarray(0, idat.length - 6)), /IDAT: the compressed data is damaged or cut off/],
    ['a bad filter type', writePng({ width: 2, height: 2, colourType: 0, bitDepth: 8, sample: () => [0] }, deflateSync(Buffer.from([0, 1, 2, 5, 3, 4]))), /row 1 has filter type 5/],
    ['a palette index past PLTE', writePng({ width: 2, height: 1, colourType: 3, bitDepth: 8, sample: (x) => [x * 3], palette: [[1, 2, 3], [4, 5, 6]] }), /pixel \(1, 0\) uses palette entry 3, but PLTE has 2/],
    ['a missing PLTE', writePng({ width: 2, height: 1, colourType: 3, bitDepth: 8, sample: () => [0] }), /needs a PLTE chunk/],
    ['an unknown critical chunk', Buffer.concat([good.subarray(0, 33), chunk('ABCD', Buffer.alloc(2)), good.subarray(33)]), /chunk ABCD at byte 33: an unknown critical chunk/],
    ['split IDAT', Buffer.concat([good.subarray(0, idatEnd), chunk('tEXt', Buffer.from('a\0b')), chunk('IDAT', Buffer.alloc(0)), good.subarray(idatEnd)]), /IDAT chunks must follow one another/],
  ];
  for (const [what, bytes, message] of hostile)
    it(`refuses ${what}`, () => {
      expect(() => decodePng(bytes)).toThrow(message);
      expect(() => pngRows(bytes).forEachRow(() => undefined)).toThrow(message);
      expect(() => {
        const rows = pngRows(bytes);
        const reader = rows.open();
        for (let y = 0; y < rows.height; y++) reader.next();
      }).toThrow(message);
      expect(() => maskFromAnswer({ png: bytes, labelMappings: { cat: { color: '#1f77b4' } } }, ['cat'])).toThrow(message);
    });

  it('refuses a size past maxPixels before reading a row', () => {
    expect(() => pngRows(good, { maxPixels: 47 })).toThrow(/8 × 6 = 48 pixels, more than the 47 allowed/);
    expect(() => maskFromAnswer({ png: good, labelMappings: {} }, [], { maxPixels: 47 })).toThrow(/8 × 6 = 48 pixels, more than the 47 allowed/);
  });
});

// sha256 of the class map and the counts, taken from the whole-image maskFromAnswer before it read rows.
const PAINTED_DIGEST = '03ef84a320a713bb7281907aea5dcccc9c01e16904c8bc560ee2382925493b58';
const VARIED_DIGEST = '9ef3d7ab811899bc28aac857637e1f813f8d0c6196f4d0e82cefcad287f62c80';
