import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';

/**
 * 1980-01-01 00:00 as the zip writes it. fflate takes a DOS date/time from the Date's *local*
 * fields, so the Date is made from local fields too: a UTC instant would be written differently
 * in every time zone (and as 1979, which fflate refuses, west of UTC). Made per call, since
 * `process.env.TZ` may change while the process runs.
 */
function fixedLocalTime(): Date {
  return new Date(1980, 0, 1, 0, 0, 0);
}
/** Regular file, rw-r--r--, in the high 16 bits of the external attributes (Unix host). */
const regularFile0644 = 0o100644 << 16;

/**
 * A deterministic zip of the given files: entries sorted by name, one fixed time whatever the time zone, mode 0644,
 * maximum compression. Names must be relative paths with `/` separators and no `..` segment,
 * since Lambda unpacks the zip into its task root.
 */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 9; os: 3; attrs: number }]> = {};
  const mtime = fixedLocalTime();
  for (const name of Object.keys(files).sort()) {
    if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new Error(`zip entry ${JSON.stringify(name)} is not a plain relative path`);
    }
    entries[name] = [files[name] as Uint8Array, { mtime, level: 9, os: 3, attrs: regularFile0644 }];
  }
  return zipSync(entries);
}

/** Base64 SHA-256 of the zip: the form Lambda reports as `CodeSha256`. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
