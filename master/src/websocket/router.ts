/**
 * WebSocket routes by path, on the master's HTTP server: an upgrade to a registered path passes
 * the gate (gate.ts) and is handed to its route with the request's Koa context (its API key)
 * and path parameters; any other upgrade is refused with a JSON 404, as an HTTP route would be.
 * Other WebSocket APIs (a Piston-compatible /api/v2/connect) register their paths here.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Context } from 'koa';
import { WebSocketServer, type WebSocket } from 'ws';
import type { UpgradeGate } from './gate.js';

/** A route's handler: the socket is open; `ctx` is the upgrade's context, `params` the path's `:names`. */
export type WebSocketHandler = (socket: WebSocket, ctx: Context, params: Record<string, string>) => void;

interface Route {
  pattern: RegExp;
  names: string[];
  handler: WebSocketHandler;
}

export interface WebSocketRouterOptions {
  /** Largest message a client may send, bytes (a larger one closes the socket with 1009). */
  maxPayload: number;
}

export class WebSocketRouter {
  private readonly routes: Route[] = [];
  private readonly server: WebSocketServer;

  constructor(options: WebSocketRouterOptions) {
    this.server = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload });
  }

  /** Registers `path`: literal segments and `:name` parameters (one segment each), e.g. "/job/:id/interactive". */
  route(path: string, handler: WebSocketHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? (names.push(segment.slice(1)), '([^/]+)') : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    this.routes.push({ pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** Whether a path has a WebSocket route (the HTTP routes answer 426 for it without an upgrade). */
  has(path: string): boolean {
    return this.routes.some((route) => route.pattern.test(path));
  }

  /** Serves upgrades of `http`: each passes `gate` first. */
  listen(http: Server, gate: UpgradeGate): void {
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => {}); // a client gone mid-handshake
      void this.upgrade(request, socket, head, gate).catch(() => refuse(socket, 500, {}, JSON.stringify({ error: 'INTERNAL_ERROR', message: 'internal error' })));
    });
  }

  /** Closes every open socket (1001: going away). */
  close(): void {
    for (const client of this.server.clients) client.close(1001, 'the server is stopping');
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, gate: UpgradeGate): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    if (!route) {
      return refuse(socket, 404, {}, JSON.stringify({ error: 'NOT_FOUND', message: `no WebSocket route for ${path}` }));
    }
    const answer = await gate(request);
    if (!answer.passed) return refuse(socket, answer.status, answer.headers, answer.body);
    const match = route.pattern.exec(path)!;
    const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
    this.server.handleUpgrade(request, socket, head, (client) => route.handler(client, answer.ctx, params));
  }
}

/** An HTTP answer instead of the switch (the client sees it as the handshake's response). */
function refuse(socket: Duplex, status: number, headers: Record<string, string>, body: string): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, 'Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) if (!/^(content-type|content-length|connection)$/i.test(name)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
