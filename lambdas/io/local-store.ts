import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareIds } from '../consolidation/order.ts';
import { ObjectWriteError, PayloadReadError } from '../contracts/errors.ts';
import { mapLimitedSettled } from '../handlers/concurrency.ts';
import { LocalObjectReader } from './local-reader.ts';
import { ObjectDeleteError, parseS3Uri, requireBytes, requireText, type ObjectStore } from './object-store.ts';

/**
 * An object store on a local folder laid out like S3: `s3://bucket/key` is `<root>/bucket/key`.
 * `file://` URIs and absolute paths are read and written as they are; listings and removals take
 * `s3://` prefixes only. Reads are `LocalObjectReader`'s. Used by the dry run.
 */
export class LocalObjectStore extends LocalObjectReader implements ObjectStore {
  constructor(root: string) {
    super(root, 'LocalObjectStore');
  }

  /** Whether a file is there for the URI (a folder in its place is no object, as for getText). */
  async exists(uri: string): Promise<boolean> {
    const path = this.pathFor(uri);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw new PayloadReadError(`could not check ${uri} (${path}): ${(error as Error).message}`, uri, { cause: error });
    }
  }

  /**
   * Writes a temporary file beside the target, then renames it into place: a reader sees the old
   * text or the new, never part of one, and of two writes at once one wins whole.
   */
  async putText(uri: string, text: string): Promise<void> {
    requireText(text, 'LocalObjectStore.putText');
    await this.writeWhole(uri, text);
  }

  /** Writes bytes as they are, whole, as putText writes text. */
  async putBytes(uri: string, bytes: Uint8Array): Promise<void> {
    requireBytes(bytes, 'LocalObjectStore.putBytes');
    await this.writeWhole(uri, bytes);
  }

  private async writeWhole(uri: string, data: string | Uint8Array): Promise<void> {
    const found = this.locate(uri);
    if ('problem' in found) throw new ObjectWriteError(`refusing ${uri}: ${found.problem}`, uri, { reason: found.problem });
    // A name of its own per write, short so that a long key's folder can still hold it.
    const temporary = join(dirname(found.path), `${temporaryPrefix}${randomUUID()}${temporarySuffix}`);
    try {
      await mkdir(dirname(found.path), { recursive: true });
      await writeFile(temporary, data);
      await rename(temporary, found.path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      const reason = `${(error as Error).message} (${found.path})`;
      throw new ObjectWriteError(`could not write ${uri}: ${reason}`, uri, { cause: error, reason });
    }
  }

  /**
   * The objects whose keys start with `prefix` (`s3://bucket/` and any start of a key), in key
   * order. Only the folders the prefix can reach are read; a temporary file of a write in
   * progress is no object; a prefix whose folder is not there lists nothing, as in S3.
   */
  async list(prefix: string): Promise<string[]> {
    const refuse = (why: string) => new PayloadReadError(`could not list ${prefix}: ${why}`, prefix, { refused: true });
    if (!prefix.startsWith('s3://')) throw refuse('only an s3:// prefix can be listed');
    const { bucket, key } = parseS3Uri(prefix);
    const folderKey = key.slice(0, key.lastIndexOf('/') + 1);
    const segments = [bucket, ...folderKey.split('/').slice(0, -1)];
    if (bucket === '' || segments.some((s) => s === '' || s === '.' || s === '..')) throw refuse('a bucket and key segments without "", "." or ".." are needed in a local folder');
    const uris: string[] = [];
    const walk = async (folder: string, folderPrefix: string): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
        throw new PayloadReadError(`could not list ${prefix} (${folder}): ${error.message}`, prefix, { cause: error });
      });
      for (const entry of entries) {
        const entryKey = folderPrefix + entry.name;
        if (entry.isDirectory()) {
          const below = `${entryKey}/`;
          if (below.startsWith(key) || key.startsWith(below)) await walk(join(folder, entry.name), below);
        } else if (entry.isFile() && entryKey.startsWith(key) && !isTemporaryWrite(entry.name)) uris.push(`s3://${bucket}/${entryKey}`);
      }
    };
    await walk(join(this.root, bucket, folderKey), folderKey);
    return uris.sort(compareIds);
  }

  /**
   * Deletes one object's file; one that is not there (or a folder in its place, no object either)
   * is no error, as in S3. Only `s3://` URIs, as for removals of a prefix: a path would be deleted
   * as it is. A folder the deletion leaves empty stays; it lists nothing.
   */
  async delete(uri: string): Promise<void> {
    const found = uri.startsWith('s3://') ? this.locate(uri) : { problem: 'only an s3://bucket/key inside the root can be deleted' };
    if ('problem' in found) throw new ObjectDeleteError(`refusing to delete ${uri}: ${found.problem}`, uri, { reason: found.problem });
    try {
      await unlink(found.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return;
      // macOS says EPERM for unlink on a folder, and a folder is no object.
      if (code === 'EPERM' && (await stat(found.path).then((s) => s.isDirectory(), () => false))) return;
      const reason = `${(error as Error).message} (${found.path})`;
      throw new ObjectDeleteError(`could not delete ${uri}: ${reason}`, uri, { cause: error, reason, denied: code === 'EACCES' || code === 'EPERM' });
    }
  }

  /**
   * Deletes everything under a prefix (`s3://bucket/prefix`), refusing a prefix that would leave
   * the root, as reads and writes do, and anything but an `s3://` prefix: a path (or `''`, the
   * working folder) would be deleted as it is.
   */
  async removePrefix(uri: string): Promise<void> {
    if (typeof uri !== 'string' || !uri.startsWith('s3://')) throw new PayloadReadError(`refusing to remove ${JSON.stringify(uri)}: only an s3://bucket/prefix inside ${this.root} can be removed`, String(uri), { refused: true });
    await removeTree(this.pathFor(uri));
  }
}

const temporaryPrefix = '.gtkit-';
const temporarySuffix = '.tmp';
/** A file `putText` writes before it renames it into place: not an object yet. */
function isTemporaryWrite(name: string): boolean {
  return name.startsWith(temporaryPrefix) && name.endsWith(temporarySuffix);
}

/** Files and folders removed at once while a tree is deleted: enough to keep the disk busy. */
const removalsAtOnce = 16;

/**
 * Deletes a file, a link or a folder with everything in it; what is not there (any more) is fine,
 * as with fs.rm's `force`. A few at a time: fs.rm starts every deletion of a tree at once, which
 * for a dry run's 50,000 worker-response folders took some 200 MB. Links are removed, never followed.
 */
async function removeTree(path: string): Promise<void> {
  const found = await lstat(path).catch(unlessGone);
  if (!found) return;
  if (found.isDirectory()) await removeFolder(path);
  else await unlink(path).catch(unlessGone);
}

async function removeFolder(path: string): Promise<void> {
  const entries = (await readdir(path, { withFileTypes: true }).catch(unlessGone)) ?? [];
  await mapLimitedSettled(entries, removalsAtOnce, (entry) => (entry.isDirectory() ? removeFolder(join(path, entry.name)) : unlink(join(path, entry.name)).catch(unlessGone)));
  await rmdir(path).catch(unlessGone);
}

/** Rethrows an error, unless it says the file or folder is not there. */
function unlessGone(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}
