import { keyPath, s3Location, uriPart, type PresignResolver } from '../resolver.ts';

/**
 * Maps `s3://bucket/key` (and path-style S3 URLs) to a URL under `prefix`, default
 * `/__s3/bucket/key`, which the preview serves from its local copy of the bucket. Other URIs
 * pass through unchanged.
 */
export function localResolver(prefix = '/__s3/'): PresignResolver {
  const root = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return {
    resolve(uri) {
      const where = s3Location(uri);
      if (!where) return uri;
      return `${root}${uriPart(where.bucket)}/${keyPath(where.key)}`;
    },
  };
}
