import { createReadStream, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const types: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.bmp': 'image/bmp', '.ico': 'image/x-icon',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ogg': 'audio/ogg', '.pdf': 'application/pdf', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json',
};

/**
 * Serves `<root>/<bucket>/<key>` for `/__s3/<bucket>/<key>`. Only regular files strictly below
 * the root are served: `..`, encoded or not, symlinks leading out, and folders get a 404 (no
 * listing).
 */
export async function serveS3Object(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const notFound = () => {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  };
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return notFound();
  }
  if (rel.includes('\0') || rel.split('/').some((part) => part === '..')) return notFound();
  const base = resolve(root);
  const target = resolve(join(base, rel));
  if (!target.startsWith(base + sep)) return notFound();
  try {
    const real = realpathSync(target);
    const realBase = realpathSync(base);
    if (!real.startsWith(realBase + sep)) return notFound();
    const info = await stat(real);
    if (!info.isFile()) return notFound();
    res.writeHead(200, { 'content-type': types[extname(real).toLowerCase()] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-store' });
    createReadStream(real).pipe(res);
  } catch {
    notFound();
  }
}
