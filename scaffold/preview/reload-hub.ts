import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Server-sent events to the open pages: each gets `event: reload` when the task changed and the
 * preview has its new state ready.
 */
export class ReloadHub {
  private readonly clients = new Set<ServerResponse>();
  /** Names this server run, so a page that reconnects to a restarted preview reloads. */
  private readonly instance = `${process.pid}-${Date.now().toString(36)}`;

  /** Turns a request into an event stream that stays open until the page goes. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    // `retry` makes a page whose server restarted reconnect quickly.
    res.write(`retry: 500\n: connected\n\nevent: hello\ndata: ${JSON.stringify({ instance: this.instance })}\n\n`);
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }

  get size(): number {
    return this.clients.size;
  }

  reload(reason: string): void {
    const data = JSON.stringify({ reason });
    for (const c of this.clients) c.write(`event: reload\ndata: ${data}\n\n`);
  }

  close(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
