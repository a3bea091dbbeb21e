import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temporary folder made before the file's tests and removed after them. Read `.path` inside
 * hooks and tests only: it is set once the folder exists.
 */
export function useTempRoot(prefix: string): { readonly path: string } {
  let path: string | undefined;
  beforeAll(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    // Retried as Node retries ENOTEMPTY and EBUSY: a file still being closed may appear while the tree goes.
    if (path) await rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
  return {
    get path(): string {
      if (path === undefined) throw new Error('useTempRoot: the folder is made in beforeAll; read .path inside a hook or test');
      return path;
    },
  };
}
