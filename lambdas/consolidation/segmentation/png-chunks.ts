/**
 * PNG's container: the signature and the length–type–data–CRC chunks (PNG specification,
 * section 5). Shared by the decoder and the encoders.
 */

export const PNG_SIGNATURE: readonly number[] = [137, 80, 78, 71, 13, 10, 26, 10];

/** Thrown for bytes that are not a PNG gtkit can read; the message says what is wrong and where. */
export class PngError extends Error {
  constructor(message: string) {
    super(`PNG: ${message}`);
    this.name = 'PngError';
  }
}

const CRC_TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 of `bytes[start, end)`, as PNG chunks carry it. */
export function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface Chunk {
  type: string;
  /** A view into the file, not a copy. */
  data: Uint8Array;
  /** Where the chunk starts in the file, for messages. */
  offset: number;
}

/** Throws unless `bytes` start with the PNG signature. */
export function checkSignature(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new PngError('the data is empty (0 bytes)');
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) throw new PngError(`not a PNG: the first 8 bytes are not the PNG signature (got ${hex(bytes.subarray(0, 8))})`);
  }
}

/** The chunk at byte `at`, its length and CRC checked. */
export function readChunkAt(bytes: Uint8Array, at: number): Chunk {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + 8 > bytes.length) throw new PngError(`truncated: the file ends at byte ${bytes.length}, before its IEND chunk`);
  const length = view.getUint32(at);
  const type = String.fromCharCode(bytes[at + 4] as number, bytes[at + 5] as number, bytes[at + 6] as number, bytes[at + 7] as number);
  if (!/^[A-Za-z]{4}$/.test(type)) throw new PngError(`byte ${at}: expected a chunk type of 4 letters, got ${JSON.stringify(type)} (damaged file?)`);
  if (length > 0x7fffffff) throw new PngError(`chunk ${type} at byte ${at}: length ${length} is more than PNG allows (2^31 - 1)`);
  const end = at + 8 + length;
  if (end + 4 > bytes.length) throw new PngError(`truncated: chunk ${type} at byte ${at} announces ${length} bytes of data, but the file ends at byte ${bytes.length}`);
  const stored = view.getUint32(end);
  const computed = crc32(bytes, at + 4, end);
  if (stored !== computed) throw new PngError(`chunk ${type} at byte ${at}: CRC mismatch (stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${computed.toString(16).padStart(8, '0')}); the file is damaged`);
  return { type, data: bytes.subarray(at + 8, end), offset: at };
}

/**
 * The file's chunks up to and including IEND, each length and CRC checked. Data after IEND is
 * ignored, as the specification allows. A file that ends before IEND is truncated.
 */
export function readChunks(bytes: Uint8Array): Chunk[] {
  checkSignature(bytes);
  const chunks: Chunk[] = [];
  for (let at = PNG_SIGNATURE.length; ; ) {
    const chunk = readChunkAt(bytes, at);
    chunks.push(chunk);
    if (chunk.type === 'IEND') return chunks;
    at = chunk.offset + 12 + chunk.data.length;
  }
}

/** One chunk's bytes: length, type, data, CRC. */
export function writeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** The signature followed by the chunks, as one file. */
export function joinPng(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(PNG_SIGNATURE.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ') || 'nothing';
}
