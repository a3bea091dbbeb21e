import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/**
 * The documented layout of a task's local S3 copies: `s3://bucket/key` is the file
 * `<task>/s3/<bucket>/<key>` (the key as written, not URL-decoded), and the preview page sees it
 * as `/__s3/<bucket>/<key>` (what the local presign resolver writes into the template). The
 * preview serves these copies and `gtkit deploy --upload-data` uploads them.
 */
export const s3Layout = { folder: 's3', route: '/__s3/' } as const;

const contentTypes: Record<string, string> = {
  '.png': 'image/png', '.apng': 'image/apng', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.bmp': 'image/bmp', '.ico': 'image/x-icon', '.avif': 'image/avif', '.tif': 'image/tiff', '.tiff': 'image/tiff',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.mov': 'video/quicktime', '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4', '.flac': 'audio/flac',
  '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.json': 'application/json; charset=utf-8',
};

/** The content type a local copy is served and uploaded with, by its extension. */
export function contentTypeOf(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The local copy of `<bucket>/<key>` (plain, not URL-encoded): a regular file strictly below
 * `root`, or undefined. `.`/`..` segments, NUL, folders, and symlinks that lead out of the root
 * are all refused, so nothing but the mapped files can be read and no folder is ever listed;
 * so is an empty segment, since `images//a.png` and `a.png/` name other S3 keys than the file.
 */
export async function localCopyOf(root: string, rel: string): Promise<string | undefined> {
  if (rel === '' || rel.includes('\0') || rel.length > 4096) return undefined;
  if (rel.split(/[\\/]/).some((part) => part === '..' || part === '.')) return undefined;
  // An empty segment (`key/`, `a//b`) is another S3 key than the file the path would normalise to.
  if (rel.split('/').some((part) => part === '')) return undefined;
  const base = resolve(root);
  const target = resolve(base, rel);
  if (!target.startsWith(base + sep)) return undefined;
  try {
    const [real, realBase] = await Promise.all([realpath(target), realpath(base)]);
    if (!real.startsWith(realBase + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** `localCopyOf` for a URL path (`/__s3/` stripped, still percent-encoded), as the preview receives it. */
export async function resolveS3Object(root: string, encodedPath: string): Promise<string | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(encodedPath);
  } catch {
    return undefined;
  }
  return localCopyOf(root, rel);
}
