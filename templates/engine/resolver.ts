/**
 * Where `grant_read_access` / `s3_presign` send an `s3://bucket/key` URI. Ground Truth returns a
 * time-limited HTTPS URL; locally it is a URL the preview serves, or a fixed URL in tests. One
 * interface, one file per source (resolvers/).
 */
export interface PresignResolver {
  resolve(uri: string): string | Promise<string>;
}

/** `s3://bucket/key` or path-style `https://s3.amazonaws.com/bucket/key` → bucket and key. */
export function s3Location(uri: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (s3) return { bucket: s3[1] ?? '', key: s3[2] ?? '' };
  const https = /^https:\/\/s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com\/([^/?#]+)\/([^?#]*)/.exec(uri);
  if (https) return { bucket: https[1] ?? '', key: decodeURIComponent(https[2] ?? '') };
  return undefined;
}
