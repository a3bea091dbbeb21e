import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';

/** A fixed timestamp for every entry: identical inputs give byte-identical zips (and CodeSha256). */
const fixedTime = new Date('1980-01-01T00:00:00Z');

/** A deterministic zip of the given files (sorted by name, fixed times, mode 0644). */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 9; os: 3; attrs: number }]> = {};
  for (const name of Object.keys(files).sort()) {
    entries[name] = [files[name] as Uint8Array, { mtime: fixedTime, level: 9, os: 3, attrs: 0o100644 << 16 }];
  }
  return zipSync(entries);
}

/** Base64 SHA-256, the form Lambda reports as CodeSha256. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
