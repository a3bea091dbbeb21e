import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeType } from '../contracts/check.ts';
import { compareIds } from '../consolidation/order.ts';
import { ObjectWriteError, PayloadReadError } from '../contracts/errors.ts';
import { mapLimitedSettled } from '../handlers/concurrency.ts';
import { ObjectTooLargeError, objectKeyProblem, parseS3Uri, requireText, type ObjectStore } from './object-store.ts';

/**
 * An object store on a local folder laid out like S3: `s3://bucket/key` is `<root>/bucket/key`.
 * `file://` URIs and absolute paths are read as they are. Used by the dry run.
 */
export class LocalObjectStore implements ObjectStore {
  readonly root: string;
  constructor(root: string) {
    if (typeof root !== 'string' || root === '') throw new TypeError(`LocalObjectStore: expected the root folder as a string, got ${root === '' ? 'an empty string' : describeType(root)}`);
    this.root = resolve(root);
  }

  /** The file behind a URI; refuses keys that would escape the root or share a file with another key. */
  pathFor(uri: string): string {
    const found = this.locate(uri);
    if ('problem' in found) throw new PayloadReadError(`refusing ${uri}: ${found.problem}`, uri, { refused: true });
    return found.path;
  }

  /** The file's text (UTF-8); read and refused as getBytes reads and refuses. */
  async getText(uri: string): Promise<string> {
    return Buffer.from(await this.getBytes(uri)).toString('utf8');
  }

  /** The file's bytes; one over `maxBytes` is refused from its size, unread. */
  async getBytes(uri: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    const path = this.pathFor(uri);
    try {
      const { size } = await stat(path);
      if (size > maxBytes) throw new ObjectTooLargeError(uri, size, maxBytes);
      const bytes = await readFile(path);
      // The file may have grown since stat.
      if (bytes.length > maxBytes) throw new ObjectTooLargeError(uri, bytes.length, maxBytes);
      return bytes;
    } catch (error) {
      if (error instanceof ObjectTooLargeError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
      throw new PayloadReadError(`could not read ${uri} (${path}): ${why}`, uri, { cause: error, missing: code === 'ENOENT' || code === 'ENOTDIR' });
    }
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
    const found = this.locate(uri);
    if ('problem' in found) throw new ObjectWriteError(`refusing ${uri}: ${found.problem}`, uri, { reason: found.problem });
    // A name of its own per write, short so that a long key's folder can still hold it.
    const temporary = join(dirname(found.path), `${temporaryPrefix}${randomUUID()}${temporarySuffix}`);
    try {
      await mkdir(dirname(found.path), { recursive: true });
      await writeFile(temporary, text);
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

  /** Deletes everything under a prefix (`s3://bucket/prefix`), refusing a prefix that would leave the root, as reads and writes do. */
  async removePrefix(uri: string): Promise<void> {
    await removeTree(this.pathFor(uri));
  }

  private locate(uri: string): { path: string } | { problem: string } {
    if (uri.startsWith('file://')) return { path: fileURLToPath(uri) };
    if (!uri.startsWith('s3://')) return { path: resolve(uri) };
    const location = parseS3Uri(uri);
    const noKey = objectKeyProblem(location);
    if (noKey) return { problem: noKey };
    // S3 keeps `x/../y`, `a//c` and `dir/` apart from `y`, `a/c` and `dir`; a folder would not.
    const segments = [location.bucket, ...location.key.split('/')];
    if (segments.some((s) => s === '.' || s === '..')) return { problem: 'a key with a "." or ".." segment would be another key\'s file in a local folder' };
    if (segments.includes('')) return { problem: 'a key with an empty segment (a leading, trailing or double "/") would be another key\'s file in a local folder' };
    const path = resolve(join(this.root, location.bucket, location.key));
    // The root may end with a separator itself (`/`, `C:\`).
    const inside = this.root.endsWith(sep) ? this.root : this.root + sep;
    if (!path.startsWith(inside)) return { problem: `it points outside ${this.root}` };
    return { path };
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
