import { keyPath, s3Location, uriPart, type PresignResolver } from '../resolver.ts';

/**
 * Stable fake presigned URLs for tests and snapshots: the same URI always gives the same URL,
 * shaped like a path-style presigned GET (`https://s3.amazonaws.com/bucket/key?X-Amz-…`).
 * URIs that are not S3 objects pass through unchanged.
 */
export function deterministicResolver(base = 'https://s3.amazonaws.com'): PresignResolver {
  const root = base.replace(/\/+$/, '');
  return {
    resolve(uri) {
      const where = s3Location(uri);
      if (!where) return uri;
      return `${root}/${uriPart(where.bucket)}/${keyPath(where.key)}?X-Amz-Expires=3600&X-Amz-Signature=gtkit-test`;
    },
  };
}
