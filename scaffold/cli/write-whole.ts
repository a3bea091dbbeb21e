import { dirname, resolve } from 'node:path';
import { LocalObjectStore } from '../../lambdas/io/local-store.ts';
import { CliError } from './exit-codes.ts';
import { FolderError, makeFolder } from './make-folder.ts';
import { fileSystemReason } from './output.ts';
import { shownPath } from './paths.ts';

/**
 * Writes a result file (an output manifest, a request, a mask PNG) whole or not at all: a Ctrl-C, a SIGTERM or
 * a crash during the write leaves the old file as it was, never half of the new one. The write is
 * the local store's (a temporary file beside the target, renamed into place). A refused write is a
 * CliError naming the file, not the temporary one. `fix` says what to do about it (a flag to change).
 * A missing folder is made first, one level at a time (makeFolder: Node's recursive mkdir, which
 * the store uses, never returns under /proc), so no caller has to make it beforehand. A file in a
 * task's `.gtkit` folder (the deploy state, a request, the dry run's output) keeps the umask's
 * mode: makeFolder has made that `.gtkit` folder 0700 before the file is written, which keeps it
 * from other users whatever its own mode.
 */
export async function writeWhole(path: string, content: string | Uint8Array, fix = 'check the folder and its permissions'): Promise<void> {
  const file = resolve(path);
  try {
    await makeFolder(dirname(file));
    const store = new LocalObjectStore(dirname(file));
    await (typeof content === 'string' ? store.putText(file, content) : store.putBytes(file, content));
  } catch (error) {
    if (error instanceof FolderError) throw new CliError(`cannot write ${shownPath(file)}: ${error.message}; ${fix}`);
    const cause = (error as Error).cause ?? error;
    throw new CliError(`cannot write ${shownPath(file)}: ${fileSystemReason(cause) ?? (cause as Error).message}; ${fix}`);
  }
}
