import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers for one path. */
export interface StaticRoute {
  body: string | Uint8Array;
  /** Content type; guessed from the path's extension when left out. */
  type?: string;
  status?: number;
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly origin: string;
  /** The absolute URL of a path on this server. */
  url(path: string): string;
  /** Adds or replaces a route. */
  set(path: string, route: StaticRoute | string): void;
  /** Every request seen, in order (method and path), for tests that check what a page fetched. */
  readonly requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'application/javascript; charset=utf-8',
  mjs: 'application/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  txt: 'text/plain; charset=utf-8',
};

function typeOf(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? 'html';
  return types[ext] ?? 'application/octet-stream';
}

/**
 * A tiny HTTP server on 127.0.0.1 (a free port) that answers fixed routes from memory, for
 * browser tests. Unknown paths get 404; the query string is ignored. Close it in `afterAll`.
 *
 * @example
 * const server = await startStaticServer({ '/': '<h1>hi</h1>' });
 * await page.goto(server.url('/'));
 * await server.close();
 */
export async function startStaticServer(routes: Record<string, StaticRoute | string> = {}): Promise<StaticServer> {
  const table = new Map<string, StaticRoute>();
  const set = (path: string, route: StaticRoute | string) => table.set(path, typeof route === 'string' ? { body: route } : route);
  for (const [path, route] of Object.entries(routes)) set(path, route);
  const requests: Array<{ method: string; path: string }> = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path });
    const route = table.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(route.status ?? 200, { 'content-type': route.type ?? typeOf(path), 'cache-control': 'no-store' }).end(route.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    set,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
