import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

/** Headers every preview response carries: nothing is cached, nothing is sniffed. */
const baseHeaders = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...baseHeaders, 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

export const html = 'text/html; charset=utf-8';
export const json = 'application/json; charset=utf-8';
export const text = 'text/plain; charset=utf-8';
export const javascript = 'application/javascript; charset=utf-8';

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, json, JSON.stringify(value));
}

/** A request the preview turns away with a status and a sentence. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Reads a request body up to `limit` bytes; a larger one is a 413, not a full buffer. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `the body has ${declared} bytes; the preview takes at most ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `the body is over ${limit} bytes; the preview takes at most ${limit}`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * True for loopback peers only: 127.0.0.0/8, ::1, and their IPv4-mapped forms. The server binds
 * 127.0.0.1, and still checks every peer in case a proxy or a different bind lets others in.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(address) === 6 && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(address);
}

/**
 * The Host header must name this server by a loopback name: a web page that rebinds its own
 * DNS name to 127.0.0.1 sends its own name, and gets nothing.
 */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return loopbackAuthorities(port).includes(host.toLowerCase());
}

/** `127.0.0.1:<port>` and the other loopback names; on port 80 a browser leaves the port out. */
function loopbackAuthorities(port: number): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return [...names.map((n) => `${n}:${port}`), ...(port === 80 ? names : [])];
}

/**
 * Writes (answer capture) must come from the preview's own pages: a browser sends `Origin` with
 * every cross-site POST, so another site's form cannot store answers here.
 */
export function isSameOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // not a browser (curl, tests): nothing to forge
  return loopbackAuthorities(port).map((a) => `http://${a}`).includes(origin.toLowerCase());
}
