import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { codeSha256, deterministicZip } from '../../../scaffold/build/zip.ts';

/** The DOS date/time and external attributes of each central-directory entry. */
function centralEntries(zip: Uint8Array): Array<{ name: string; time: number; date: number; attrs: number; versionMadeBy: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out = [];
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    out.push({
      versionMadeBy: view.getUint16(i + 4, true),
      time: view.getUint16(i + 12, true),
      date: view.getUint16(i + 14, true),
      attrs: view.getUint32(i + 38, true),
      name: new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)),
    });
  }
  return out;
}

describe('deterministicZip', () => {
  it('gives byte-identical zips for the same files, whatever their insertion order', () => {
    const a = deterministicZip({ 'index.mjs': strToU8('export const handler = 1;'), 'index.mjs.map': strToU8('{}') });
    const b = deterministicZip({ 'index.mjs.map': strToU8('{}'), 'index.mjs': strToU8('export const handler = 1;') });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(codeSha256(a)).toBe(codeSha256(b));
  });

  it('sorts entries, fixes their time to 1980-01-01 and their mode to a 0644 regular file from a Unix host', () => {
    const zip = deterministicZip({ 'b.txt': strToU8('b'), 'a/c.txt': strToU8('c') });
    const entries = centralEntries(zip);
    expect(entries.map((e) => e.name)).toEqual(['a/c.txt', 'b.txt']);
    for (const e of entries) {
      expect(e.date).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
      expect(e.time).toBe(0);
      expect(e.attrs >>> 16).toBe(0o100644);
      expect(e.versionMadeBy >> 8).toBe(3); // Unix
    }
    expect(unzipSync(zip)).toEqual({ 'a/c.txt': strToU8('c'), 'b.txt': strToU8('b') });
  });

  it('gives the same bytes in every time zone, west of UTC too (fflate writes local date fields)', () => {
    const files = { 'index.mjs': strToU8('export const handler = 1;') };
    const saved = process.env.TZ;
    const byZone = new Map<string, string>();
    try {
      for (const zone of ['UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Pacific/Kiritimati']) {
        process.env.TZ = zone;
        const zip = deterministicZip(files);
        expect(centralEntries(zip).map((e) => [e.date, e.time]), zone).toEqual([[(0 << 9) | (1 << 5) | 1, 0]]);
        byZone.set(zone, codeSha256(zip));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(new Set(byZone.values()).size).toBe(1);
  });

  it('changes when one byte changes', () => {
    const a = deterministicZip({ 'index.mjs': strToU8('a') });
    const b = deterministicZip({ 'index.mjs': strToU8('b') });
    expect(codeSha256(a)).not.toBe(codeSha256(b));
  });

  it('makes a valid empty zip and handles empty and huge files', () => {
    expect(unzipSync(deterministicZip({}))).toEqual({});
    const huge = new Uint8Array(8 * 1024 * 1024).fill(7);
    const zip = deterministicZip({ 'empty.txt': new Uint8Array(0), 'huge.bin': huge });
    const back = unzipSync(zip);
    expect(back['empty.txt']).toEqual(new Uint8Array(0));
    expect(back['huge.bin']?.length).toBe(huge.length);
    expect(zip.length).toBeLessThan(100 * 1024);
  });

  it('refuses names that would escape the task root or are not plain relative paths', () => {
    for (const name of ['../evil.js', '/etc/passwd', 'a/../../b', 'a//b', './index.mjs', 'dir\\file.js', '', 'a/']) {
      expect(() => deterministicZip({ [name]: strToU8('x') }), name).toThrow(/is not a plain relative path/);
    }
  });
});

describe('codeSha256', () => {
  it('is the base64 SHA-256, as Lambda reports CodeSha256', () => {
    expect(codeSha256(new Uint8Array(0))).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(codeSha256(strToU8('abc'))).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });

  it('matches what fflate would give for the same zip bytes', () => {
    const zip = zipSync({ 'x.txt': strToU8('x') });
    expect(codeSha256(zip)).toBe(codeSha256(Uint8Array.from(zip)));
  });
});
