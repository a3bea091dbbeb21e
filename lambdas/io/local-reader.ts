import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeType } from '../contracts/check.ts';
import { PayloadReadError } from '../contracts/errors.ts';
import { ObjectTooLargeError, objectKeyProblem, parseS3Uri, utf8Text } from './object-store.ts';

/**
 * Reads objects from a local folder laid out like S3: `s3://bucket/key` is `<root>/bucket/key`.
 * `file://` URIs and absolute paths are read as they are. This is the read half of
 * `LocalObjectStore`, kept apart so that a PRE's `readText` can read local copies without
 * bundling the store's write, list and remove code into every PRE.
 */
export class LocalObjectReader {
  readonly root: string;
  /** `kind` names the class in the message about a bad root. */
  constructor(root: string, kind = 'LocalObjectReader') {
    if (typeof root !== 'string' || root === '') throw new TypeError(`${kind}: expected the root folder as a string, got ${root === '' ? 'an empty string' : describeType(root)}`);
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
    return utf8Text(await this.getBytes(uri));
  }

  /**
   * The file's bytes; one over `maxBytes` is refused from its size, unread. A folder in the key's
   * place is a missing object, as S3 would answer; a pipe or a device is refused unread, since
   * reading one may never end.
   */
  async getBytes(uri: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    const path = this.pathFor(uri);
    const fail = (why: string, options: { cause?: unknown; missing?: boolean; refused?: boolean }) => new PayloadReadError(`could not read ${uri} (${path}): ${why}`, uri, options);
    try {
      const found = await stat(path);
      if (found.isDirectory()) throw fail('a folder, not a file', { missing: true });
      if (!found.isFile()) throw fail('not a regular file (a pipe, a socket or a device); put the object there as a file', { refused: true });
      if (found.size > maxBytes) throw new ObjectTooLargeError(uri, found.size, maxBytes);
      const bytes = await readFile(path);
      // The file may have grown since stat.
      if (bytes.length > maxBytes) throw new ObjectTooLargeError(uri, bytes.length, maxBytes);
      return bytes;
    } catch (error) {
      if (error instanceof ObjectTooLargeError || error instanceof PayloadReadError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENAMETOOLONG') throw fail('a file name in its key is too long for a local folder (most file systems take 255 bytes)', { cause: error, refused: true });
      const missing = code === 'ENOENT' || code === 'ENOTDIR';
      throw fail(missing ? 'no such file' : (error as Error).message, { cause: error, missing });
    }
  }

  /** The file of a URI, or why a local folder cannot hold it as one object of its own. */
  protected locate(uri: string): { path: string } | { problem: string } {
    if (uri.startsWith('file://')) return { path: fileURLToPath(uri) };
    if (!uri.startsWith('s3://')) return { path: resolve(uri) };
    const location = parseS3Uri(uri);
    const noKey = objectKeyProblem(location);
    if (noKey) return { problem: noKey };
    // S3 keeps `x/../y`, `a//c` and `dir/` apart from `y`, `a/c` and `dir`; a folder would not.
    const segments = [location.bucket, ...location.key.split('/')];
    if (segments.some((s) => s === '.' || s === '..')) return { problem: 'a key with a "." or ".." segment would be another key\'s file in a local folder' };
    if (segments.includes('')) return { problem: 'a key with an empty segment (a leading, trailing or double "/") would be another key\'s file in a local folder' };
    if (uri.includes('\0')) return { problem: 'a key with a NUL character cannot be a file name in a local folder' };
    const path = resolve(join(this.root, location.bucket, location.key));
    // The root may end with a separator itself (`/`, `C:\`).
    const inside = this.root.endsWith(sep) ? this.root : this.root + sep;
    if (!path.startsWith(inside)) return { problem: `it points outside ${this.root}` };
    return { path };
  }
}
