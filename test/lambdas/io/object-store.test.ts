import { describe, expect, it } from 'vitest';
import { joinS3Uri, MemoryObjectStore, parseS3Uri, PayloadReadError } from '../../../lambdas/index.ts';
import { objectExists, type ObjectStore } from '../../../lambdas/io/object-store.ts';
import { caught, rejected } from '../../helpers/errors.ts';

describe('S3 URIs from plain JavaScript', () => {
  it('joinS3Uri names a prefix or part that is not a string', () => {
    const noPrefix = caught(() => joinS3Uri(undefined as never, 'a'));
    expect(noPrefix).toBeInstanceOf(TypeError);
    expect(noPrefix.message).toBe('joinS3Uri: expected the prefix as a string (s3://bucket/prefix), got undefined');
    expect(caught(() => joinS3Uri('s3://b/p', 'a', 5 as never)).message).toBe('joinS3Uri: part 2: expected a string, got number');
    expect(joinS3Uri('s3://b/p/', '/a', 'b.json')).toBe('s3://b/p/a/b.json');
  });

  it('parseS3Uri still takes a bare bucket, which is a prefix (an output path)', () => {
    expect(parseS3Uri('s3://bucket/')).toEqual({ bucket: 'bucket', key: '' });
  });
});

describe('MemoryObjectStore', () => {
  it('refuses text that is not a string, as S3 and a folder would not keep it', async () => {
    const store = new MemoryObjectStore();
    const error = await rejected(store.putText('s3://b/k', { a: 1 } as never));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('MemoryObjectStore.putText: expected the text as a string, got object; pass JSON.stringify(value)');
    expect(store.objects.has('s3://b/k')).toBe(false);
  });
});

describe('objectExists', () => {
  it('uses the store\'s own exists when it has one, and reads nothing', async () => {
    const store = new MemoryObjectStore({ 's3://b/state.json': '{}' });
    let reads = 0;
    const counting: ObjectStore = { getText: (uri) => (reads++, store.getText(uri)), putText: (uri, text) => store.putText(uri, text), exists: (uri) => store.exists(uri) };
    expect([await objectExists(counting, 's3://b/state.json'), await objectExists(counting, 's3://b/other.json')]).toEqual([true, false]);
    expect(reads).toBe(0);
  });

  it('a store written before exists (getText and putText only) still works: a read that finds it, or a missing object', async () => {
    const memory = new MemoryObjectStore({ 's3://b/state.json': '{}' });
    const old: ObjectStore = { getText: (uri) => memory.getText(uri), putText: (uri, text) => memory.putText(uri, text) };
    expect(await objectExists(old, 's3://b/state.json')).toBe(true);
    expect(await objectExists(old, 's3://b/other.json')).toBe(false);
    // Any other failure is not "missing": it is for the caller to see.
    const broken: ObjectStore = { getText: async (uri) => Promise.reject(new PayloadReadError(`could not read ${uri}: access denied`, uri)), putText: async () => undefined };
    expect((await rejected(objectExists(broken, 's3://b/state.json'))).message).toBe('could not read s3://b/state.json: access denied');
  });
});
