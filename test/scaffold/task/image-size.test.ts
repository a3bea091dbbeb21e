import { open, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplePng } from '../../../scaffold/init/png.ts';
import { imageSizeOf, imageSizeOfBytes, imageSizeOfFile, windowedFile, type ByteSource } from '../../../scaffold/task/image-size.ts';
import { pngHeader } from '../../helpers/png.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';
import { tiff } from '../../helpers/tiff.ts';

const temp = useTempRoot('gtkit-image-size-');

const bytes = (...parts: Array<number[] | string | Uint8Array>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const u16be = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A JPEG segment: marker, length (counting itself), payload. */
const segment = (marker: number, payload: Uint8Array | number[]) => bytes([0xff, marker], u16be(payload.length + 2), Buffer.from(payload));
const app0 = segment(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]));
/** A frame header: precision 8, height, width, three components. */
const frame = (marker: number, width: number, height: number) => segment(marker, bytes([8], u16be(height), u16be(width), [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]));
const jpeg = (...segments: Uint8Array[]) => bytes([0xff, 0xd8], ...segments, [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0], [0x12, 0x34], [0xff, 0xd9]);

const riff = (chunk: string, data: number[]) => bytes('RIFF', u32le(4 + 8 + data.length), 'WEBP', chunk, u32le(data.length), data);

/** A byte source over `data` that counts what is read: the reader must never need the whole file. */
function countingSource(data: Uint8Array): ByteSource & { bytesRead: number; reads: number } {
  const source = {
    size: data.length,
    bytesRead: 0,
    reads: 0,
    async read(offset: number, length: number) {
      source.reads++;
      const part = data.subarray(offset, offset + length);
      source.bytesRead += part.length;
      return part;
    },
  };
  return source;
}

describe('image size from the header: each format', () => {
  it('PNG: the IHDR width and height, from a real encoded image and from a header alone', async () => {
    expect(await imageSizeOfBytes(samplePng(37, 23, []))).toEqual({ kind: 'size', format: 'PNG', width: 37, height: 23 });
    expect(await imageSizeOfBytes(pngHeader(12_000, 9_000))).toEqual({ kind: 'size', format: 'PNG', width: 12_000, height: 9_000 });
  });

  it('JPEG: baseline, progressive and the other frame types, after APPn, COM, DQT segments and fill bytes', async () => {
    const dqt = segment(0xdb, [0, ...new Array(64).fill(1)]);
    expect(await imageSizeOfBytes(jpeg(app0, dqt, frame(0xc0, 640, 480)))).toEqual({ kind: 'size', format: 'JPEG', width: 640, height: 480 });
    // An Exif block of 60 KB, a comment, fill bytes before the progressive frame header.
    const exif = segment(0xe1, bytes('Exif\0\0', new Uint8Array(60_000).fill(0xff)));
    const progressive = jpeg(app0, exif, segment(0xfe, bytes('a comment')), bytes([0xff, 0xff, 0xff]), frame(0xc2, 4000, 3000));
    expect(await imageSizeOfBytes(progressive)).toEqual({ kind: 'size', format: 'JPEG', width: 4000, height: 3000 });
    for (const marker of [0xc1, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]) {
      expect(await imageSizeOfBytes(jpeg(app0, frame(marker, 10, 20)))).toEqual({ kind: 'size', format: 'JPEG', width: 10, height: 20 });
    }
    // DHT (C4), JPG (C8) and DAC (CC) sit in the SOF range but are not frame headers: stepped over.
    expect(await imageSizeOfBytes(jpeg(segment(0xc4, [0, ...new Array(16).fill(0)]), segment(0xcc, [0x10, 0x11]), frame(0xc0, 65_535, 65_535)))).toEqual({ kind: 'size', format: 'JPEG', width: 65_535, height: 65_535 });
  });

  it('JPEG: steps over large segments by their lengths, reading a few bytes of each, not the file', async () => {
    const icc = Array.from({ length: 100 }, () => segment(0xe2, new Uint8Array(60_000)));
    const data = jpeg(app0, ...icc, frame(0xc2, 8000, 6000), new Uint8Array(2_000_000));
    const source = countingSource(data);
    expect(await imageSizeOf(source)).toEqual({ kind: 'size', format: 'JPEG', width: 8000, height: 6000 });
    expect(data.length).toBeGreaterThan(8_000_000);
    expect(source.bytesRead).toBeLessThan(1_000);
  });

  it('GIF 87a and 89a: the logical screen size', async () => {
    expect(await imageSizeOfBytes(bytes('GIF89a', u16le(500), u16le(300), [0xf0, 0, 0]))).toEqual({ kind: 'size', format: 'GIF', width: 500, height: 300 });
    expect(await imageSizeOfBytes(bytes('GIF87a', u16le(1), u16le(65_535), [0, 0, 0]))).toEqual({ kind: 'size', format: 'GIF', width: 1, height: 65_535 });
  });

  it('WebP: lossy (VP8), lossless (VP8L) and extended (VP8X)', async () => {
    const vp8 = riff('VP8 ', [0x50, 0x03, 0x00, 0x9d, 0x01, 0x2a, ...u16le(1920 | (1 << 14)), ...u16le(1080), 0, 0]);
    expect(await imageSizeOfBytes(vp8)).toEqual({ kind: 'size', format: 'WebP', width: 1920, height: 1080 });
    const bits = (16_384 - 1) | ((200 - 1) << 14);
    expect(await imageSizeOfBytes(riff('VP8L', [0x2f, ...u32le(bits)]))).toEqual({ kind: 'size', format: 'WebP', width: 16_384, height: 200 });
    const w = 20_000 - 1;
    const h = 10_000 - 1;
    const vp8x = riff('VP8X', [0x10, 0, 0, 0, w & 0xff, (w >> 8) & 0xff, w >> 16, h & 0xff, (h >> 8) & 0xff, h >> 16]);
    expect(await imageSizeOfBytes(vp8x)).toEqual({ kind: 'size', format: 'WebP', width: 20_000, height: 10_000 });
  });

  it('BMP: the OS/2 core header, and the Windows header with a top-down (negative) height', async () => {
    expect(await imageSizeOfBytes(bytes('BM', new Array(12).fill(0), u32le(12), u16le(37), u16le(23), u16le(1), u16le(24)))).toEqual({ kind: 'size', format: 'BMP', width: 37, height: 23 });
    expect(await imageSizeOfBytes(bytes('BM', new Array(12).fill(0), u32le(40), u32le(37), u32le(-23 >>> 0), u16le(1), u16le(24), new Array(24).fill(0)))).toEqual({ kind: 'size', format: 'BMP', width: 37, height: 23 });
  });

  it('TIFF: little- and big-endian, the IFD found at its offset, SHORT and LONG sizes', async () => {
    expect(await imageSizeOfBytes(tiff(true, 300, 200))).toEqual({ kind: 'size', format: 'TIFF', width: 300, height: 200 });
    expect(await imageSizeOfBytes(tiff(false, 300, 200))).toEqual({ kind: 'size', format: 'TIFF', width: 300, height: 200 });
    expect(await imageSizeOfBytes(tiff(false, 70_000, 2, 4))).toEqual({ kind: 'size', format: 'TIFF', width: 70_000, height: 2 });
  });

  it('reads a file through a bounded window: a 50 MB (sparse) PNG is read in one small read', async () => {
    const file = join(temp.path, 'huge.png');
    await writeFile(file, pngHeader(10_000, 10_001));
    await truncate(file, 50_000_000);
    expect(await imageSizeOfFile(file)).toEqual({ kind: 'size', format: 'PNG', width: 10_000, height: 10_001 });
    expect(await imageSizeOfFile(file, 50_000_000)).toEqual({ kind: 'size', format: 'PNG', width: 10_000, height: 10_001 });
    // The window imageSizeOfFile reads through, over the same file, with its reads counted.
    const handle = await open(file, 'r');
    try {
      const lengths: number[] = [];
      const counted = { read: (buffer: Uint8Array, offset: number, length: number, position: number) => (lengths.push(length), handle.read(buffer, offset, length, position)) };
      expect(await imageSizeOf(windowedFile(counted, 50_000_000))).toEqual({ kind: 'size', format: 'PNG', width: 10_000, height: 10_001 });
      expect(lengths).toEqual([16 * 1024]);
    } finally {
      await handle.close();
    }
  });
});

describe('image size from the header: malformed, truncated, empty and hostile input', () => {
  const unread = (format: string, reason: RegExp | string) => ({ kind: 'unread', format, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) });

  it('an empty file is not an image', async () => {
    expect(await imageSizeOfBytes(new Uint8Array())).toEqual({ kind: 'not-image', reason: 'the file is empty (0 bytes)' });
    const file = join(temp.path, 'empty.jpg');
    await writeFile(file, '');
    expect(await imageSizeOfFile(file)).toEqual({ kind: 'not-image', reason: 'the file is empty (0 bytes)' });
  });

  it('PNG: width 0, width 2^31, a first chunk other than IHDR, a file cut inside IHDR', async () => {
    expect(await imageSizeOfBytes(pngHeader(0, 10))).toEqual(unread('PNG', 'its header gives a size of 0 × 10 pixels'));
    expect(await imageSizeOfBytes(pngHeader(2 ** 31, 10))).toEqual(unread('PNG', /2147483648 × 10 pixels, beyond PNG's largest, 2147483647/));
    expect(await imageSizeOfBytes(pngHeader(0xffffffff, 0xffffffff))).toEqual(unread('PNG', /beyond PNG's largest/));
    const cgbi = Buffer.from(pngHeader(10, 10));
    cgbi.write('CgBI', 12, 'latin1');
    expect(await imageSizeOfBytes(cgbi)).toEqual(unread('PNG', 'its first chunk is "CgBI", not IHDR'));
    expect(await imageSizeOfBytes(pngHeader(10, 10).subarray(0, 20))).toEqual(unread('PNG', 'the file ends before its IHDR chunk'));
    expect(await imageSizeOfBytes(pngHeader(10, 10).subarray(0, 8))).toEqual(unread('PNG', 'the file ends before its IHDR chunk'));
  });

  it('JPEG: a length below 2 (which would loop in place), a length past the end, a cut marker or frame header', async () => {
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00], new Uint8Array(100)))).toEqual(unread('JPEG', 'segment 0xFFE1 at byte 2 has length 0, below the 2 bytes of the length itself'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x01], new Uint8Array(100)))).toEqual(unread('JPEG', /has length 1/));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xf0], new Uint8Array(100)))).toEqual(unread('JPEG', 'segment 0xFFE1 at byte 2 is 65520 bytes long, past the end of the 106-byte file'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8, 0xff]))).toEqual(unread('JPEG', 'the file ends before a marker before the frame header'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8], app0))).toEqual(unread('JPEG', 'the file ends before a marker before the frame header'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8], app0, [0xff, 0xc0, 0x00]))).toEqual(unread('JPEG', 'the file ends before the length of segment 0xFFC0'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8], app0, [0xff, 0xc0, 0x00, 0x05, 8, 0, 0]))).toEqual(unread('JPEG', 'frame header 0xFFC0 is 5 bytes long, too short to hold the size'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8], app0, [0x00, 0x01]))).toEqual(unread('JPEG', /^no marker at byte 20 \(found 0x00\)/));
  });

  it('JPEG: no frame header before the scan or the end, a zero size, a DNL height', async () => {
    expect(await imageSizeOfBytes(jpeg(app0))).toEqual(unread('JPEG', 'the scan data starts (SOS) before any frame header'));
    expect(await imageSizeOfBytes(bytes([0xff, 0xd8], app0, [0xff, 0xd9]))).toEqual(unread('JPEG', 'the image ends (EOI) before any frame header'));
    expect(await imageSizeOfBytes(jpeg(frame(0xc0, 0, 10)))).toEqual(unread('JPEG', 'its header gives a size of 0 × 10 pixels'));
    expect(await imageSizeOfBytes(jpeg(frame(0xc0, 10, 0)))).toEqual(unread('JPEG', 'the frame header leaves the height to a later DNL marker, after the scan'));
  });

  it('JPEG: endless fill bytes or endless empty segments stop at a bound, reading little', async () => {
    const fill = bytes([0xff, 0xd8], new Uint8Array(10_000_000).fill(0xff));
    const source = countingSource(fill);
    expect(await imageSizeOf(source)).toEqual(unread('JPEG', 'more than 1024 fill bytes before the marker at byte 1026'));
    expect(source.bytesRead).toBeLessThan(10_000);
    const comments = bytes([0xff, 0xd8], ...Array.from({ length: 5000 }, () => bytes([0xff, 0xfe, 0x00, 0x02])), frame(0xc0, 10, 10));
    expect(await imageSizeOfBytes(comments)).toEqual(unread('JPEG', 'no frame header in its first 4096 segments'));
    // Restart and other standalone markers carry no length and are stepped over one by one, within the same bound.
    expect(await imageSizeOfBytes(jpeg(bytes([0xff, 0xd0, 0xff, 0x01]), frame(0xc0, 3, 4)))).toEqual({ kind: 'size', format: 'JPEG', width: 3, height: 4 });
  });

  it('GIF, WebP and BMP: zero sizes, cut headers, a VP8 without a key frame, an unknown chunk, a bad DIB header', async () => {
    expect(await imageSizeOfBytes(bytes('GIF89a', u16le(0), u16le(0)))).toEqual(unread('GIF', 'its header gives a size of 0 × 0 pixels'));
    expect(await imageSizeOfBytes(bytes('GIF89a', [1]))).toEqual(unread('GIF', 'the file ends before its logical screen descriptor'));
    expect(await imageSizeOfBytes(riff('VP8 ', [0x51, 0x03, 0x00, 0x9d, 0x01, 0x2a, 1, 0, 1, 0]))).toEqual(unread('WebP', 'its VP8 data does not start with a key frame'));
    expect(await imageSizeOfBytes(riff('VP8 ', [0x50, 0x03, 0x00, 0x9d, 0x01, 0x2b, 1, 0, 1, 0]))).toEqual(unread('WebP', 'its VP8 key frame lacks the start code 9D 01 2A'));
    expect(await imageSizeOfBytes(riff('VP8 ', [0x50, 0x03, 0x00, 0x9d, 0x01, 0x2a, 0, 0, 1, 0]))).toEqual(unread('WebP', 'its header gives a size of 0 × 1 pixels'));
    expect(await imageSizeOfBytes(riff('VP8L', [0x2e, 0, 0, 0, 0]))).toEqual(unread('WebP', 'its VP8L data lacks the signature byte 0x2F'));
    expect(await imageSizeOfBytes(riff('VP8L', [0x2f, 0, 0, 0, 0xe0]))).toEqual(unread('WebP', 'its VP8L version is 7, not 0'));
    expect(await imageSizeOfBytes(riff('VP8L', [0x2f, 0]))).toEqual(unread('WebP', 'the file ends before its "VP8L" chunk'));
    expect(await imageSizeOfBytes(riff('ALPH', new Array(10).fill(0)))).toEqual(unread('WebP', 'its first chunk is "ALPH", not VP8, VP8L or VP8X'));
    expect(await imageSizeOfBytes(bytes('BM', new Array(12).fill(0), u32le(40), u32le(0), u32le(10), new Array(4).fill(0)))).toEqual(unread('BMP', 'its header gives a size of 0 × 10 pixels'));
    expect(await imageSizeOfBytes(bytes('BM', new Array(12).fill(0), u32le(2), new Array(12).fill(0)))).toEqual(unread('BMP', 'its DIB header size 2 is not one BMP defines'));
    expect(await imageSizeOfBytes(bytes('BM', [1, 2]))).toEqual(unread('BMP', 'the file ends before its DIB header'));
  });

  it('TIFF: an IFD offset outside the file, a cut IFD, size tags that are missing or of the wrong type', async () => {
    expect(await imageSizeOfBytes(bytes('II', u16le(42), u32le(0xfffffff0), new Array(8).fill(0)))).toEqual(unread('TIFF', 'its first IFD offset 4294967280 is outside the 16-byte file'));
    expect(await imageSizeOfBytes(bytes('II', u16le(42), u32le(4)))).toEqual(unread('TIFF', 'its first IFD offset 4 is outside the 8-byte file'));
    expect(await imageSizeOfBytes(tiff(true, 10, 10).subarray(0, 8 + 64 + 2 + 20))).toEqual(unread('TIFF', 'the file ends before an IFD entry'));
    expect(await imageSizeOfBytes(tiff(true, 10, 10, 5))).toEqual(unread('TIFF', 'its ImageWidth tag is not one SHORT or LONG value'));
    expect(await imageSizeOfBytes(bytes('MM', u16be(42), u32be(8), u16be(1), u16be(300), u16be(3), u32be(1), u32be(0), u32be(0)))).toEqual(unread('TIFF', 'its first IFD has no ImageWidth and ImageLength tags'));
    expect(await imageSizeOfBytes(bytes('II', u16le(42), u32le(8), u16le(0xffff), new Array(30).fill(0)))).toEqual(unread('TIFF', 'the file ends before an IFD entry'));
  });

  it('names image formats it does not size, and says what a file that is no image is', async () => {
    expect(await imageSizeOfBytes(bytes([0, 0, 1, 0, 1, 0], new Array(20).fill(0)))).toEqual(unread('ICO', 'gtkit does not read the size of ICO images'));
    expect(await imageSizeOfBytes(bytes(u32be(28), 'ftypavif', u32be(0), 'avifmif1miaf'))).toEqual(unread('AVIF', 'gtkit does not read the size of AVIF images'));
    expect(await imageSizeOfBytes(bytes(u32be(24), 'ftypheic', u32be(0), 'mif1heic'))).toEqual(unread('HEIF', 'gtkit does not read the size of HEIF images'));
    expect(await imageSizeOfBytes(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>', 'utf8'))).toEqual(unread('SVG', 'gtkit does not read the size of SVG images'));
    // Browsers show an SVG whose root has a namespace prefix, and one behind a long licence comment.
    expect(await imageSizeOfBytes(Buffer.from('<?xml version="1.0"?>\n<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="10"><svg:rect/></svg:svg>', 'utf8'))).toEqual(unread('SVG', 'gtkit does not read the size of SVG images'));
    expect(await imageSizeOfBytes(Buffer.from(`<!--\n${'licence text '.repeat(2_000)}\n-->\n<svg xmlns="http://www.w3.org/2000/svg"/>`, 'utf8'))).toEqual(unread('SVG', 'gtkit does not read the size of SVG images'));
    const file = join(temp.path, 'commented.svg');
    await writeFile(file, `<!--\n${'licence text '.repeat(2_000)}\n-->\n<svg xmlns="http://www.w3.org/2000/svg"/>`);
    expect(await imageSizeOfFile(file)).toEqual(unread('SVG', 'gtkit does not read the size of SVG images'));
    expect(await imageSizeOfBytes(bytes('<svgfont/>'))).toEqual({ kind: 'not-image', reason: 'it is text (it starts "<svgfont/>")' });
    expect(await imageSizeOfBytes(bytes(u32be(24), 'ftypisom', u32be(0), 'isomiso2'))).toEqual({ kind: 'not-image', reason: 'it is an ISO media file (brand "isom"), such as an MP4 or MOV video' });
    expect(await imageSizeOfBytes(bytes('%PDF-1.7\n%\xe2\xe3'))).toEqual({ kind: 'not-image', reason: 'it is a PDF document' });
    expect(await imageSizeOfBytes(bytes('<!doctype html><title>Not Found</title>'))).toEqual({ kind: 'not-image', reason: 'it is text (it starts "<!doctype html><title>No")' });
    expect(await imageSizeOfBytes(bytes('RIFF', u32le(4), 'WAVEfmt '))).toEqual({ kind: 'not-image', reason: 'it is a RIFF "WAVE" file, not WebP' });
    expect(await imageSizeOfBytes(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f]))).toEqual({ kind: 'not-image', reason: 'it is a Matroska or WebM file (video or audio)' });
    expect(await imageSizeOfBytes(bytes([0x50, 0x36, 0x0a, 0x31, 0x36, 0x20, 0x31, 0x36, 0x0a, 0xff, 0x00]))).toEqual({ kind: 'not-image', reason: 'its first bytes (50 36 0A 31 36 20 31 36) match no image format a browser shows' });
  });

  it('a file that cannot be opened or read is unread, with the reason', async () => {
    expect(await imageSizeOfFile(join(temp.path, 'no-such.png'))).toEqual({ kind: 'unread', reason: 'cannot open it (ENOENT)' });
    expect(await imageSizeOfFile(temp.path)).toEqual({ kind: 'unread', reason: 'cannot read it (EISDIR)' });
    // A file that shrank after it was listed: the header is read from what is there.
    const file = join(temp.path, 'shrunk.gif');
    await writeFile(file, bytes('GIF89a', u16le(5), u16le(6)));
    expect(await imageSizeOfFile(file, 1_000_000)).toEqual({ kind: 'size', format: 'GIF', width: 5, height: 6 });
  });
});
