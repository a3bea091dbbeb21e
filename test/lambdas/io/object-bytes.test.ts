import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore, MemoryObjectStore, ObjectWriteError } from '../../../lambdas/index.ts';
import { putObjectBytes, type ObjectStore } from '../../../lambdas/io/object-store.ts';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import { rejected } from '../../helpers/errors.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

// Every byte value, and bytes that are not UTF-8 (a PNG's signature starts with 0x89): a text write would change them.
const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 256 }, (_, i) => i), 0xff, 0xfe]);

describe('stores write bytes as they are (putBytes)', () => {
  let root: string;
  let s3: LocalS3;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gtkit-bytes-'));
    s3 = await startLocalS3(['gtkit-test-bucket']);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await s3.close();
  });

  it('MemoryObjectStore: read back byte for byte, listed, deleted; a copy, so the caller may reuse its buffer', async () => {
    const store = new MemoryObjectStore();
    const given = bytes.slice();
    await store.putBytes('s3://b/masks/0.png', given);
    given.fill(0);
    expect(await store.getBytes('s3://b/masks/0.png')).toEqual(bytes);
    expect(await store.exists('s3://b/masks/0.png')).toBe(true);
    expect(await store.list('s3://b/masks/')).toEqual(['s3://b/masks/0.png']);
    // A text write of the same key replaces the bytes, and the other way round.
    await store.putText('s3://b/masks/0.png', '{}');
    expect(await store.getText('s3://b/masks/0.png')).toBe('{}');
    await store.putBytes('s3://b/masks/0.png', bytes);
    expect(store.objects.has('s3://b/masks/0.png')).toBe(false);
    await store.delete('s3://b/masks/0.png');
    expect(await store.exists('s3://b/masks/0.png')).toBe(false);
  });

  it('LocalObjectStore: the file holds exactly the bytes, and no temporary file is left', async () => {
    const store = new LocalObjectStore(root);
    await store.putBytes('s3://gt/job/annotations/gtkit-masks/0.png', bytes);
    expect(new Uint8Array(await readFile(join(root, 'gt/job/annotations/gtkit-masks/0.png')))).toEqual(bytes);
    expect(await readdir(join(root, 'gt/job/annotations/gtkit-masks'))).toEqual(['0.png']);
  });

  it('S3ObjectStore: the object holds exactly the bytes, with the content type given', async () => {
    const store = new S3ObjectStore(s3.client);
    await store.putBytes('s3://gtkit-test-bucket/job/annotations/gtkit-masks/0.png', bytes, 'image/png');
    const got = await s3.client.send(new GetObjectCommand({ Bucket: 'gtkit-test-bucket', Key: 'job/annotations/gtkit-masks/0.png' }));
    expect(new Uint8Array(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray())).toEqual(bytes);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: 'gtkit-test-bucket', Key: 'job/annotations/gtkit-masks/0.png' }));
    expect(head.ContentType).toBe('image/png');
  });

  it('refuses what is not bytes, by store and method', async () => {
    await expect(new MemoryObjectStore().putBytes('s3://b/x', 'text' as never)).rejects.toThrow('MemoryObjectStore.putBytes: expected the bytes as a Uint8Array, got string');
    await expect(new LocalObjectStore(root).putBytes('s3://b/x', [1, 2] as never)).rejects.toThrow('LocalObjectStore.putBytes: expected the bytes as a Uint8Array, got array');
  });

  it('putObjectBytes names a store that cannot write bytes, as a write error of that URI', async () => {
    const textOnly: ObjectStore = { getText: async () => '', putText: async () => undefined };
    const error = await rejected(putObjectBytes(textOnly, 's3://b/masks/0.png', bytes, 'image/png'));
    expect(error).toBeInstanceOf(ObjectWriteError);
    expect((error as ObjectWriteError).uri).toBe('s3://b/masks/0.png');
    expect((error as Error).message).toBe('could not write s3://b/masks/0.png: the object store cannot write bytes; give it putBytes(uri, bytes, contentType)');
  });
});
