import { execFileSync } from 'node:child_process';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PayloadReadError } from '../../../lambdas/contracts/errors.ts';
import { LocalObjectReader } from '../../../lambdas/io/local-reader.ts';
import { LocalObjectStore } from '../../../lambdas/io/local-store.ts';
import { caught, rejected } from '../../helpers/errors.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-local-reader-');

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('LocalObjectReader (what the PRE bundles to read local copies)', () => {
  it('reads as LocalObjectStore reads, and names itself in the message about a bad root', async () => {
    const root = join(temp.path, 'same');
    await new LocalObjectStore(root).putText('s3://b/k.txt', 'hello');
    const reader = new LocalObjectReader(root);
    expect(await reader.getText('s3://b/k.txt')).toBe('hello');
    expect(reader.pathFor('s3://b/k.txt')).toBe(new LocalObjectStore(root).pathFor('s3://b/k.txt'));
    expect(caught(() => new LocalObjectReader(''), TypeError).message).toBe('LocalObjectReader: expected the root folder as a string, got an empty string');
  });

  it('a folder in the key\'s place is a missing object, as exists() says and S3 would answer', async () => {
    const root = join(temp.path, 'folder');
    const store = new LocalObjectStore(root);
    await store.putText('s3://b/dir/inside.json', '{}');
    const error = await rejected(store.getBytes('s3://b/dir'), PayloadReadError);
    expect(error.missing).toBe(true);
    expect(error.message).toBe(`could not read s3://b/dir (${join(root, 'b', 'dir')}): a folder, not a file`);
    expect(await store.exists('s3://b/dir')).toBe(false);
  });

  it('refuses keys a folder cannot hold as a file: a NUL character, a name over the file system\'s limit', async () => {
    const root = join(temp.path, 'names');
    // The bucket's folder is there: the file system then reaches the long name (a missing folder is ENOENT first).
    await mkdir(join(root, 'b'), { recursive: true });
    const reader = new LocalObjectReader(root);
    const nul = caught(() => reader.pathFor('s3://b/a\u0000b'), PayloadReadError);
    expect(nul.refused).toBe(true);
    expect(nul.message).toBe('refusing s3://b/a\u0000b: a key with a NUL character cannot be a file name in a local folder');
    const long = await rejected(reader.getBytes(`s3://b/${'n'.repeat(300)}`), PayloadReadError);
    expect(long.refused).toBe(true);
    expect(long.message).toMatch(/: a file name in its key is too long for a local folder \(most file systems take 255 bytes\)$/);
  });

  it.skipIf(!hasMkfifo)('refuses a pipe unread (reading one waits for a writer, maybe for ever)', async () => {
    const root = join(temp.path, 'pipe');
    await mkdir(join(root, 'b'), { recursive: true });
    const fifo = join(root, 'b', 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const read = new LocalObjectReader(root).getBytes('s3://b/pipe.txt').then(
      () => 'read',
      (error: unknown) => error as PayloadReadError,
    );
    const outcome = await Promise.race([read, new Promise<'hung'>((done) => setTimeout(() => done('hung'), 2000))]);
    if (outcome === 'hung') {
      // Let the blocked read end, so that the test fails instead of the worker hanging.
      await (await open(fifo, 'w')).close();
      await writeFile(join(root, 'released'), '');
    }
    expect(outcome).toBeInstanceOf(PayloadReadError);
    expect((outcome as PayloadReadError).refused).toBe(true);
    expect((outcome as PayloadReadError).message).toBe(`could not read s3://b/pipe.txt (${fifo}): not a regular file (a pipe, a socket or a device); put the object there as a file`);
  });
});
