import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectWriteError, PayloadReadError } from '../../../lambdas/index.ts';
import { ObjectDeleteError } from '../../../lambdas/io/object-store.ts';
import { S3ObjectStore } from '../../../lambdas/io/s3-store.ts';
import { caught, rejected } from '../../helpers/errors.ts';
import { startLocalS3, type LocalS3 } from '../../helpers/s3rver.ts';

/** An S3 client whose every call fails as S3 does: an error with a name and an HTTP status. */
function failingClient(name: string, status: number | undefined, message = name): S3Client & { calls: number } {
  const client = {
    calls: 0,
    async send() {
      client.calls++;
      throw Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
    },
  };
  return client as unknown as S3Client & { calls: number };
}

async function readError(client: S3Client, uri: string): Promise<PayloadReadError> {
  const error = await rejected(new S3ObjectStore(client).getText(uri));
  expect(error).toBeInstanceOf(PayloadReadError);
  return error as PayloadReadError;
}
async function writeError(client: S3Client, uri: string): Promise<ObjectWriteError> {
  const error = await rejected(new S3ObjectStore(client).putText(uri, '{}'));
  expect(error).toBeInstanceOf(ObjectWriteError);
  expect((error as ObjectWriteError).uri).toBe(uri);
  return error as ObjectWriteError;
}

describe('S3ObjectStore errors', () => {
  it('a bucket that does not exist is said so, and is not "no object yet" (S3 sends it with HTTP 404)', async () => {
    const error = await readError(failingClient('NoSuchBucket', 404, 'The specified bucket does not exist'), 's3://nobucket/x.json');
    expect(error.message).toBe('could not read s3://nobucket/x.json: the bucket does not exist');
    expect(error.missing).toBe(false);
    const missingKey = await readError(failingClient('NoSuchKey', 404), 's3://gt/x.json');
    expect([missingKey.message, missingKey.missing]).toEqual(['could not read s3://gt/x.json: the object does not exist', true]);
    const bare404 = await readError(failingClient('NotFound', 404), 's3://gt/x.json');
    expect([bare404.message, bare404.missing]).toEqual(['could not read s3://gt/x.json: the object does not exist', true]);
  });

  it('access denied is marked as such (S3 answers so for a missing object too, when the role may not list the bucket)', async () => {
    const denied = await readError(failingClient('AccessDenied', 403), 's3://gt/state.json');
    expect([denied.missing, denied.denied]).toEqual([false, true]);
    const bare403 = await readError(failingClient('Forbidden', 403), 's3://gt/state.json');
    expect(bare403.denied).toBe(true);
    expect((await readError(failingClient('SlowDown', 503), 's3://gt/state.json')).denied).toBe(false);
  });

  it('a failed write names the URI and what to do, as a failed read does', async () => {
    expect((await writeError(failingClient('NoSuchBucket', 404), 's3://nobucket/x.json')).message).toBe('could not write s3://nobucket/x.json: the bucket does not exist');
    expect((await writeError(failingClient('AccessDenied', 403), 's3://gt/x.json')).message).toBe(
      'could not write s3://gt/x.json: access denied — give the writing role s3:PutObject on it (and kms:GenerateDataKey if the bucket uses SSE-KMS)',
    );
    expect((await writeError(failingClient('Error', undefined, 'connect ECONNREFUSED 127.0.0.1:9'), 's3://gt/x.json')).message).toBe('could not write s3://gt/x.json: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('refuses a URI without an object key before asking S3 (which would list the bucket)', async () => {
    const client = failingClient('NeverCalled', 500);
    expect((await readError(client, 's3://gt/')).message).toBe('could not read s3://gt/: the URI names a bucket but no object key (s3://bucket/key)');
    expect((await writeError(client, 's3://gt/')).message).toBe('could not write s3://gt/: the URI names a bucket but no object key (s3://bucket/key)');
    expect(client.calls).toBe(0);
  });

  it('names a missing client, and text that is not a string', async () => {
    const none = caught(() => new S3ObjectStore(undefined as never));
    expect(none).toBeInstanceOf(TypeError);
    expect(none.message).toBe('S3ObjectStore: expected an S3Client, got undefined; pass new S3Client({ region })');
    expect(caught(() => new S3ObjectStore({} as never)).message).toBe('S3ObjectStore: expected an S3Client, got an object without send; pass new S3Client({ region })');
    const notText = await rejected(new S3ObjectStore(failingClient('NeverCalled', 500)).putText('s3://gt/x.json', 42 as never));
    expect(notText).toBeInstanceOf(TypeError);
    expect(notText.message).toBe('S3ObjectStore.putText: expected the text as a string, got number; pass JSON.stringify(value)');
  });
});

describe('S3ObjectStore.exists', () => {
  const bucket = 'gtkit-test-bucket';
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3([bucket]);
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'job/annotations/gtkit-state/consolidation.json', Body: '{"workers":{}}' }));
  });
  afterAll(async () => s3.close());

  it('asks S3 with a HEAD request: an object that is there is true, a missing key or bucket (a bare 404) is false', async () => {
    const store = new S3ObjectStore(s3.client);
    expect(await store.exists(`s3://${bucket}/job/annotations/gtkit-state/consolidation.json`)).toBe(true);
    expect(await store.exists(`s3://${bucket}/job/annotations/gtkit-state/other.json`)).toBe(false);
    // A "folder" is no object either.
    expect(await store.exists(`s3://${bucket}/job/annotations`)).toBe(false);
    expect(await store.exists('s3://no-such-bucket-here/x.json')).toBe(false);
  });

  it('downloads nothing: one HEAD, no GET', async () => {
    const sent: string[] = [];
    const client = { send: (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), s3.client.send(command as never)) } as unknown as S3Client;
    expect(await new S3ObjectStore(client).exists(`s3://${bucket}/job/annotations/gtkit-state/consolidation.json`)).toBe(true);
    expect(sent).toEqual(['HeadObjectCommand']);
  });

  it('any other error is thrown with the explanation a read gives (access denied, the network), and a key-less URI is refused before asking', async () => {
    const denied = await rejected(new S3ObjectStore(failingClient('Forbidden', 403)).exists('s3://gt/state.json'), PayloadReadError);
    expect(denied.message).toBe('could not check s3://gt/state.json: access denied — give the reading role s3:GetObject on it (and kms:Decrypt if the bucket uses SSE-KMS), or set payloadAccess to "assume-event-role"');
    expect((denied as PayloadReadError).missing).toBe(false);
    const down = await rejected(new S3ObjectStore(failingClient('Error', undefined, 'connect ECONNREFUSED 127.0.0.1:9')).exists('s3://gt/state.json'), PayloadReadError);
    expect(down.message).toBe('could not check s3://gt/state.json: connect ECONNREFUSED 127.0.0.1:9');
    const client = failingClient('NeverCalled', 500);
    expect((await rejected(new S3ObjectStore(client).exists('s3://gt/'))).message).toBe('could not check s3://gt/: the URI names a bucket but no object key (s3://bucket/key)');
    expect(client.calls).toBe(0);
  });
});

describe('S3ObjectStore.list', () => {
  const bucket = 'gtkit-list-bucket';
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3([bucket]);
    const keys = [...Array.from({ length: 120 }, (_, i) => `state/batches/${String(i).padStart(4, '0')}.json`), 'state.json', 'state-old.json', 'other/x.json'];
    await Promise.all(keys.map((Key) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: '{}' }))));
  });
  afterAll(async () => s3.close());

  it('lists every key under a prefix (not only a folder), in key order', async () => {
    const store = new S3ObjectStore(s3.client);
    const listed = await store.list(`s3://${bucket}/state`);
    expect(listed).toHaveLength(122);
    expect(listed.slice(0, 2)).toEqual([`s3://${bucket}/state-old.json`, `s3://${bucket}/state.json`]);
    expect(listed.at(-1)).toBe(`s3://${bucket}/state/batches/0119.json`);
    expect(await store.list(`s3://${bucket}/state/batches/010`)).toHaveLength(10);
    expect(await store.list(`s3://${bucket}/nothing/here/`)).toEqual([]);
  });

  // s3rver cannot page on Node 20 (its continuation token uses DES, which OpenSSL 3 refuses), so
  // the pages come from a client that answers as S3 does past 1,000 keys.
  it('follows continuation tokens until the listing is complete', async () => {
    const pages = [
      { Contents: [{ Key: 'p/b' }, { Key: 'p/a' }], IsTruncated: true, NextContinuationToken: 't1' },
      { Contents: [{ Key: 'p/c' }], IsTruncated: true, NextContinuationToken: 't2' },
      { Contents: undefined, IsTruncated: false },
    ];
    const tokens: unknown[] = [];
    const client = { send: async (command: { input: { ContinuationToken?: string } }) => (tokens.push(command.input.ContinuationToken), pages[tokens.length - 1]) } as unknown as S3Client;
    expect(await new S3ObjectStore(client).list('s3://gt/p/')).toEqual(['s3://gt/p/a', 's3://gt/p/b', 's3://gt/p/c']);
    expect(tokens).toEqual([undefined, 't1', 't2']);
  });

  it('access denied says which permission to grant and is marked as such', async () => {
    const denied = (await rejected(new S3ObjectStore(failingClient('AccessDenied', 403)).list('s3://gt/state/'), PayloadReadError)) as PayloadReadError;
    expect(denied.message).toBe('could not list s3://gt/state/: access denied — give the role s3:ListBucket on the bucket (a condition on s3:prefix may limit it to this prefix)');
    expect(denied.denied).toBe(true);
    const gone = (await rejected(new S3ObjectStore(failingClient('NoSuchBucket', 404)).list('s3://gt/state/'), PayloadReadError)) as PayloadReadError;
    expect([gone.message, gone.denied, gone.missing]).toEqual(['could not list s3://gt/state/: the bucket does not exist', false, false]);
  });
});

describe('S3ObjectStore.delete', () => {
  const bucket = 'gtkit-delete-bucket';
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startLocalS3([bucket]);
  });
  afterAll(async () => s3.close());

  it('deletes the object and nothing beside it; a key that is not there (deleted twice) is no error, as in S3', async () => {
    const store = new S3ObjectStore(s3.client);
    await store.putText(`s3://${bucket}/state/snapshots/a.json`, '{}');
    await store.putText(`s3://${bucket}/state/snapshots/ab.json`, '{}');
    await store.delete(`s3://${bucket}/state/snapshots/a.json`);
    await store.delete(`s3://${bucket}/state/snapshots/a.json`);
    expect(await store.list(`s3://${bucket}/state/`)).toEqual([`s3://${bucket}/state/snapshots/ab.json`]);
  });

  it('access denied names s3:DeleteObject and is marked as such; a key-less URI is refused before asking', async () => {
    const denied = (await rejected(new S3ObjectStore(failingClient('AccessDenied', 403)).delete('s3://gt/state/x.json'), ObjectDeleteError)) as ObjectDeleteError;
    expect([denied.message, denied.denied, denied.uri]).toEqual(['could not delete s3://gt/state/x.json: access denied — give the role s3:DeleteObject on it', true, 's3://gt/state/x.json']);
    const client = failingClient('AccessDenied', 403);
    const bare = (await rejected(new S3ObjectStore(client).delete('s3://gt'), ObjectDeleteError)) as ObjectDeleteError;
    expect([bare.message, bare.denied, client.calls]).toEqual(['could not delete s3://gt: the URI names a bucket but no object key (s3://bucket/key)', false, 0]);
  });
});
