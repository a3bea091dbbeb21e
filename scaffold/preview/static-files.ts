import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { send, text } from './http.ts';

/**
 * The documented layout of local S3 copies: `s3://bucket/key` is the file
 * `<task>/s3/<bucket>/<key>`, and the page sees it as `/__s3/<bucket>/<key>` (what the local
 * presign resolver writes into the template).
 */
export const s3Layout = { folder: 's3', route: '/__s3/' } as const;

const types: Record<string, string> = {
  '.png': 'image/png', '.apng': 'image/apng', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.bmp': 'image/bmp', '.ico': 'image/x-icon', '.avif': 'image/avif',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.mov': 'video/quicktime', '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4', '.flac': 'audio/flac',
  '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8', '.json': 'application/json; charset=utf-8',
};

/**
 * Resolves `<bucket>/<key>` (still URL-encoded) to a regular file strictly below `root`, or
 * undefined. `..` segments (encoded or not), NUL, folders, and symlinks that lead out of the root
 * are all refused, so nothing but the mapped files can be read and no folder is ever listed.
 */
export async function resolveS3Object(root: string, encodedPath: string): Promise<string | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(encodedPath);
  } catch {
    return undefined;
  }
  if (rel === '' || rel.includes('\0') || rel.length > 4096) return undefined;
  if (rel.split(/[\\/]/).some((part) => part === '..' || part === '.')) return undefined;
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

/** Serves one local S3 copy for GET/HEAD (with ETag revalidation); anything else is a 404 that says nothing about the disk. */
export async function serveS3Object(root: string, encodedPath: string, method: string, res: ServerResponse, ifNoneMatch?: string): Promise<void> {
  const file = await resolveS3Object(root, encodedPath);
  if (!file) return send(res, 404, text, 'not found');
  const info = await stat(file);
  // Revalidated on every load (the copy may be replaced), answered with 304 while it is the same.
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  if (ifNoneMatch === etag) {
    res.writeHead(304, { etag, 'cache-control': 'no-cache' });
    return void res.end();
  }
  res.writeHead(200, {
    'content-type': types[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    etag,
    'x-content-type-options': 'nosniff',
    // An SVG or HTML opened directly runs no script with the preview's origin.
    'content-security-policy': 'sandbox',
  });
  if (method === 'HEAD') return void res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
