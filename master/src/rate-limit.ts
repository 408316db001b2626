/**
 * IP-based rate limiting, counted in Redis so the limit holds across every master replica.
 *
 * koa-ratelimit (redis driver) sets X-RateLimit-Limit/Remaining/Reset on every counted request.
 * When a client is over the limit it sets a text body, status 429 and Retry-After, records
 * `ctx.state.rateLimit`, and returns without calling `next` (we leave its `throw` option off).
 * We then raise the 429 as an HttpError so the body is JSON like every other error; the headers
 * it already set stay on the response.
 */
import type { Redis } from 'ioredis';
import type { Middleware } from 'koa';
import ratelimit from 'koa-ratelimit';
import { HttpError } from './http-errors.js';

export interface RateLimitOptions {
  redis: Redis;
  /** Requests allowed per client and window. */
  max: number;
  windowMs: number;
  /** Paths never counted (health probes). */
  exempt?: readonly string[];
}

/** Redis key prefix of the counters: `sentinel:ratelimit:<ip>` (a sorted set). */
export const RATE_LIMIT_NAMESPACE = 'sentinel:ratelimit';

interface LimitedState {
  rateLimit?: { after: number };
}

export function rateLimit({ redis, max, windowMs, exempt = [] }: RateLimitOptions): Middleware {
  const limiter = ratelimit({
    driver: 'redis',
    db: redis,
    max,
    duration: windowMs,
    namespace: RATE_LIMIT_NAMESPACE,
    // ctx.ip is the X-Forwarded-For client when app.proxy (TRUST_PROXY) is on, else the peer.
    id: (ctx) => ctx.ip || 'unknown',
    whitelist: (ctx) => exempt.includes(ctx.path),
    headers: { total: 'X-RateLimit-Limit', remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset' },
  });
  const windowSeconds = Math.ceil(windowMs / 1000);

  return async (ctx, next) => {
    await limiter(ctx, next);
    const limited = (ctx.state as LimitedState).rateLimit;
    if (!limited) return;
    const retryAfter = Math.max(1, Math.ceil(limited.after));
    throw new HttpError('RATE_LIMITED',
      `too many requests: at most ${max} per ${windowSeconds} s from one client; retry after ${retryAfter} s`,
      { headers: { 'Retry-After': String(retryAfter) }, extra: { retryAfter } },
    );
  };
}
