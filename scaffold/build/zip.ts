import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';

/** A fixed timestamp for every entry: identical inputs give byte-identical zips (and CodeSha256). */
const fixedTime = new Date('1980-01-01T00:00:00Z');
/** Regular file, rw-r--r--, in the high 16 bits of the external attributes (Unix host). */
const regularFile0644 = 0o100644 << 16;

/**
 * A deterministic zip of the given files: entries sorted by name, one fixed time, mode 0644,
 * maximum compression. Names must be relative paths with `/` separators and no `..` segment,
 * since Lambda unpacks the zip into its task root.
 */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 9; os: 3; attrs: number }]> = {};
  for (const name of Object.keys(files).sort()) {
    if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new Error(`zip entry ${JSON.stringify(name)} is not a plain relative path`);
    }
    entries[name] = [files[name] as Uint8Array, { mtime: fixedTime, level: 9, os: 3, attrs: regularFile0644 }];
  }
  return zipSync(entries);
}

/** Base64 SHA-256 of the zip: the form Lambda reports as `CodeSha256`. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
