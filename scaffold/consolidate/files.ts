import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../cli/exit-codes.ts';

/** A file flag of gtkit consolidate and the path it was given (undefined when the flag is not given). */
export type FileFlag = readonly [flag: string, path: string | undefined];

/**
 * Refuses a file written by one flag that is also read or written by another: the later write
 * would replace the input manifest, or one output with another (--rest over -o), and the run
 * would still say it succeeded. Paths are compared as files, not as text: `./a` and `a`, a
 * symlinked folder or a hard link name the same file. `inPlace` pairs are allowed: `-o` may be
 * `--only-failed`'s file, which is read whole before the patched output replaces it whole.
 *
 * @example
 * await checkDistinctFiles([['--manifest', 'in.manifest']], [['-o', 'out.manifest'], ['--rest', 'in.manifest']]) // UsageError
 */
export async function checkDistinctFiles(reads: readonly FileFlag[], writes: readonly FileFlag[], inPlace: ReadonlyArray<readonly [written: string, read: string]> = []): Promise<void> {
  const seen: Array<{ flag: string; path: string; identity: string; written: boolean }> = [];
  for (const [flag, path] of reads) if (path !== undefined && !path.startsWith('s3://')) seen.push({ flag, path, identity: await fileIdentity(path), written: false });
  for (const [flag, path] of writes) {
    if (path === undefined) continue;
    const identity = await fileIdentity(path);
    const other = seen.find((s) => s.identity === identity && !inPlace.some(([w, r]) => w === flag && r === s.flag));
    if (other) {
      const what = other.written ? `also the file ${other.flag} writes` : `the file ${other.flag} reads`;
      throw new UsageError(`${flag} ${path}: is ${what} (${other.flag} ${other.path}), which the run would overwrite; give ${flag} a file of its own`);
    }
    seen.push({ flag, path, identity, written: true });
  }
}

/** What names a file: its device and inode when it is there, else its absolute path with its folder's links resolved. */
async function fileIdentity(path: string): Promise<string> {
  const absolute = resolve(path);
  const found = await stat(absolute).catch(() => undefined);
  if (found) return `inode ${found.dev}:${found.ino}`;
  const folder = await realpath(dirname(absolute)).catch(() => dirname(absolute));
  return join(folder, basename(absolute));
}
