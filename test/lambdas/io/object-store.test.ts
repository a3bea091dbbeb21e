import { describe, expect, it } from 'vitest';
import { joinS3Uri, MemoryObjectStore, parseS3Uri } from '../../../lambdas/index.ts';
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
