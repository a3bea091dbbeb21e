/**
 * Base64 without Node's Buffer, so that the same code runs in Lambda, the dry run and the
 * preview's browser bundle. Written out with a table rather than atob/btoa: those go through a
 * string of one character per byte, which for a megapixel mask is megabytes of garbage.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Character code → 6-bit value; 64 = not in the alphabet. `-` and `_` (base64url) are accepted too. */
const VALUES = /* @__PURE__ */ (() => {
  const table = new Uint8Array(128).fill(64);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/** Thrown for text that is not base64; the message says where. */
export class Base64Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base64Error';
  }
}

/** Base64 (standard alphabet, `=` padding, no line breaks) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Built in slices: one string concatenation per output character would be quadratic in some engines.
  const slice = 3 * 8192;
  for (let start = 0; start < bytes.length; start += slice) {
    const end = Math.min(bytes.length, start + slice);
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    }
    if (i < end) {
      const a = bytes[i] as number;
      const b = i + 1 < end ? (bytes[i + 1] as number) : 0;
      const n = (a << 16) | (b << 8);
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + (i + 1 < end ? ALPHABET[(n >> 6) & 63]! : '=') + '=';
    }
    parts.push(out);
  }
  return parts.join('');
}

/**
 * The bytes of base64 text. Accepts a `data:…;base64,` URL as a canvas's `toDataURL()` gives it
 * (Ground Truth's `pngImageData` has no such prefix, but a hand-made answer may), white space
 * anywhere (wrapped lines), missing `=` padding and the base64url alphabet. Anything else is a
 * {@link Base64Error} naming the first bad character's position.
 */
export function fromBase64(text: string): Uint8Array {
  let start = 0;
  if (text.startsWith('data:')) {
    const comma = text.indexOf(',');
    if (comma < 0 || !/;base64$/i.test(text.slice(0, comma))) throw new Base64Error(`a data: URL must be base64-encoded ("data:image/png;base64,…"), got ${JSON.stringify(text.slice(0, Math.min(40, comma < 0 ? 40 : comma + 1)))}`);
    start = comma + 1;
  }
  const out = new Uint8Array(Math.floor(((text.length - start) * 3) / 4) + 3);
  let bits = 0;
  let have = 0;
  let written = 0;
  let padding = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) continue;
    if (code === 61) {
      padding++;
      continue;
    }
    const value = code < 128 ? (VALUES[code] as number) : 64;
    if (value === 64 || padding > 0) throw new Base64Error(`not base64: ${padding > 0 ? 'data after the "=" padding' : `character ${JSON.stringify(text[i])}`} at position ${i}`);
    bits = (bits << 6) | value;
    have += 6;
    if (have >= 8) {
      have -= 8;
      out[written++] = (bits >> have) & 255;
    }
  }
  // Six leftover bits cannot end a byte: one character too many or too few.
  if (have >= 6) throw new Base64Error('not base64: its length leaves a lone character at the end (cut off?)');
  return out.slice(0, written);
}

/**
 * The first `byteCount` bytes of base64 text (or all of it when shorter), decoding only the
 * characters that hold them: for reading a PNG's header without decoding a large mask. Accepts
 * what {@link fromBase64} accepts; a bad character past those bytes is not looked at.
 */
export function fromBase64Head(text: string, byteCount: number): Uint8Array {
  const wanted = Math.ceil(byteCount / 3) * 4;
  const comma = text.startsWith('data:') ? text.indexOf(',') : -1;
  let i = comma + 1;
  // White space does not count: walk to the character that ends the wanted groups.
  for (let taken = 0; i < text.length && taken < wanted; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) taken++;
  }
  return fromBase64(text.slice(0, i)).subarray(0, byteCount);
}
