/**
 * Requests that never reach Koa: Node's HTTP parser refuses them (an unknown method, a malformed
 * request line or header, headers past their size bound, a request that took too long), or Node
 * would answer them itself (CONNECT, an `Expect` other than 100-continue). Node's own answers are
 * an empty 400 or 417, or a closed connection; these handlers answer with the project's JSON error
 * instead, made by HttpError like every other, and then close the connection.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from './http-errors.js';

/** llhttp and Node error codes -> the answer. Anything else the parser refuses is a 400. */
const PARSER_ERRORS: Record<string, () => HttpError> = {
  HPE_HEADER_OVERFLOW: () => new HttpError('HEADERS_TOO_LARGE', 'the request headers are larger than the server accepts'),
  HPE_INVALID_METHOD: () => new HttpError('BAD_REQUEST', 'the request method is not one HTTP defines'),
  ERR_HTTP_REQUEST_TIMEOUT: () => new HttpError('REQUEST_TIMEOUT', 'the request was not received in time'),
  HPE_HEADERS_TIMEOUT: () => new HttpError('REQUEST_TIMEOUT', 'the request headers were not received in time'),
};

/** The bytes of a complete HTTP/1.1 answer carrying `error` as JSON, that closes the connection. */
export function rawErrorResponse(error: HttpError): string {
  const body = JSON.stringify(error.toJSON());
  const headers = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    // Every answer carries a request id; a request Node refused has none we could trust.
    `X-Request-Id: ${randomUUID()}`,
    ...Object.entries(error.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

/** What the parser error tells: its code, or a 400 that says the request is not valid HTTP. */
export function parserError(error: Error & { code?: string }): HttpError {
  const known = error.code ? PARSER_ERRORS[error.code] : undefined;
  return known?.() ?? new HttpError('BAD_REQUEST', 'the request is not valid HTTP/1.1');
}

/** A socket Node hands to 'clientError', with the response it may have begun (Node's own field). */
type ClientSocket = Duplex & { _httpMessage?: ServerResponse | null };

/** Installs the handlers on `server` (the master's, and the test harness's). */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: ClientSocket) => {
    // As Node's default handler: no answer on a socket that cannot take one or already has one.
    if (error.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(rawErrorResponse(parserError(error)));
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.end(rawErrorResponse(new HttpError('METHOD_NOT_ALLOWED', 'CONNECT is not allowed: this is not a proxy')));
  });
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const error = new HttpError('EXPECTATION_FAILED', `"Expect: ${String(request.headers.expect).slice(0, 64)}" is not supported (only 100-continue)`);
    const body = JSON.stringify(error.toJSON());
    response.writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close', 'X-Request-Id': randomUUID() });
    response.end(body);
  });
}
