/**
 * Piston's error shape on its routes: every error answer under /api/v2/ is `{"message": "..."}`,
 * whatever refused it (our validation, the rate limit, API keys, admission, the Redis gate). The
 * status stays Sentinel's (400, 401, 403, 413, 415, 429, 503...), and so do headers like Retry-After.
 */
import type { Middleware } from 'koa';
import { HttpError } from '../../http-errors.js';

/** The path prefix of the Piston v2 routes. */
export const PISTON_PREFIX = '/api/v2/';

/** Piston's answer to a Content-Type it does not take. */
export const PISTON_MEDIA_TYPE_MESSAGE = 'requests must be of type application/json';

/** A 400 with Piston's message, e.g. "run_timeout cannot exceed the configured limit of 3000". */
export function pistonBadRequest(message: string): HttpError {
  return new HttpError('INVALID_REQUEST', message);
}

/** Piston's 415. */
export function pistonUnsupportedMediaType(): HttpError {
  return new HttpError('UNSUPPORTED_MEDIA_TYPE', PISTON_MEDIA_TYPE_MESSAGE, { field: 'Content-Type' });
}

/**
 * Placed just outside the error handler: rewrites its JSON error answers on Piston's paths to
 * `{message}` (Piston clients read only `message`; the code and field would be unknown members).
 */
export function pistonErrorShape(): Middleware {
  return async (ctx, next) => {
    await next();
    if (!ctx.path.startsWith(PISTON_PREFIX) || ctx.status < 400) return;
    const body: unknown = ctx.body;
    if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
      ctx.body = { message: (body as { message: string }).message };
    }
  };
}
