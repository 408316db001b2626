/**
 * Errors on the Judge0 routes, in Judge0's shapes: a 422 `{ "<field>": ["message"] }` for a refused
 * submission, `{ "error": "..." }` for everything else. `judge0Edge` also lets Judge0 clients send a
 * Sentinel API key as `X-Auth-Token`.
 */
import type { Middleware } from 'koa';
import { HttpError, toHttpError } from '../../http-errors.js';
import type { Logger } from '../../logger.js';
import { isJudge0Path } from './paths.js';

export type Judge0ErrorBody = Record<string, unknown>;

/** An answer of a Judge0 route that is not a success: its status and Judge0-shaped body. */
export class Judge0Error extends Error {
  constructor(
    readonly status: number,
    readonly body: Judge0ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(body));
    this.name = 'Judge0Error';
  }
}

/** 422 naming one field. */
export function fieldError(field: string, message: string): Judge0Error {
  return new Judge0Error(422, { [field]: [message] });
}

/** Sentinel's error as Judge0 would answer it: 503 QUEUE_FULL is Judge0's "queue is full", the rest `{ error: message }`. */
export function fromHttpError(error: HttpError): Judge0Error {
  if (error.code === 'QUEUE_FULL') return new Judge0Error(503, { error: 'queue is full' }, error.headers);
  return new Judge0Error(error.status, { error: error.message }, error.headers);
}

/**
 * Ahead of the Redis gate, the API keys and the rate limit, on the Judge0 paths only: an
 * `X-Auth-Token` stands in for a missing `Authorization: Bearer`, and every error leaves in
 * Judge0's shape.
 */
export function judge0Edge(logger: Logger): Middleware {
  return async (ctx, next) => {
    if (!isJudge0Path(ctx.path)) return next();
    const token = ctx.get('X-Auth-Token');
    if (token && !ctx.get('Authorization')) ctx.req.headers.authorization = `Bearer ${token}`;
    try {
      await next();
      if ((ctx.body === undefined || ctx.body === null) && ctx.status === 404) throw new Judge0Error(404, { error: 'Not Found' });
      if ((ctx.body === undefined || ctx.body === null) && (ctx.status === 405 || ctx.status === 501)) {
        throw new Judge0Error(405, { error: `${ctx.method} is not allowed on ${ctx.path}` });
      }
    } catch (error) {
      let answer: Judge0Error;
      if (error instanceof Judge0Error) answer = error;
      else {
        const known = toHttpError(error);
        if (!known) logger.error(`${ctx.method} ${ctx.path} failed`, error);
        answer = fromHttpError(known ?? new HttpError('INTERNAL_ERROR', 'internal error'));
      }
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.body = answer.body;
    }
  };
}
