import { access, chmod, constants, mkdir, stat } from 'node:fs/promises';
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

/** A task's `.gtkit/` and the folders gtkit makes in it are its user's alone: it holds copies of the data, answers and account ids. */
export const privateFolderMode = 0o700;
/** The answers file `gtkit preview` makes is its user's alone, for the same reason (it lies outside `.gtkit/`). */
export const privateFileMode = 0o600;

/**
 * Whether gtkit keeps `path` to its user: it is a task's `.gtkit` folder or lies inside one. What
 * lands there (the dry run's copies of the data and answers, the request with its account ids)
 * would otherwise be readable by every user of a shared machine under the usual 022 umask.
 */
export function isPrivateToUser(path: string): boolean {
  return gtkitFolderOf(path) !== undefined;
}

/** The `.gtkit` folder that `path` is or lies in (the outermost), or undefined. */
function gtkitFolderOf(path: string): string | undefined {
  const levels = resolve(path).split(sep);
  const at = levels.indexOf(gtkitFolderName);
  return at < 0 ? undefined : levels.slice(0, at + 1).join(sep);
}

/**
 * Closes a `.gtkit` folder that is open to other users (an older gtkit made it 0755), so that
 * every file under it is out of their reach whoever writes it: writeWhole, the dry run's local
 * store, the preview's PRE bundle. gtkit owns this folder, and its docs ask for it to be 0700, so
 * this is done without a note (it happens once: the folder stays closed). One gtkit cannot close
 * (another user's) is refused: writing copies of the data into it would leave them open.
 */
async function closeGtkitFolder(folder: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (!found || (found.mode & 0o077) === 0) return;
  await chmod(folder, privateFolderMode).catch((error: unknown) => {
    const reason = fileSystemReason(error) ?? (error as Error).message;
    const mode = (found.mode & 0o777).toString(8).padStart(4, '0');
    throw new FolderError(folder, `it is open to other users (mode ${mode}) and gtkit cannot make it 0700 (${reason}); make it yours (chown) and run chmod 700 on it, or remove it`);
  });
}

/**
 * Makes a folder and the missing ones above it, one level at a time. A level it makes in a
 * `.gtkit` folder, or the `.gtkit` folder itself, is made 0700 (`isPrivateToUser`), and a `.gtkit`
 * folder that was there is made 0700 too (closeGtkitFolder); other folders that were there keep
 * their modes. Node's own
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
  const gtkitFolder = gtkitFolderOf(path);
  // Also when it was made just now: one made meanwhile by another process kept its maker's mode.
  if (gtkitFolder !== undefined) await closeGtkitFolder(gtkitFolder);
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
