import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
// s3rver ships no types; it is a dev-only, loopback-only S3-protocol server.
// @ts-expect-error no declaration file
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  /** Stops the server and deletes its folder. */
  close(): Promise<void>;
}

/**
 * Starts a real S3-protocol server on 127.0.0.1 (an ephemeral port) with the given buckets,
 * and an S3 client configured for it (path style, dummy keys, checksums only when required,
 * which keeps streamed uploads intact on s3rver).
 */
export async function startLocalS3(buckets: string[] = ['gtkit-test-bucket']): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'gtkit-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = (await server.run()) as { address: string; port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    client,
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
