import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PayloadReadError } from '../contracts/errors.ts';
import { parseS3Uri, type ObjectStore } from './object-store.ts';

/**
 * An object store on a local folder laid out like S3: `s3://bucket/key` is `<root>/bucket/key`.
 * `file://` URIs and absolute paths are read as they are. Used by the dry run.
 */
export class LocalObjectStore implements ObjectStore {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file behind a URI; refuses keys that would escape the root. */
  pathFor(uri: string): string {
    if (uri.startsWith('file://')) return fileURLToPath(uri);
    if (!uri.startsWith('s3://')) return resolve(uri);
    const { bucket, key } = parseS3Uri(uri);
    const path = resolve(join(this.root, bucket, key));
    if (!path.startsWith(this.root + sep)) throw new PayloadReadError(`refusing ${uri}: it points outside ${this.root}`, uri);
    return path;
  }

  async getText(uri: string): Promise<string> {
    const path = this.pathFor(uri);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PayloadReadError(`could not read ${uri} (${path}): ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, uri, { cause: error, missing: code === 'ENOENT' });
    }
  }

  async putText(uri: string, text: string): Promise<void> {
    const path = this.pathFor(uri);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}
