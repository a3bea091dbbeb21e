import type { S3Client } from '@aws-sdk/client-s3';
import { dryRunS3Config } from '../handlers/dry-run-hooks.ts';
import type { S3ObjectStore } from './s3-store.ts';

/**
 * The S3 store a handler reads with its function's role: made at the first call, so a handler
 * that never reads S3 loads no AWS SDK at cold start, then kept for the container's life (a
 * failed load is tried again at the next call). `client` replaces the default S3 client, which
 * honours gtkit's local endpoint (`GTKIT_S3_ENDPOINT`).
 */
export function lazyS3Store(client?: S3Client): () => Promise<S3ObjectStore> {
  let store: Promise<S3ObjectStore> | undefined;
  return () =>
    (store ??= (async () => {
      const { S3ObjectStore } = await import('./s3-store.ts');
      return new S3ObjectStore(client ?? new (await import('@aws-sdk/client-s3')).S3Client(dryRunS3Config()));
    })().catch((error: unknown) => {
      store = undefined;
      throw error;
    }));
}
