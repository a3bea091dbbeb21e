import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Base64Error, decodeIndexedPng, decodePng, encodeIndexedPng, encodePng, fromBase64, MAX_PNG_PIXELS, PngError, readPngHeader, toBase64 } from '../../../lambdas/consolidation/segmentation/png.ts';
import { decodePng as helperDecodePng } from '../../helpers/png.ts';
import { CHANNELS, chunk, expectedRgba, ihdr, PNG_FORMATS, SIGNATURE, varied, writePng, type Fixture } from './segmentation-png-fixtures.ts';

describe('decodePng', () => {
  for (const [colourType, bitDepth] of PNG_FORMATS)
    for (const interlace of [false, true])
      it(`reads colour type ${colourType} at ${bitDepth} bits${interlace ? ', Adam7' : ''}, every row filter`, () => {
        // 13 × 11: odd sizes leave partial bytes at the row ends and empty Adam7 columns.
        const paletteSize = colourType === 3 ? Math.min(2 ** bitDepth, 7) : 0;
        const f: Fixture = {
          width: 13,
          height: 11,
          colourType,
          bitDepth,
          interlace,
          sample: colourType === 3 ? (x, y) => [(x + 2 * y) % paletteSize] : varied(CHANNELS[colourType], bitDepth),
          ...(colourType === 3 ? { palette: Array.from({ length: paletteSize }, (_, i) => [i * 30, 255 - i * 20, (i * 77) % 256] as [number, number, number]), trns: [0, 128] } : {}),
        };
        const image = decodePng(writePng(f));
        expect(image.width).toBe(13);
        expect(image.height).toBe(11);
        expect(Array.from(image.data)).toEqual(Array.from(expectedRgba(f)));
      });

  it('undoes each filter on random samples (Paeth and Average ties included)', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255;
    const values = Array.from({ length: 40 * 30 * 3 }, random);
    for (const filter of [0, 1, 2, 3, 4]) {
      const f: Fixture = { width: 40, height: 30, colourType: 2, bitDepth: 8, filters: [filter], sample: (x, y) => values.slice((y * 40 + x) * 3, (y * 40 + x) * 3 + 3) };
      expect(decodePng(writePng(f)).data).toEqual(expectedRgba(f));
    }
  });

  it('applies tRNS to grey and RGB images, comparing the full sample', () => {
    const grey: Fixture = { width: 4, height: 2, colourType: 0, bitDepth: 16, sample: (x) => [x === 1 ? 0x1234 : 0x12ff], trns: [0x1234] };
    expect(Array.from(decodePng(writePng(grey)).data.filter((_, i) => i % 4 === 3))).toEqual([255, 0, 255, 255, 255, 0, 255, 255]);
    const rgb: Fixture = { width: 3, height: 1, colourType: 2, bitDepth: 8, sample: (x) => [x, 0, 0], trns: [1, 0, 0] };
    expect(Array.from(decodePng(writePng(rgb)).data)).toEqual([0, 0, 0, 255, 1, 0, 0, 0, 2, 0, 0, 255]);
    const grey2: Fixture = { width: 4, height: 1, colourType: 0, bitDepth: 2, sample: (x) => [x], trns: [2] };
    expect(Array.from(decodePng(writePng(grey2)).data)).toEqual([0, 0, 0, 255, 85, 85, 85, 255, 170, 170, 170, 0, 255, 255, 255, 255]);
  });

  it('reads a 1 × 1 image interlaced (six of the seven passes are empty)', () => {
    const f: Fixture = { width: 1, height: 1, colourType: 6, bitDepth: 8, interlace: true, sample: () => [1, 2, 3, 4] };
    expect(Array.from(decodePng(writePng(f)).data)).toEqual([1, 2, 3, 4]);
  });
});

describe('decodePng on hostile or broken input', () => {
  const good = writePng({ width: 8, height: 6, colourType: 6, bitDepth: 8, sample: varied(4, 8) });

  it('names empty data and data that is not a PNG', () => {
    expect(() => decodePng(new Uint8Array(0))).toThrow(/PNG: the data is empty/);
    expect(() => decodePng(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]))).toThrow(/not a PNG: the first 8 bytes are not the PNG signature \(got ff d8 ff e0/);
    expect(() => decodePng(Buffer.from('<svg/>'))).toThrow(PngError);
  });

  it('names a file cut off anywhere', () => {
    for (const end of [8, 12, 30, good.length >> 1, good.length - 1]) expect(() => decodePng(good.subarray(0, end))).toThrow(/PNG: truncated/);
  });

  it('names a CRC mismatch with the chunk and its place', () => {
    const bad = Buffer.from(good);
    const idatAt = bad.indexOf('IDAT');
    bad[idatAt + 6] = (bad[idatAt + 6] ?? 0) ^ 1;
    expect(() => decodePng(bad)).toThrow(new RegExp(`chunk IDAT at byte ${idatAt - 4}: CRC mismatch`));
  });

  it('refuses a zero or oversized IHDR before allocating', () => {
    const zero = Buffer.concat([SIGNATURE, ihdr(0, 5, 8, 6), chunk('IDAT', deflateSync(Buffer.alloc(1))), chunk('IEND', Buffer.alloc(0))]);
    expect(() => decodePng(zero)).toThrow(/IHDR: the image is 0 × 5; each side must be 1/);
    const huge = Buffer.concat([SIGNATURE, ihdr(0x7fffffff, 0x7fffffff, 16, 6), chunk('IDAT', deflateSync(Buffer.alloc(10))), chunk('IEND', Buffer.alloc(0))]);
    expect(() => decodePng(huge)).toThrow(new RegExp(`more than the ${MAX_PNG_PIXELS} allowed`));
    // Within the pixel quota, but its few compressed bytes cannot hold 9000 × 9000 × 4 bytes.
    const lying = Buffer.concat([SIGNATURE, ihdr(9000, 9000, 8, 6), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
    expect(() => decodePng(lying)).toThrow(/cannot inflate to the 324009000 bytes a 9000 × 9000 image needs/);
    expect(() => decodePng(good, { maxPixels: 47 })).toThrow(/8 × 6 = 48 pixels, more than the 47 allowed/);
  });

  it('stops IDAT data that inflates to more, or fewer, bytes than announced', () => {
    const f: Fixture = { width: 4, height: 4, colourType: 0, bitDepth: 8, sample: (x) => [x] };
    const tooMuch = writePng(f, deflateSync(Buffer.alloc(5 * 4 + 1_000_000)));
    expect(() => decodePng(tooMuch)).toThrow(/IDAT inflates to more than the 20 bytes a 4 × 4 image needs/);
    expect(() => decodePng(writePng(f, deflateSync(Buffer.alloc(19))))).toThrow(/IDAT inflates to 19 bytes, fewer than the 20/);
    const idat = deflateSync(Buffer.alloc(20));
    expect(() => decodePng(writePng(f, idat.subarray(0, idat.length - 6)))).toThrow(/IDAT: the compressed data is damaged or cut off/);
  });

  it('names a bad filter type, a palette index past PLTE, a missing PLTE, an unknown critical chunk, split IDAT', () => {
    const f: Fixture = { width: 2, height: 2, colourType: 0, bitDepth: 8, sample: () => [0] };
    const raw = Buffer.from([0, 1, 2, 5, 3, 4]);
    expect(() => decodePng(writePng(f, deflateSync(raw)))).toThrow(/row 1 has filter type 5/);
    const indexed: Fixture = { width: 2, height: 1, colourType: 3, bitDepth: 8, sample: (x) => [x * 3], palette: [[1, 2, 3], [4, 5, 6]] };
    expect(() => decodePng(writePng(indexed))).toThrow(/pixel \(1, 0\) uses palette entry 3, but PLTE has 2/);
    expect(() => decodePng(writePng({ ...indexed, palette: undefined }))).toThrow(/needs a PLTE chunk/);
    const critical = Buffer.concat([good.subarray(0, 33), chunk('ABCD', Buffer.alloc(2)), good.subarray(33)]);
    expect(() => decodePng(critical)).toThrow(/chunk ABCD at byte 33: an unknown critical chunk/);
    const ancillary = Buffer.concat([good.subarray(0, 33), chunk('abCD', Buffer.alloc(2)), good.subarray(33)]);
    expect(decodePng(ancillary).data).toEqual(decodePng(good).data);
    const idatAt = good.indexOf('IDAT') - 4;
    const idatEnd = good.indexOf('IEND') - 4;
    const split = Buffer.concat([good.subarray(0, idatEnd), chunk('tEXt', Buffer.from('a\0b')), chunk('IDAT', Buffer.alloc(0)), good.subarray(idatEnd)]);
    expect(() => decodePng(split)).toThrow(/IDAT chunks must follow one another/);
    expect(() => decodePng(Buffer.concat([good.subarray(0, idatAt), good.subarray(idatEnd)]))).toThrow(/no IDAT chunk/);
  });
});

describe('readPngHeader', () => {
  it('reads the size and format from the first 33 bytes alone', () => {
    const png = writePng({ width: 13, height: 11, colourType: 0, bitDepth: 4, interlace: true, sample: () => [1] });
    expect(readPngHeader(png.subarray(0, 33))).toEqual({ width: 13, height: 11, bitDepth: 4, colourType: 0, interlaced: true });
  });

  it('checks what it reads as decodePng does', () => {
    expect(() => readPngHeader(new Uint8Array(0))).toThrow(/empty/);
    expect(() => readPngHeader(Buffer.from('GIF89a........'))).toThrow(/not a PNG/);
    expect(() => readPngHeader(Buffer.concat([SIGNATURE, ihdr(0, 5, 8, 6)]))).toThrow(/0 × 5/);
    expect(() => readPngHeader(Buffer.concat([SIGNATURE, ihdr(5, 5, 3, 6)]))).toThrow(/bit depth 3 is not allowed for colour type 6/);
    expect(() => readPngHeader(Buffer.concat([SIGNATURE, chunk('tEXt', Buffer.from('a\0b'))]))).toThrow(/first chunk must be IHDR, it is tEXt/);
    expect(() => readPngHeader(Buffer.concat([SIGNATURE, ihdr(5, 5, 8, 6)]).subarray(0, 30))).toThrow(/truncated/);
  });
});

describe('encodePng and encodeIndexedPng', () => {
  const rgba = Uint8Array.from({ length: 7 * 5 * 4 }, (_, i) => (i * 37) % 256);

  it('round-trip through decodePng and through the test helper\'s separate decoder', () => {
    const png = encodePng({ width: 7, height: 5, data: rgba });
    expect(decodePng(png)).toEqual({ width: 7, height: 5, data: rgba });
    expect(helperDecodePng(png).rgba).toEqual(rgba);
    const rgb = decodePng(encodePng({ width: 7, height: 5, data: rgba }, { colour: 'rgb', level: 9 }));
    expect(Array.from(rgb.data)).toEqual(Array.from(rgba, (v, i) => (i % 4 === 3 ? 255 : v)));
  });

  it('is deterministic', () => {
    expect(encodePng({ width: 7, height: 5, data: rgba })).toEqual(encodePng({ width: 7, height: 5, data: rgba.slice() }));
  });

  it('writes a palette PNG whose samples are the class indices', () => {
    const indices = Uint8Array.from({ length: 6 * 4 }, (_, i) => i % 3);
    const palette: Array<[number, number, number]> = [[255, 255, 255], [44, 160, 44], [31, 119, 180]];
    const png = encodeIndexedPng(indices, 6, 4, palette);
    expect(png[8 + 8 + 9]).toBe(3); // IHDR colour type
    const decoded = decodePng(png);
    for (let i = 0; i < indices.length; i++) expect(Array.from(decoded.data.subarray(i * 4, i * 4 + 4))).toEqual([...palette[indices[i]!]!, 255]);
  });

  it('names what is wrong with its arguments', () => {
    expect(() => encodePng({ width: 0, height: 2, data: new Uint8Array(0) })).toThrow(/positive whole size, got 0 × 2/);
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(/expected 16 RGBA bytes for 2 × 2, got 3/);
    expect(() => encodeIndexedPng(new Uint8Array(4), 2, 2, [])).toThrow(/1 to 256 colours, got 0/);
    expect(() => encodeIndexedPng(Uint8Array.of(0, 1, 2, 0), 2, 2, [[0, 0, 0], [1, 1, 1]])).toThrow(/pixel \(0, 1\) has index 2, but the palette has 2 colours/);
    expect(() => encodeIndexedPng(new Uint8Array(4), 2, 2, [[0, 0, 256]])).toThrow(/palette\[0\]: expected \[r, g, b\]/);
    expect(() => encodeIndexedPng(new Uint8Array(3), 2, 2, [[0, 0, 0]])).toThrow(/expected 4 indices for 2 × 2, got 3/);
  });
});

describe('decodeIndexedPng', () => {
  for (const bitDepth of [1, 2, 4, 8] as const)
    for (const interlace of [false, true])
      it(`reads a palette image's indices at ${bitDepth} bits${interlace ? ', Adam7' : ''}, every row filter`, () => {
        const palette = Array.from({ length: 2 ** bitDepth }, (_, i): [number, number, number] => [i, 0, 0]);
        const f: Fixture = { width: 13, height: 11, colourType: 3, bitDepth, interlace, sample: varied(1, bitDepth), palette };
        const expected = Uint8Array.from({ length: 13 * 11 }, (_, p) => f.sample(p % 13, Math.floor(p / 13))[0]!);
        expect(decodeIndexedPng(writePng(f))).toEqual({ width: 13, height: 11, indices: expected });
      });

  it("gives back encodeIndexedPng's indices, where two indices share a colour", () => {
    const indices = Uint8Array.from({ length: 9 * 4 }, (_, i) => i % 3);
    expect(decodeIndexedPng(encodeIndexedPng(indices, 9, 4, [[255, 255, 255], [44, 160, 44], [44, 160, 44]])).indices).toEqual(indices);
  });

  it('refuses another colour type and an index past PLTE, and checks the file as decodePng does', () => {
    expect(() => decodeIndexedPng(encodePng({ width: 2, height: 2, data: new Uint8Array(16) }))).toThrow(/^PNG: expected a palette image \(colour type 3\), got colour type 6$/);
    const past: Fixture = { width: 3, height: 1, colourType: 3, bitDepth: 8, sample: (x) => [x], palette: [[0, 0, 0], [9, 9, 9]] };
    expect(() => decodeIndexedPng(writePng(past))).toThrow(/pixel \(2, 0\) uses palette entry 2, but PLTE has 2/);
    expect(() => decodeIndexedPng(encodeIndexedPng(new Uint8Array(12), 4, 3, [[0, 0, 0]]), { maxPixels: 11 })).toThrow(/4 × 3 = 12 pixels, more than the 11 allowed/);
  });
});

describe('toBase64 and fromBase64', () => {
  it('match Node\'s base64 for every length of padding', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) % 256);
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
      expect(fromBase64(text.replace(/=+$/, ''))).toEqual(bytes);
    }
    const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7) % 256);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('accept a data: URL, wrapped lines and base64url; name anything else', () => {
    const png = encodePng({ width: 1, height: 1, data: Uint8Array.of(1, 2, 3, 4) });
    const text = toBase64(png);
    expect(fromBase64(`data:image/png;base64,${text}`)).toEqual(png);
    expect(fromBase64(text.replace(/(.{10})/g, '$1\r\n'))).toEqual(png);
    expect(fromBase64(Buffer.from([251, 255]).toString('base64url'))).toEqual(Uint8Array.of(251, 255));
    expect(() => fromBase64('data:image/png,abc')).toThrow(/a data: URL must be base64-encoded/);
    expect(() => fromBase64('ab*c')).toThrow(new Base64Error('not base64: character "*" at position 2'));
    expect(() => fromBase64('AQID=A')).toThrow(/data after the "=" padding at position 5/);
    expect(() => fromBase64('AQIDA')).toThrow(/lone character at the end/);
  });
});
