/**
 * Interactive runs (README "Interactive runs"): POST /interactive queues a session and answers
 * where to attach; WS /job/:id/interactive attaches to one on any master; WS /interactive does both
 * over one connection (its first message is `{"type":"init", ...request}`). Without an Upgrade,
 * the WebSocket paths answer 426.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { RawData, WebSocket } from 'ws';
import type { RouteDeps } from '../deps.js';
import { HttpError } from '../http-errors.js';
import { serveSession, parseClientMessage, refuse, invalid, MessageError, type ClientMessage } from '../interactive/socket.js';
import { jsonBodyReader, parseJson } from '../json-body.js';
import type { RequestLogState } from '../request-log.js';
import type { WebSocketRouter } from '../websocket/router.js';
import { MAX_JSON_DEPTH, maxJsonValues } from './execute.js';
import { isJobId } from './jobs.js';

/** The answer of POST /interactive. */
export interface InteractiveResponse {
  id: string;
  status: 'queued';
  timestamp: string;
  message: string;
  /** The WebSocket path to attach to, on any master. */
  attach: string;
}

/** How long WS /interactive waits for its init message, ms (then 4408). */
export const INIT_TIMEOUT_MS = 10_000;

export const attachPath = (id: string) => `/job/${id}/interactive`;

export function registerInteractive(router: Router, websockets: WebSocketRouter, deps: RouteDeps): void {
  const readBody = jsonBodyReader({ limitBytes: deps.config.BODY_LIMIT_BYTES, maxDepth: MAX_JSON_DEPTH, maxValues: maxJsonValues(deps.rules.bounds) });

  router.post('/interactive', async (ctx) => {
    const accepted = deps.rules.checkInteractiveRequest(await readBody(ctx), deps.sessions.bounds.wallMs);
    const payload = await deps.sessions.start(ctx, accepted);
    (ctx.state as RequestLogState).jobId = payload.id;
    const body: InteractiveResponse = { id: payload.id, status: 'queued', timestamp: payload.submittedAt, message: `Interactive session queued for ${accepted.pack.id}`, attach: attachPath(payload.id) };
    ctx.status = 201;
    ctx.set('Location', body.attach);
    ctx.body = body;
  });
  const upgradeRequired = (ctx: Context) => {
    throw new HttpError('UPGRADE_REQUIRED', `${ctx.path} is a WebSocket: connect with "Upgrade: websocket"`, { headers: { Upgrade: 'websocket' } });
  };
  router.get('/interactive', upgradeRequired);
  router.get('/job/:id/interactive', upgradeRequired);

  websockets.route('/job/:id/interactive', (socket, ctx, { id = '' }) => {
    const jobId = id.toLowerCase();
    if (!isJobId(jobId)) return refuse(socket, new HttpError('INVALID_JOB_ID', '"id" must be a UUID', { field: 'id' }));
    serveSession(socket, (handlers) => deps.sessions.attach(ctx, jobId, handlers));
  });
  websockets.route('/interactive', (socket, ctx) => serveOneStep(socket, ctx, deps));
}

/** WS /interactive: the init message is checked and queued as POST /interactive would, then the session is served. */
function serveOneStep(socket: WebSocket, ctx: Context, deps: RouteDeps): void {
  const timer = setTimeout(() => refuse(socket, new HttpError('REQUEST_TIMEOUT', `no init message within ${INIT_TIMEOUT_MS / 1000} s`)), INIT_TIMEOUT_MS);
  const early: ClientMessage[] = [];
  let init: Record<string, unknown> | undefined;
  const onMessage = (raw: RawData) => {
    const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
    try {
      if (init) return early.push(parseClientMessage(data.toString()));
      const value = parseJson(data, { maxDepth: MAX_JSON_DEPTH, maxValues: maxJsonValues(deps.rules.bounds) }) as Record<string, unknown>;
      const { type, ...request } = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { type: undefined };
      if (type !== 'init') throw new MessageError('the first message must be {"type":"init", ...request}', 'type');
      init = request;
      clearTimeout(timer);
      void start(request);
    } catch (error) {
      clearTimeout(timer);
      refuse(socket, error instanceof MessageError ? invalid(error) : error);
    }
  };
  const start = async (request: Record<string, unknown>) => {
    try {
      const accepted = deps.rules.checkInteractiveRequest(request, deps.sessions.bounds.wallMs);
      const payload = await deps.sessions.start(ctx, accepted);
      if (socket.readyState !== socket.OPEN) return void (await deps.sessions.attach(ctx, payload.id, { onOutput: () => {} }).then((held) => held.close()));
      socket.off('message', onMessage);
      serveSession(socket, (handlers) => deps.sessions.attach(ctx, payload.id, handlers), early);
    } catch (error) {
      refuse(socket, error);
    }
  };
  socket.on('message', onMessage);
  socket.once('close', () => clearTimeout(timer));
}
