import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError, UsageError } from './exit-codes.ts';
import { fileSystemReason } from './output.ts';

/** A folder that could not be made (exit code 1, one line): `folder` is the level that failed, `reason` says why in words. */
export class FolderError extends CliError {
  constructor(
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`cannot make the folder ${folder}: ${reason}`);
    this.name = 'FolderError';
  }
}

/**
 * Makes a folder and the missing ones above it, one level at a time. Node's own
 * `mkdir(path, { recursive: true })` loops for ever, a core busy in the kernel, where mkdir
 * answers "no such file" for a folder whose parent exists (under /proc or /sys); this stops at
 * the first level it cannot make and throws a FolderError that names it.
 *
 * @example
 * await makeFolder(flags.out).catch((e) => { throw new UsageError(`--out ${flags.out}: ${e.message}`); });
 */
export async function makeFolder(path: string): Promise<void> {
  const { missing } = await folderToMake(path);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      // Made meanwhile by someone else: as good as made here.
      if (e.code === 'EEXIST' && (await stat(folder).catch(() => undefined))?.isDirectory()) continue;
      throw new FolderError(folder, mkdirRefusal(e));
    }
  }
}

/** Why mkdir refused a folder whose parent is there (made or found just before), in words. */
function mkdirRefusal(error: NodeJS.ErrnoException): string {
  // "No such file" with the parent there: the file system itself takes no folders here.
  return error.code === 'ENOENT' ? 'the file system there takes no new folders (as /proc and /sys do not)' : (fileSystemReason(error) ?? error.message);
}

/**
 * folderToMake, and a check that the file system takes the first missing level: it is made and
 * removed again, since neither permissions (root may write anywhere) nor the path tell that /proc
 * or a read-only mount refuses it. For a command that makes its output folder only when it writes,
 * yet must refuse a folder it cannot make before its work, as one that makes it at once does.
 */
export async function checkFolderCanBeMade(path: string): Promise<{ existing: string | undefined; missing: string[] }> {
  const plan = await folderToMake(path);
  const first = plan.missing[0];
  if (first === undefined) return plan;
  try {
    await mkdir(first);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    // Made meanwhile by someone else: it can be, and it is not ours to remove.
    if (e.code === 'EEXIST' && (await stat(first).catch(() => undefined))?.isDirectory()) return plan;
    throw new FolderError(first, mkdirRefusal(e));
  }
  // Someone else's files in it meanwhile: then it is theirs, and stays.
  await rmdir(first).catch(() => undefined);
  return plan;
}

/**
 * What makeFolder would do, without doing it: the nearest folder that is there (`existing`, undefined
 * only when even the root is missing) and the levels below it to make, outermost first. A file where a
 * folder is needed is a FolderError naming it. Lets a command refuse a bad output path before its work
 * and make the folder only when it writes, so a failed run leaves no empty folder behind.
 */
export async function folderToMake(path: string): Promise<{ existing: string | undefined; missing: string[] }> {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    const found = await stat(at).catch(() => undefined);
    if (found?.isDirectory()) return { existing: at, missing };
    if (found) throw new FolderError(at, 'a file is there, where a folder is needed');
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) return { existing: undefined, missing };
    at = up;
  }
}

/**
 * makeFolder for a folder that a flag's value names (`--out`, or the folder of `-o <file>`): a
 * folder that cannot be made is that flag's usage error (exit code 2), with what to give instead.
 */
export async function makeFolderOfFlag(path: string, flag: string, given: string): Promise<void> {
  await makeFolder(path).catch((error: unknown) => {
    if (error instanceof FolderError) throw new UsageError(`${flag} ${given}: ${error.message}; give ${flag} a path in a folder you can write, such as one under your task or home folder`);
    throw error;
  });
}
