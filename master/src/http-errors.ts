/**
 * The one place HTTP errors are made and written. Every error leaves the master as JSON
 * `{ "error": "<CODE>", "message": "...", "field": "..." }`: never an HTML page, never a 5xx for
 * bad input. Unexpected errors become a logged 500 with a generic message.
 */
import type { Middleware } from 'koa';
import { RequestError, SentinelError, type ErrorBody, type RequestErrorOptions } from '@sentinel/core';
import { codeOfStatus, isErrorCode, statusOf, type ErrorCode } from './error-status.js';
import type { Logger } from './logger.js';

export interface HttpErrorOptions extends RequestErrorOptions {
  /** Response headers to send with the error, e.g. Retry-After. */
  headers?: Record<string, string>;
}

export type HttpErrorBody = ErrorBody;

/** A refused request as the master answers it: its status is its code's (error-status.ts). */
export class HttpError extends RequestError<ErrorCode> {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(code, message, options);
    this.status = statusOf(code);
    this.headers = options.headers ?? {};
  }
}

/** What a client refused because Redis is (nearly) full is told to wait before trying again, seconds. */
export const STORAGE_FULL_RETRY_AFTER_SECONDS = 30;

/**
 * 503 STORAGE_FULL: the job store (Redis) is at its memory bound, from the admission check
 * (redis-memory.ts) or from Redis refusing a write ("OOM command not allowed").
 */
export function storageFull(why: string): HttpError {
  const retryAfter = STORAGE_FULL_RETRY_AFTER_SECONDS;
  return new HttpError('STORAGE_FULL', `the job store (Redis) is full: ${why}; retry after ${retryAfter} s`, {
    headers: { 'Retry-After': String(retryAfter) },
    extra: { retryAfter },
  });
}

/** What koa, http-errors, raw-body and co-body attach to the errors they throw. */
interface StatusErrorFields {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  type?: unknown;
  limit?: unknown;
  headers?: unknown;
  code?: unknown;
}

export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof SentinelError) return fromSentinelError(error);
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & StatusErrorFields;
  if (isRedisUnavailable(fields)) {
    return new HttpError('REDIS_UNAVAILABLE', 'the job store (Redis) is unavailable; retry later');
  }
  if (isRedisOutOfMemory(fields)) return storageFull('it refuses writes and transactions at its memory bound (maxmemory)');
  // Body parsing (raw-body / co-body).
  if (fields.type === 'entity.too.large') {
    return new HttpError('PAYLOAD_TOO_LARGE', `request body is larger than ${String(fields.limit)} bytes`);
  }
  if (fields.status === 400 && (error instanceof SyntaxError || fields.type === 'entity.parse.failed')) {
    return new HttpError('MALFORMED_JSON', `request body is not valid JSON: ${error.message}`, { field: 'body' });
  }
  const status = Number(fields.status ?? fields.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
  const message = status < 500 && fields.expose !== false ? error.message : 'internal error';
  return new HttpError(codeOfStatus(status), message, { headers: stringHeaders(fields.headers) });
}

/** A refused request (RequestError, InvalidJobError) by its code; any other of our errors is a 500. */
function fromSentinelError(error: SentinelError): HttpError | undefined {
  if (!isErrorCode(error.code)) return undefined;
  if (error instanceof RequestError) return new HttpError(error.code, error.message, { field: error.field, extra: { ...error.extra } });
  const field = 'field' in error && typeof error.field === 'string' ? error.field : undefined;
  return new HttpError(error.code, error.message, { field });
}

/** Connection failures of ioredis (Bull included): not the client's fault, not a bug either. */
function isRedisUnavailable(error: Error & StatusErrorFields): boolean {
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    error.message === 'Connection is closed.' ||
    error.code === 'ECONNREFUSED' ||
    error.code === 'ECONNRESET'
  );
}

/**
 * Redis past its maxmemory (noeviction) refuses a write, in a command or inside a script ("OOM
 * command not allowed ..."), and every command queued in a MULTI, which ioredis reports as
 * EXECABORT with the OOM errors in `previousErrors`.
 */
function isRedisOutOfMemory(error: Error & { previousErrors?: unknown }): boolean {
  const oom = (cause: unknown) => cause instanceof Error && cause.message.startsWith('OOM ');
  return oom(error) || (error.message.startsWith('EXECABORT') && Array.isArray(error.previousErrors) && error.previousErrors.some(oom));
}

function stringHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null) return {};
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

/**
 * Outermost middleware: turns every thrown error, and the bodiless 404/405/501 that koa and the
 * router leave behind, into a JSON error response.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    let failure: HttpError;
    try {
      await next();
      if (ctx.body !== undefined && ctx.body !== null) return;
      if (ctx.status === 404) {
        failure = new HttpError('NOT_FOUND', `no route for ${ctx.method} ${ctx.path}`);
      } else if (ctx.status === 405 || ctx.status === 501) {
        // 501 is the router's answer to a method it does not know: still the client's mistake.
        failure = new HttpError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}`);
      } else {
        return;
      }
    } catch (error) {
      const known = toHttpError(error);
      // A refusal thrown on purpose (a 503 QUEUE_FULL under load) is an answer, not a fault.
      if (!known || (known.status >= 500 && !(error instanceof RequestError))) logger.error(`${ctx.method} ${ctx.path} failed`, error);
      failure = known ?? new HttpError('INTERNAL_ERROR', 'internal error');
    }
    ctx.status = failure.status;
    ctx.set(failure.headers);
    ctx.body = failure.toJSON();
  };
}
