import { s3Location, type PresignResolver } from '../resolver.ts';

/** Stable fake presigned URLs, for tests and snapshots: same URI in, same URL out. */
export function deterministicResolver(base = 'https://s3.amazonaws.com'): PresignResolver {
  return {
    resolve(uri) {
      const where = s3Location(uri);
      if (!where) return uri;
      return `${base}/${where.bucket}/${where.key.split('/').map(encodeURIComponent).join('/')}?X-Amz-Signature=gtkit-test`;
    },
  };
}
