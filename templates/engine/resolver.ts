/**
 * Where `grant_read_access` / `s3_presign` send a URI. Ground Truth returns a time-limited HTTPS
 * URL; locally it is a URL the preview serves, or a fixed URL in tests. One interface, one file
 * per source in resolvers/: deterministic.ts (tests), local.ts (preview), s3-presign.ts (AWS).
 */
export interface PresignResolver {
  resolve(uri: string): string | Promise<string>;
}

/**
 * The bucket and key of the URIs Ground Truth presigns: `s3://bucket/key`, and path-style
 * `https://s3[.region].amazonaws.com/bucket/key` as AWS's examples also pass to
 * grant_read_access (reference §3.3), or `http://…`, which the A2I Textract and Rekognition
 * templates build (the presigned URL is https either way). Anything else (other URLs, a bucket
 * without a key) is not an S3 object: resolvers return it unchanged.
 */
export function s3Location(uri: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/\s]+)\/(.+)$/s.exec(uri);
  if (s3) return { bucket: s3[1] ?? '', key: s3[2] ?? '' };
  const pathStyle = /^https?:\/\/s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?\/([^/?#\s]+)\/([^?#]+)/.exec(uri);
  if (!pathStyle) return undefined;
  try {
    return { bucket: pathStyle[1] ?? '', key: decodeURIComponent(pathStyle[2] ?? '') };
  } catch {
    return undefined; // a malformed %-escape: not a URL S3 would have produced
  }
}

/**
 * A key as a URL path: each segment percent-encoded, the slashes kept. A key with `.` or `..`
 * segments (legal in S3) is encoded whole, slashes too, so URL normalisation cannot climb out of
 * the prefix the URL sits under.
 */
export function keyPath(key: string): string {
  const segments = key.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return uriPart(key);
  return segments.map(uriPart).join('/');
}

/**
 * encodeURIComponent, plus `! ' ( ) *`, which it leaves alone and SigV4 (so every presigned URL)
 * encodes: a presigned URL then holds no `'`, `"`, `<` or `>`, and writes the same into a script
 * or an attribute, escaped or not (lint's unverified-escaping rule counts on that). For a key
 * segment and for the bucket, which s3Location takes as any text without `/` or whitespace.
 */
export function uriPart(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
