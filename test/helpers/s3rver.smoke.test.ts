import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from './s3rver.ts';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => s3.close());

it('serves put and get on loopback', async () => {
  expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await s3.client.send(new PutObjectCommand({ Bucket: 'gtkit-test-bucket', Key: 'a/b.json', Body: '{"x":1}' }));
  const out = await s3.client.send(new GetObjectCommand({ Bucket: 'gtkit-test-bucket', Key: 'a/b.json' }));
  expect(await out.Body?.transformToString()).toBe('{"x":1}');
});
