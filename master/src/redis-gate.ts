/**
 * While the master's Redis connection is down, requests that need Redis are answered 503 at once
 * instead of waiting in ioredis's offline queue: that queue gives a command up only every second
 * reconnection attempt, so the answer would take up to ~4 s, growing with the outage (measured).
 * Reconnection goes on in the background; the first request after it is served normally.
 * Before the connection was first made (the master just started) requests are let through: they
 * wait for it, bounded by the connection's own retry setting.
 */
import type { Redis } from 'ioredis';
import type { Middleware } from 'koa';
import { HttpError } from './http-errors.js';

/** Seconds a client is told to wait before retrying (Retry-After). */
const RETRY_AFTER_S = 2;

/** `exempt`: paths that report the outage themselves (/health). */
export function redisGate(redis: Redis, exempt: readonly string[]): Middleware {
  let connected = redis.status === 'ready';
  redis.on('ready', () => (connected = true));
  return async (ctx, next) => {
    if (connected && redis.status !== 'ready' && !exempt.includes(ctx.path)) {
      throw new HttpError('REDIS_UNAVAILABLE', 'the job store (Redis) is unavailable; retry later', {
        headers: { 'Retry-After': String(RETRY_AFTER_S) },
      });
    }
    await next();
  };
}
