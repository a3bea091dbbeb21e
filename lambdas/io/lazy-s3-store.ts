import type { S3Client } from '@aws-sdk/client-s3';
import { dryRunS3Config } from '../handlers/dry-run-hooks.ts';
import type { S3ObjectStore } from './s3-store.ts';

/**
 * Lambda always sets AWS_REGION, so a handler that finds none runs elsewhere, most likely in a test
 * that meant to read local copies: name those ways out first.
 */
const handlerNoRegionAdvice =
  'outside Lambda, point GTKIT_LOCAL_S3_ROOT at a folder of local copies laid out as <root>/<bucket>/<key>, or pass the handler a `store` ' +
  '(acsHandler({ store }), preHandler(fn, { store })); to read real S3, set AWS_REGION';

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
      return new S3ObjectStore(client ?? new (await import('@aws-sdk/client-s3')).S3Client(dryRunS3Config()), handlerNoRegionAdvice);
    })().catch((error: unknown) => {
      store = undefined;
      throw error;
    }));
}
