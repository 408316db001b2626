/**
 * The WebSocket protocol of interactive sessions (README "Interactive runs"). Client to server:
 * `{"type":"stdin","data"}`, `{"type":"eof"}`, `{"type":"kill"}` (and, first on WS /interactive,
 * `{"type":"init", ...request}`). Server to client: `attached`, `stage`, `stdout`, `stderr`, then
 * `exit` (close 1000) or `error` (close 1011); a refused init or message is an `error` naming the
 * field, then close 4000 + the HTTP status the same refusal would have (4400, 4404, 4429, 4503 ...).
 */
import type { WebSocket } from 'ws';
import type { SessionOutput } from '@sentinel/core';
import { HttpError, toHttpError } from '../http-errors.js';
import type { SessionAttachment, SessionHandlers } from './attachment.js';

/** Close codes besides 4000 + an HTTP status. */
export const CLOSE_EXITED = 1000;
export const CLOSE_SESSION_ERROR = 1011;

/** Server to client messages. */
export type ServerMessage =
  | { type: 'attached'; id: string }
  | { type: 'stage'; stage: 'compile' | 'run' }
  | { type: 'stdout' | 'stderr'; data: string }
  | ({ type: 'exit' } & Extract<SessionOutput, { kind: 'exit' }>['exit'])
  | { type: 'error'; code: string; message: string; field?: string };

export function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Sends the error a refusal answers (its code, message and field) and closes with 4000 + its status. */
export function refuse(socket: WebSocket, error: unknown): void {
  const known = toHttpError(error);
  const status = known?.status ?? 500;
  send(socket, { type: 'error', code: known?.code ?? 'INTERNAL_ERROR', message: known?.message ?? 'internal error', ...(known?.field ? { field: known.field } : {}) });
  socket.close(4000 + status, (known?.code ?? 'INTERNAL_ERROR').slice(0, 120));
}

function toMessage(output: SessionOutput): ServerMessage {
  switch (output.kind) {
    case 'stage':
      return { type: 'stage', stage: output.stage };
    case 'stdout':
    case 'stderr':
      return { type: output.kind, data: output.data };
    case 'exit':
      return { type: 'exit', ...output.exit };
    case 'error':
      return { type: 'error', code: output.code, message: output.message };
  }
}

/** A client's message, checked: what it asks, or why it is refused (with the field). */
export type ClientMessage = { type: 'stdin'; data: string } | { type: 'eof' } | { type: 'kill' } | { type: 'init'; request: Record<string, unknown> };

export class MessageError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export function parseClientMessage(raw: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new MessageError('a message must be a JSON object, e.g. {"type":"stdin","data":"5\\n"}', 'message');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MessageError('a message must be a JSON object', 'message');
  const { type, ...rest } = value as Record<string, unknown>;
  if (type === 'stdin') {
    if (typeof rest.data !== 'string') throw new MessageError('"data" of a stdin message must be a string', 'data');
    return { type, data: rest.data };
  }
  if (type === 'eof' || type === 'kill') return { type };
  if (type === 'init') return { type, request: rest };
  throw new MessageError(`"type" must be one of "stdin", "eof", "kill"${type === undefined ? '' : ` (not ${JSON.stringify(type)})`}`, 'type');
}

/**
 * Serves a session on `socket` once `open` attaches it. Messages that come before are kept and
 * applied in order after; a socket that closes ends the run (Attachment.close).
 */
export function serveSession(socket: WebSocket, open: (handlers: SessionHandlers) => Promise<SessionAttachment>, queued: ClientMessage[] = []): void {
  const handlers: SessionHandlers = {
    onOutput: (output) => {
      send(socket, toMessage(output));
      if (output.kind === 'exit') socket.close(CLOSE_EXITED, 'exited');
      if (output.kind === 'error') socket.close(CLOSE_SESSION_ERROR, output.code);
    },
  };
  const attached = open(handlers);
  // Every message waits for the attachment and for the one before it: stdin keeps its order.
  // A refused attach is answered below (attached.catch), once.
  let chain: Promise<unknown> = attached.then((attachment) => send(socket, { type: 'attached', id: attachment.id })).catch(() => {});
  const apply = (message: ClientMessage) => {
    chain = chain.then(async () => {
      const attachment = await attached;
      if (message.type === 'stdin') {
        if (!(await attachment.write(message.data))) {
          send(socket, { type: 'error', code: 'STDIN_LIMIT', message: 'stdin passed the session\'s bound (INTERACTIVE_STDIN_BYTES): the run is stopped (its exit says limitExceeded "input")' });
        }
      } else if (message.type === 'eof') await attachment.eof();
      else if (message.type === 'kill') await attachment.kill();
      else throw new MessageError('"init" only comes first, on WS /interactive', 'type');
    });
    chain.catch((error: unknown) => (error instanceof MessageError ? refuse(socket, invalid(error)) : refuse(socket, error)));
  };
  for (const message of queued) apply(message);
  socket.on('message', (data) => {
    try {
      apply(parseClientMessage(data.toString()));
    } catch (error) {
      refuse(socket, invalid(error as MessageError));
    }
  });
  attached.catch((error: unknown) => refuse(socket, error));
  socket.once('close', () => void attached.then((attachment) => attachment.close(), () => {}));
}

/** A refused message as a 400 INVALID_REQUEST naming its field. */
export function invalid(error: MessageError): HttpError {
  return new HttpError('INVALID_REQUEST', error.message, { field: error.field });
}
