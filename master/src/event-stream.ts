/**
 * A server-sent events answer (text/event-stream): events whose data is one JSON line, comments,
 * an end. Written to the response itself (koa's `respond` off): a client that goes away is how
 * such a stream usually ends, not an error to log.
 */
import type { ServerResponse } from 'node:http';
import type { Context } from 'koa';

export class EventStream {
  private readonly res: ServerResponse;

  /** Answers `ctx` with the stream's headers at once: 200, never cached nor buffered by a proxy. */
  constructor(ctx: Context) {
    ctx.status = 200; // what middleware after the route sees (the error handler, logs)
    ctx.respond = false;
    this.res = ctx.res;
    this.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    this.res.flushHeaders();
  }

  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  /** One event; `data` is JSON text (one line: JSON has no raw line breaks), given whole or in parts. */
  event(name: string, data: string | readonly Buffer[]): void {
    if (!this.open) return;
    this.res.write(`event: ${name}\ndata: `);
    for (const part of typeof data === 'string' ? [data] : data) this.res.write(part);
    this.res.write('\n\n');
  }

  comment(text: string): void {
    if (this.open) this.res.write(`: ${text}\n\n`);
  }

  end(): void {
    if (this.open) this.res.end();
  }
}
