import { access, constants, mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { CliError, UsageError } from './exit-codes.ts';
import { fileSystemReason } from './output.ts';
import { shownPath } from './paths.ts';

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

/** The task folder's own work folder: deploy state, requests, builds, dry runs. */
export const gtkitFolderName = '.gtkit';

/** Folders gtkit makes in `.gtkit/` are its user's alone: it holds copies of the data, answers and account ids. */
export const privateFolderMode = 0o700;
/** Files gtkit makes in `.gtkit/` (and the answers file) are its user's alone, for the same reason. */
export const privateFileMode = 0o600;

/**
 * Whether gtkit keeps `path` to its user: it is a task's `.gtkit` folder or lies inside one. What
 * lands there (the dry run's copies of the data and answers, the request with its account ids)
 * would otherwise be readable by every user of a shared machine under the usual 022 umask.
 */
export function isPrivateToUser(path: string): boolean {
  return resolve(path).split(sep).includes(gtkitFolderName);
}

/**
 * Makes a folder and the missing ones above it, one level at a time. A level it makes in a
 * `.gtkit` folder, or the `.gtkit` folder itself, is made 0700 (`isPrivateToUser`); a folder that
 * was there keeps its mode. Node's own
 * `mkdir(path, { recursive: true })` loops for ever, a core busy in the kernel, where mkdir
 * answers "no such file" for a folder whose parent exists (under /proc or /sys); this stops at
 * the first level it cannot make and throws a FolderError that names it.
 *
 * @example
 * await makeFolder(flags.out).catch((e) => { throw new UsageError(`--out ${flags.out}: ${e.message}`); });
 */
export async function makeFolder(path: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    const found = await stat(at).catch(() => undefined);
    if (found?.isDirectory()) break;
    if (found) throw new FolderError(at, 'a file is there, where a folder is needed');
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder, isPrivateToUser(folder) ? { mode: privateFolderMode } : {});
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      // Made meanwhile by someone else: as good as made here.
      if (e.code === 'EEXIST' && (await stat(folder).catch(() => undefined))?.isDirectory()) continue;
      // Its parent is there (made or found just before): the file system itself takes no folders here.
      const reason = e.code === 'ENOENT' ? 'the file system there takes no new folders (as /proc and /sys do not)' : (fileSystemReason(e) ?? e.message);
      throw new FolderError(folder, reason);
    }
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

/**
 * A flag that names an output file (`consolidate -o`, `job -o`, `deploy --emit-cloudformation`),
 * checked before the command's work: a folder there, or a folder that cannot be made or refuses
 * writes, is that flag's usage error (exit code 2). A missing folder is made, as `makeFolderOfFlag`
 * makes an output folder. `what` and `example` say what file to give instead of a folder.
 */
export async function checkOutputFileFlag(given: string, flag: string, what: string, example: string): Promise<void> {
  const file = resolve(given);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new UsageError(`${flag} ${given}: is a folder; give ${what} (e.g. ${join(given, example)})`);
  const folder = dirname(file);
  await makeFolderOfFlag(folder, flag, given);
  await access(folder, constants.W_OK).catch((error: unknown) => {
    throw cannotWriteIn(flag, given, folder, fileSystemReason(error) ?? (error as Error).message);
  });
}

/** The usage error of an output-file flag whose folder refuses files (`reason` in words). */
export function cannotWriteIn(flag: string, given: string, folder: string, reason: string): UsageError {
  return new UsageError(`${flag} ${given}: cannot write in ${shownPath(folder)}: ${reason}; give ${flag} a file in a folder gtkit may write`);
}
