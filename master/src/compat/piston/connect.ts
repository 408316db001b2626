/**
 * Piston's `WS /api/v2/connect` on Sentinel's interactive sessions: the init message is a Piston
 * execute body (translated and checked as POST /api/v2/execute's, its stdin ignored), queued as an
 * interactive session, and the session's output is told in Piston's messages and close codes
 * (Piston's api/src/api/v2.js), so Piston's interactive clients work unchanged. The socket may be on
 * any master and the run on any executor: they meet through the session's Redis streams.
 */
import { constants } from 'node:os';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { RawData, WebSocket } from 'ws';
import type { SessionExit, SessionOutput } from '@sentinel/core';
import type { RouteDeps } from '../../deps.js';
import { HttpError, toHttpError } from '../../http-errors.js';
import type { SessionAttachment } from '../../interactive/sessions.js';
import type { WebSocketRouter } from '../../websocket/router.js';
import { checkTranslated, translateRequest } from './request.js';

/** Piston's close codes and reasons (v2.js). */
export const PISTON_CLOSE = {
  alreadyInitialized: [4000, 'Already Initialized'],
  initTimeout: [4001, 'Initialization Timeout'],
  notifiedError: [4002, 'Notified Error'],
  notInitialized: [4003, 'Not yet initialized'],
  stdinOnly: [4004, 'Can only write to stdin'],
  invalidSignal: [4005, 'Invalid signal'],
  completed: [4999, 'Job Completed'],
} as const satisfies Record<string, readonly [number, string]>;

/** Piston closes a socket that sent no init within this, ms. */
export const PISTON_INIT_TIMEOUT_MS = 1_000;

/** Piston's signal names: the kernel's, and the real-time ones it lists by offset. */
export function isPistonSignal(name: unknown): boolean {
  return typeof name === 'string' && (Object.hasOwn(constants.signals, name) || /^SIGRT(MIN(\+([1-9]|1[0-5]))?|MAX(-([1-9]|1[0-4]))?)$/.test(name));
}

/** Piston's server messages. */
export type PistonServerMessage =
  | { type: 'runtime'; language: string; version: string }
  | { type: 'stage'; stage: 'compile' | 'run' }
  | { type: 'data'; stream: 'stdout' | 'stderr'; data: string }
  | { type: 'exit'; stage: 'compile' | 'run'; code: number | null; signal: string | null; error?: string }
  | { type: 'error'; message: string };

type ConnectDeps = Pick<RouteDeps, 'registry' | 'rules' | 'sessions'>;

/** WS /api/v2/connect; without an Upgrade the path answers 426 (in Piston's `{message}`). */
export function registerPistonConnect(router: Router, websockets: WebSocketRouter, deps: ConnectDeps): void {
  router.get('/api/v2/connect', (ctx) => {
    throw new HttpError('UPGRADE_REQUIRED', `${ctx.path} is a WebSocket: connect with "Upgrade: websocket"`, { headers: { Upgrade: 'websocket' } });
  });
  websockets.route('/api/v2/connect', (socket, ctx) => void new PistonConnection(socket, ctx, deps));
}

class PistonConnection {
  private initialized = false;
  private attachment: Promise<SessionAttachment> | undefined;
  /** Client actions in order: each waits for the attachment and the one before. */
  private chain: Promise<unknown> = Promise.resolve();
  private stage: 'compile' | 'run' | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: Context,
    private readonly deps: ConnectDeps,
  ) {
    const timer = setTimeout(() => !this.initialized && this.close(PISTON_CLOSE.initTimeout), PISTON_INIT_TIMEOUT_MS);
    socket.on('message', (raw) => this.onMessage(raw));
    socket.once('close', () => {
      clearTimeout(timer);
      // A dropped socket ends the run, as Piston's does.
      void this.attachment?.then((held) => held.close(), () => {});
    });
  }

  private onMessage(raw: RawData): void {
    let message: Record<string, unknown>;
    try {
      const value: unknown = JSON.parse(raw.toString());
      message = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    } catch (error) {
      return this.notify((error as Error).message);
    }
    switch (message.type) {
      case 'init':
        if (this.initialized) return this.close(PISTON_CLOSE.alreadyInitialized);
        this.initialized = true;
        this.attachment = this.start(message);
        this.attachment.catch((error: unknown) => this.notify(toHttpError(error)?.message ?? 'internal error'));
        return;
      case 'data':
        if (!this.initialized) return this.close(PISTON_CLOSE.notInitialized);
        if (message.stream !== 'stdin') return this.close(PISTON_CLOSE.stdinOnly);
        return this.then((held) => held.write(typeof message.data === 'string' ? message.data : String(message.data ?? '')));
      case 'signal':
        if (!this.initialized) return this.close(PISTON_CLOSE.notInitialized);
        if (!isPistonSignal(message.signal)) return this.close(PISTON_CLOSE.invalidSignal);
        // The sandbox ends a run with SIGKILL whatever the signal asked: the exit says so.
        return this.then((held) => held.kill());
      default:
        return; // Piston ignores other types
    }
  }

  private then(action: (held: SessionAttachment) => Promise<unknown>): void {
    const attachment = this.attachment!;
    this.chain = this.chain.then(() => attachment.then(action)).catch(() => {});
  }

  private async start(init: Record<string, unknown>): Promise<SessionAttachment> {
    const { type: _type, stdin: _stdin, ...body } = init;
    const translated = translateRequest({ ...body, stdin: '' }, { ...this.deps, sessionWallMs: this.deps.sessions.bounds.wallMs });
    const { stdin: _ignored, ...request } = translated.request;
    const wallBound = this.deps.sessions.bounds.wallMs;
    const accepted = checkTranslated(this.deps.rules, { request, pistonIndex: translated.pistonIndex }, (rules, checked) => rules.checkInteractiveRequest(checked, wallBound));
    const session = await this.deps.sessions.start(this.ctx, accepted);
    this.send({ type: 'runtime', language: translated.runtime.piston.language, version: translated.runtime.piston.version });
    return this.deps.sessions.attach(this.ctx, session.id, { onOutput: (output) => this.onOutput(output) });
  }

  private onOutput(output: SessionOutput): void {
    switch (output.kind) {
      case 'stage':
        if (this.stage === 'compile' && output.stage === 'run') this.send({ type: 'exit', stage: 'compile', code: 0, signal: null });
        this.stage = output.stage;
        return this.send({ type: 'stage', stage: output.stage });
      case 'stdout':
      case 'stderr':
        return this.send({ type: 'data', stream: output.kind, data: output.data });
      case 'exit':
        this.send(exitMessage(output.exit, this.stage ?? 'run'));
        return this.close(PISTON_CLOSE.completed);
      case 'error':
        return this.notify(output.message);
    }
  }

  private send(message: PistonServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Piston's error path: the message over the socket (a close reason holds 123 bytes), then 4002. */
  private notify(message: string): void {
    this.send({ type: 'error', message });
    this.close(PISTON_CLOSE.notifiedError);
  }

  private close([code, reason]: readonly [number, string]): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
  }
}

/** The last stage's exit: a failed compile is the compile's (code 1), a limit is Piston's SIGKILL. */
function exitMessage(exit: SessionExit, stage: 'compile' | 'run'): PistonServerMessage {
  if (exit.verdict === 'COMPILATION_ERROR') return { type: 'exit', stage: 'compile', code: 1, signal: null, ...(exit.error ? { error: exit.error } : {}) };
  const signal = exit.signal ?? (exit.limitExceeded ? 'SIGKILL' : null);
  return { type: 'exit', stage, code: exit.exitCode, signal, ...(exit.verdict === 'INTERNAL_ERROR' && exit.error ? { error: exit.error } : {}) };
}
