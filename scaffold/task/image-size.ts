import { open } from 'node:fs/promises';

/**
 * An image's pixel size read from its header alone, written from the formats' specifications
 * (PNG 1.2 §11.2.2 IHDR; JPEG T.81 §B.1–B.2 markers and frame header; GIF89a §18 logical screen;
 * WebP container with its VP8, VP8L and VP8X chunks; BMP's BITMAPCOREHEADER/BITMAPINFOHEADER;
 * TIFF 6.0 §2 IFD tags 256/257). Only the bytes the header needs are read — a JPEG's segments
 * are stepped over by their lengths, never scanned — so a 40 MB photo costs a few reads.
 *
 * Three outcomes: the size; `unread`, for a file that starts like an image but whose header
 * cannot be read (truncated, malformed, a format whose size gtkit does not read), which a browser
 * may still show; and `not-image`, for bytes that match no image format a browser shows (an empty
 * file, a PDF, a video, text, a PPM). Hostile input (lengths that point past the end, zero or huge sizes) gives
 * `unread` with the reason, never an exception or an unbounded loop.
 */
export type ImageSize =
  | { kind: 'size'; format: ImageFormat; width: number; height: number }
  | { kind: 'unread'; format?: string; reason: string }
  | { kind: 'not-image'; reason: string };

export type ImageFormat = 'PNG' | 'JPEG' | 'GIF' | 'WebP' | 'BMP' | 'TIFF';

/** Random access to a file's bytes: `read` returns fewer bytes than asked at the end of the file. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes read in one go from a file: the first read covers every header but a JPEG's or TIFF's that sits further in. */
const firstReadBytes = 16 * 1024;
const laterReadBytes = 4 * 1024;
/** Header segments a JPEG may have before its frame header; real files have a few dozen at most. */
const maxJpegSegments = 4096;
/** Fill bytes (0xFF) allowed before one JPEG marker. */
const maxJpegFill = 1024;
/** IFD entries read while looking for the two size tags (they sort first, so a real file needs a handful). */
const maxTiffEntries = 1024;
/** Bytes of a file that starts with `<` searched for an `<svg` element: a licence comment or a doctype with entities may come first. */
const svgLookahead = 64 * 1024;
/** An `<svg` start tag, also with a namespace prefix (`<svg:svg xmlns:svg=…>`), which browsers show too. */
const svgStartTag = /<(?:[A-Za-z_][\w.-]*:)?svg[\s/>]/i;

/** The pixel size of the image in `file`, reading only its header. `size` is the file's length when the caller knows it already. */
export async function imageSizeOfFile(file: string, size?: number): Promise<ImageSize> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { kind: 'unread', reason: `cannot open it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  try {
    const length = size ?? (await handle.stat()).size;
    return await imageSizeOf(windowedFile(handle, length));
  } catch (error) {
    return { kind: 'unread', reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** `imageSizeOf` for bytes already in memory. */
export function imageSizeOfBytes(bytes: Uint8Array): Promise<ImageSize> {
  return imageSizeOf({ size: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) });
}

/** The one call {@link windowedFile} makes of an open file (a `FileHandle` is one): read `length` bytes at `position`. */
export interface PositionalReads {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** A file read through one cached window, so that the many small reads of a header cost few system calls. */
export function windowedFile(handle: PositionalReads, size: number): ByteSource {
  let start = 0;
  let window = new Uint8Array(0);
  return {
    size,
    async read(offset, length) {
      if (offset >= start && offset + length <= start + window.length) return window.subarray(offset - start, offset - start + length);
      const wanted = Math.min(Math.max(length, start === 0 && window.length === 0 ? firstReadBytes : laterReadBytes), Math.max(0, size - offset));
      const buffer = new Uint8Array(wanted);
      const { bytesRead } = await handle.read(buffer, 0, wanted, offset);
      start = offset;
      window = buffer.subarray(0, bytesRead);
      return window.subarray(0, Math.min(length, bytesRead));
    },
  };
}

/** The pixel size of the image whose bytes `source` gives. */
export async function imageSizeOf(source: ByteSource): Promise<ImageSize> {
  if (source.size === 0) return { kind: 'not-image', reason: 'the file is empty (0 bytes)' };
  const head = await source.read(0, 64);
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return png(head);
  if (starts(0xff, 0xd8, 0xff)) return jpeg(source);
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return gif(head);
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return webp(head);
  if (ascii(head, 0, 2) === 'BM') return bmp(head);
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return tiff(source, head[0] === 0x49);
  return otherFormat(head, source);
}

// -- PNG: the signature, then IHDR, which must be the first chunk: length 13, width and height as 4-byte big-endian integers in 1..2^31-1.
function png(head: Uint8Array): ImageSize {
  if (head.length < 24) return truncated('PNG', 'its IHDR chunk');
  if (ascii(head, 12, 4) !== 'IHDR') return { kind: 'unread', format: 'PNG', reason: `its first chunk is ${JSON.stringify(ascii(head, 12, 4))}, not IHDR` };
  const width = u32be(head, 16);
  const height = u32be(head, 20);
  return sized('PNG', width, height, 0x7fffffff);
}

// -- JPEG: segments from SOI on, each a marker (0xFF, code) and, unless standalone, a 2-byte length that counts itself; the frame header (SOFn) holds the size.
const standaloneMarkers = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]);
/** SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): baseline, extended, progressive, lossless, hierarchical, arithmetic. */
const frameMarkers = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

async function jpeg(source: ByteSource): Promise<ImageSize> {
  let at = 2;
  for (let segment = 0; segment < maxJpegSegments; segment++) {
    let fill = 0;
    let marker: number | undefined;
    // A marker is one or more 0xFF bytes (the extra ones are fill), then its code.
    for (;;) {
      const bytes = await source.read(at, 2);
      if (bytes.length < 2) return truncated('JPEG', 'a marker before the frame header');
      if (bytes[0] !== 0xff) return { kind: 'unread', format: 'JPEG', reason: `no marker at byte ${at} (found 0x${hex(bytes[0])}), where a header segment should start` };
      if (bytes[1] !== 0xff) {
        marker = bytes[1];
        at += 2;
        break;
      }
      if (++fill > maxJpegFill) return { kind: 'unread', format: 'JPEG', reason: `more than ${maxJpegFill} fill bytes before the marker at byte ${at}` };
      at += 1;
    }
    if (marker === undefined || standaloneMarkers.has(marker)) continue;
    if (marker === 0xd9) return { kind: 'unread', format: 'JPEG', reason: 'the image ends (EOI) before any frame header' };
    if (marker === 0xda) return { kind: 'unread', format: 'JPEG', reason: 'the scan data starts (SOS) before any frame header' };
    const lengthBytes = await source.read(at, 2);
    if (lengthBytes.length < 2) return truncated('JPEG', `the length of segment 0xFF${hex(marker)}`);
    const length = u16be(lengthBytes, 0);
    if (length < 2) return { kind: 'unread', format: 'JPEG', reason: `segment 0xFF${hex(marker)} at byte ${at - 2} has length ${length}, below the 2 bytes of the length itself` };
    if (at + length > source.size) return { kind: 'unread', format: 'JPEG', reason: `segment 0xFF${hex(marker)} at byte ${at - 2} is ${length} bytes long, past the end of the ${source.size}-byte file` };
    if (frameMarkers.has(marker)) {
      // Length, precision (1 byte), then the number of lines and of samples per line.
      if (length < 8) return { kind: 'unread', format: 'JPEG', reason: `frame header 0xFF${hex(marker)} is ${length} bytes long, too short to hold the size` };
      const frame = await source.read(at, 7);
      if (frame.length < 7) return truncated('JPEG', 'the frame header');
      const height = u16be(frame, 3);
      const width = u16be(frame, 5);
      if (height === 0) return { kind: 'unread', format: 'JPEG', reason: 'the frame header leaves the height to a later DNL marker, after the scan' };
      return sized('JPEG', width, height, 0xffff);
    }
    at += length;
  }
  return { kind: 'unread', format: 'JPEG', reason: `no frame header in its first ${maxJpegSegments} segments` };
}

// -- GIF: the logical screen descriptor after the 6-byte signature, width and height as 2-byte little-endian integers.
function gif(head: Uint8Array): ImageSize {
  if (head.length < 10) return truncated('GIF', 'its logical screen descriptor');
  return sized('GIF', u16le(head, 6), u16le(head, 8), 0xffff);
}

// -- WebP: RIFF header (12 bytes), then the first chunk's FourCC and size (8 bytes) and its data.
function webp(head: Uint8Array): ImageSize {
  const chunk = ascii(head, 12, 4);
  const data = 20;
  // VP8L's size ends 5 bytes into its data, VP8's and VP8X's 10.
  if (head.length < data + (chunk === 'VP8L' ? 5 : 10)) return truncated('WebP', `its ${JSON.stringify(chunk)} chunk`);
  if (chunk === 'VP8 ') {
    // A key frame's 3-byte frame tag (bit 0 clear), the start code 9D 01 2A, then 14-bit width and height (the top 2 bits are a scaling hint).
    if ((head[data] ?? 1) & 1) return { kind: 'unread', format: 'WebP', reason: 'its VP8 data does not start with a key frame' };
    if (head[data + 3] !== 0x9d || head[data + 4] !== 0x01 || head[data + 5] !== 0x2a) return { kind: 'unread', format: 'WebP', reason: 'its VP8 key frame lacks the start code 9D 01 2A' };
    return sized('WebP', u16le(head, data + 6) & 0x3fff, u16le(head, data + 8) & 0x3fff, 0x3fff);
  }
  if (chunk === 'VP8L') {
    // Signature 0x2F, then 14 bits of width − 1 and 14 of height − 1, least significant bit first, and a 3-bit version that must be 0.
    if (head[data] !== 0x2f) return { kind: 'unread', format: 'WebP', reason: 'its VP8L data lacks the signature byte 0x2F' };
    const bits = u32le(head, data + 1);
    if (bits >>> 29 !== 0) return { kind: 'unread', format: 'WebP', reason: `its VP8L version is ${bits >>> 29}, not 0` };
    return sized('WebP', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 0x4000);
  }
  if (chunk === 'VP8X') {
    // Flags and reserved bytes (4), then the canvas width − 1 and height − 1 as 3-byte little-endian integers.
    const width = (head[data + 4] ?? 0) + ((head[data + 5] ?? 0) << 8) + ((head[data + 6] ?? 0) << 16) + 1;
    const height = (head[data + 7] ?? 0) + ((head[data + 8] ?? 0) << 8) + ((head[data + 9] ?? 0) << 16) + 1;
    return sized('WebP', width, height, 0x1000000);
  }
  return { kind: 'unread', format: 'WebP', reason: `its first chunk is ${JSON.stringify(chunk)}, not VP8, VP8L or VP8X` };
}

// -- BMP: a 14-byte file header, then a DIB header whose size says its kind: 12 bytes (OS/2 core, 16-bit sizes) or more (signed 32-bit sizes, a negative height meaning top-down rows).
function bmp(head: Uint8Array): ImageSize {
  if (head.length < 26) return truncated('BMP', 'its DIB header');
  const dibSize = u32le(head, 14);
  if (dibSize === 12) return sized('BMP', u16le(head, 18), u16le(head, 20), 0xffff);
  if (dibSize < 16 || dibSize > 1024) return { kind: 'unread', format: 'BMP', reason: `its DIB header size ${dibSize} is not one BMP defines` };
  const width = i32le(head, 18);
  const height = Math.abs(i32le(head, 22));
  return sized('BMP', width, height, 0x80000000);
}

// -- TIFF: byte order, 42, the first IFD's offset; the IFD's entries (12 bytes: tag, type, count, value) sort by tag, ImageWidth (256) and ImageLength (257) first but two.
async function tiff(source: ByteSource, little: boolean): Promise<ImageSize> {
  const u16 = little ? u16le : u16be;
  const u32 = little ? u32le : u32be;
  const header = await source.read(0, 8);
  if (header.length < 8) return truncated('TIFF', 'its header');
  const ifd = u32(header, 4);
  if (ifd < 8 || ifd + 2 > source.size) return { kind: 'unread', format: 'TIFF', reason: `its first IFD offset ${ifd} is outside the ${source.size}-byte file` };
  const countBytes = await source.read(ifd, 2);
  if (countBytes.length < 2) return truncated('TIFF', 'its first IFD');
  const count = Math.min(u16(countBytes, 0), maxTiffEntries);
  const size: { width?: number; height?: number } = {};
  for (let i = 0; i < count; i++) {
    const entry = await source.read(ifd + 2 + i * 12, 12);
    if (entry.length < 12) return truncated('TIFF', 'an IFD entry');
    const tag = u16(entry, 0);
    if (tag > 257) break;
    if (tag !== 256 && tag !== 257) continue;
    const type = u16(entry, 2);
    // SHORT (3) or LONG (4), one value, kept in the entry's own 4 bytes.
    if ((type !== 3 && type !== 4) || u32(entry, 4) !== 1) return { kind: 'unread', format: 'TIFF', reason: `its ${tag === 256 ? 'ImageWidth' : 'ImageLength'} tag is not one SHORT or LONG value` };
    const value = type === 3 ? u16(entry, 8) : u32(entry, 8);
    if (tag === 256) size.width = value;
    else size.height = value;
  }
  if (size.width === undefined || size.height === undefined) return { kind: 'unread', format: 'TIFF', reason: 'its first IFD has no ImageWidth and ImageLength tags' };
  return sized('TIFF', size.width, size.height, 0xffffffff);
}

/** What a file that is none of the read formats is: an image format whose size gtkit does not read, or something else that it names when it can. */
async function otherFormat(head: Uint8Array, source: ByteSource): Promise<ImageSize> {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const unreadFormat = (format: string): ImageSize => ({ kind: 'unread', format, reason: `gtkit does not read the size of ${format} images` });
  if (starts(0x00, 0x00, 0x01, 0x00) || starts(0x00, 0x00, 0x02, 0x00)) return unreadFormat('ICO');
  if (ascii(head, 0, 4) === 'II+\u0000' || ascii(head, 0, 4) === 'MM\u0000+') return unreadFormat('BigTIFF');
  if (starts(0xff, 0x0a) || starts(0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20)) return unreadFormat('JPEG XL');
  if (starts(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20) || starts(0xff, 0x4f, 0xff, 0x51)) return unreadFormat('JPEG 2000');
  if (ascii(head, 4, 4) === 'ftyp') {
    // ISO base media: the brands say whether it holds a still image (AVIF, HEIF) or a movie.
    const brands = Array.from({ length: Math.max(0, Math.min(u32be(head, 0), head.length) - 8) / 4 }, (_, i) => ascii(head, 8 + i * 4, 4)).filter((_brand, i) => i !== 1);
    if (brands.some((b) => ['avif', 'avis'].includes(b))) return unreadFormat('AVIF');
    if (brands.some((b) => ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(b))) return unreadFormat('HEIF');
    return { kind: 'not-image', reason: `it is an ISO media file (brand ${JSON.stringify(brands[0] ?? '')}), such as an MP4 or MOV video` };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '').trimStart();
  // An XML prolog, a comment or a doctype may come before the <svg> element.
  if (text.startsWith('<') && svgStartTag.test(new TextDecoder().decode(await source.read(0, svgLookahead)))) return unreadFormat('SVG');
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'not-image', reason: 'it is a PDF document' };
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return { kind: 'not-image', reason: 'it is a Matroska or WebM file (video or audio)' };
  if (ascii(head, 0, 4) === 'RIFF') return { kind: 'not-image', reason: `it is a RIFF ${JSON.stringify(ascii(head, 8, 4).trim())} file, not WebP` };
  if (starts(0x50, 0x4b, 0x03, 0x04)) return { kind: 'not-image', reason: 'it is a ZIP archive' };
  if (starts(0x1f, 0x8b)) return { kind: 'not-image', reason: 'it is gzip-compressed' };
  if (head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x20)) return { kind: 'not-image', reason: `it is text (it starts ${JSON.stringify(text.slice(0, 24))})` };
  return { kind: 'not-image', reason: `its first bytes (${Array.from(head.subarray(0, 8), hex).join(' ')}) match no image format a browser shows` };
}

function sized(format: ImageFormat, width: number, height: number, max: number): ImageSize {
  if (width < 1 || height < 1) return { kind: 'unread', format, reason: `its header gives a size of ${width} × ${height} pixels` };
  if (width > max || height > max) return { kind: 'unread', format, reason: `its header gives a size of ${width} × ${height} pixels, beyond ${format}'s largest, ${max}` };
  return { kind: 'size', format, width, height };
}

function truncated(format: string, what: string): ImageSize {
  return { kind: 'unread', format, reason: `the file ends before ${what}` };
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const hex = (n: number | undefined) => (n ?? 0).toString(16).toUpperCase().padStart(2, '0');
const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, at: number) => (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
const u32le = (b: Uint8Array, at: number) => (((b[at + 3] ?? 0) << 24) | ((b[at + 2] ?? 0) << 16) | ((b[at + 1] ?? 0) << 8) | (b[at] ?? 0)) >>> 0;
const i32le = (b: Uint8Array, at: number) => u32le(b, at) | 0;
