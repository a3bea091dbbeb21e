import { s3Location, type PresignResolver } from '../resolver.ts';

/**
 * Maps `s3://bucket/key` to a URL under `prefix` (default `/__s3/`), which the preview serves from
 * `<task>/s3/<bucket>/<key>`. Other URIs pass through unchanged.
 */
export function localResolver(prefix = '/__s3/'): PresignResolver {
  return {
    resolve(uri) {
      const where = s3Location(uri);
      if (!where) return uri;
      return `${prefix}${encodeURIComponent(where.bucket)}/${where.key.split('/').map(encodeURIComponent).join('/')}`;
    },
  };
}
