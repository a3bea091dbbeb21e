import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Server-sent events to the open pages: each gets `event: reload` when the task changed and the
 * preview has its new state ready. `hello` and `reload` name the state the preview serves
 * (`stateOf`), and every page carries the state it was rendered from, so a page rendered just
 * before a change (or by an earlier run of the preview) that subscribed only after it, reloads.
 */
export class ReloadHub {
  private readonly clients = new Set<ServerResponse>();
  /** The version of the task state the preview serves now (LiveTask's). */
  private version = 0;
  /** Names this server run, so a page that reconnects to a restarted preview reloads. */
  private readonly instance = `${process.pid}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

  /** Turns a request into an event stream that stays open until the page goes. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    // `retry` makes a page whose server restarted reconnect quickly.
    res.write(`retry: 500\n: connected\n\nevent: hello\ndata: ${JSON.stringify({ instance: this.instance, state: this.stateOf(this.version) })}\n\n`);
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('error', drop);
  }

  /** The name of a task state that pages carry and events send: this run of the preview, and the version. */
  stateOf(version: number): string {
    return `${this.instance}.${version}`;
  }

  get size(): number {
    return this.clients.size;
  }

  reload(reason: string, version: number): void {
    this.version = version;
    const data = JSON.stringify({ reason, state: this.stateOf(version) });
    for (const c of this.clients) c.write(`event: reload\ndata: ${data}\n\n`);
  }

  close(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
