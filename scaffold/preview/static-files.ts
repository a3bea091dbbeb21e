import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { contentTypeOf, resolveS3Object } from '../task/local-s3-copies.ts';
import { send, text } from './http.ts';

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
    'content-type': contentTypeOf(file),
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
