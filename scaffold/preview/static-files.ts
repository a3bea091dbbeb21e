import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { escapeRegExp } from '../../templates/engine/reg-exp.ts';
import { contentTypeOf, resolveS3Object, s3Layout } from '../task/local-s3-copies.ts';
import { send, text } from './http.ts';
import { decodedOrAsWritten } from '../cli/paths.ts';

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

/** Local-copy URLs in a rendered page: `/__s3/` up to the end of the attribute or the URL. */
const localCopyUrl = new RegExp(`${escapeRegExp(s3Layout.route)}([^"'\\s<>()\`]+)`, 'g');

/**
 * The `s3://bucket/key` URIs a rendered page points at (through the local presigning) that have
 * no local copy under `root`, at most `limit` of them: the page would show them broken, and the
 * browser's 404 says nothing about where the file should be. A path that could never be below
 * `root` (`..` segments) is not named: the server refuses it whatever is on disk.
 *
 * @example
 * await missingLocalCopies('<img src="/__s3/b/a.png">', 'task/s3') // ['s3://b/a.png'] when task/s3/b/a.png is missing
 */
export async function missingLocalCopies(html: string, root: string, limit = 5): Promise<string[]> {
  const paths = new Set<string>();
  for (const m of html.matchAll(localCopyUrl)) {
    // The URL as it sits in the HTML: an attribute value may spell & as &amp;, and a query or fragment is not part of the key.
    const path = (m[1] ?? '').replace(/&amp;/g, '&').split(/[?#]/)[0] ?? '';
    if (path) paths.add(path);
  }
  const missing: string[] = [];
  for (const path of paths) {
    if (missing.length >= limit) break;
    if (await resolveS3Object(root, path)) continue;
    const decoded = decodedOrAsWritten(path);
    // A key with `.` or `..` segments (or none at all) can have no local copy below the folder: not "put it there".
    if (decoded.split('/').some((segment, i) => segment === '.' || segment === '..' || (i === 0 && segment === ''))) continue;
    missing.push(`s3://${decoded}`);
  }
  return missing;
}
