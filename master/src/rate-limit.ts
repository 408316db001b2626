/**
 * Rate limits in three classes, each with its own counter: `submit` (POST /execute, POST /batch,
 * a batch counting its items, Piston's POST /api/v2/execute, Judge0's POST /submissions and
 * /submissions/batch, POST /interactive and the WebSockets that start a session), `read` (GET /job/:id, /jobs, /languages, /load, and any other path
 * not open) and `wait` (`?wait=` on GET /job/:id, GET /job/:id/events). Counted per API key when
 * keys are on (a key's own limits override the defaults), else per client IP, in Redis, so a limit
 * holds across every master replica.
 *
 * Each counter is a fixed window that starts at the client's first request in it: a Lua script
 * takes `cost` units, all or none. Every counted answer carries RateLimit-Limit, -Remaining and
 * -Reset (seconds to the window's end, IETF draft) and X-RateLimit-* (Reset in Unix seconds).
 */
import type { Context, Middleware } from 'koa';
import type { Redis } from 'ioredis';
import { requestKey } from './api-keys/access.js';
import type { ApiKey } from './api-keys/key-store.js';
import { HttpError } from './http-errors.js';
import { isJudge0SubmitPath } from './compat/judge0/paths.js';

export const LIMIT_CLASSES = ['submit', 'read', 'wait'] as const;
export type LimitClass = (typeof LIMIT_CLASSES)[number];
export type ClassLimits = Record<LimitClass, number>;

/** Redis key prefix of the counters: `sentinel:ratelimit:<class>:key:<id>` or `...:<class>:ip:<ip>`. */
export const RATE_LIMIT_NAMESPACE = 'sentinel:ratelimit';

export interface RateLimitOptions {
  redis: Redis;
  /** Units allowed per client and window, per class (a key's own limits override them). */
  limits: ClassLimits;
  windowMs: number;
  /** Paths never counted. */
  isOpen: (path: string) => boolean;
}

/** KEYS[1] the counter; ARGV: cost, limit, window ms. Answers { taken (1/0), used, ms to the window's end }. */
const TAKE = `
local cost = tonumber(ARGV[1])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + cost > tonumber(ARGV[2]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then ttl = tonumber(ARGV[3]) end
  return { 0, used, ttl }
end
used = redis.call('INCRBY', KEYS[1], cost)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
end
return { 1, used, ttl }`;

/** The class a request counts against; undefined for the open paths. */
export function limitClassOf(ctx: Pick<Context, 'method' | 'path' | 'query'>, isOpen: (path: string) => boolean): LimitClass | undefined {
  if (isOpen(ctx.path)) return undefined;
  if (ctx.method === 'POST' && (ctx.path === '/execute' || ctx.path === '/batch' || ctx.path === '/api/v2/execute' || isJudge0SubmitPath(ctx.path))) return 'submit';
  // POST /interactive and the WebSockets that queue a session (GET with Upgrade) each queue a job.
  if (ctx.path === '/interactive' || ctx.path === '/api/v2/connect') return 'submit';
  // Streams: events, and an interactive session's socket.
  if (ctx.method === 'GET' && /^\/job\/[^/]+\/(events|interactive)$/.test(ctx.path)) return 'wait';
  if (ctx.method === 'GET' && ctx.query.wait !== undefined) return 'wait';
  return 'read';
}

/** A key's own limit of a class, or the default. */
export function limitFor(limitClass: LimitClass, defaults: ClassLimits, key: ApiKey | undefined): number {
  return key?.[`${limitClass}PerMinute`] ?? defaults[limitClass];
}

/** What the limiter leaves on `ctx.state.rateLimit` for the route: the class it counted, to count more. */
export interface RateLimitTicket {
  limitClass: LimitClass;
  /** Counts `units` more against the same class and client, or throws 429 RATE_LIMITED. */
  take(units: number): Promise<void>;
}

interface TicketState {
  rateLimit?: RateLimitTicket;
}

/**
 * For a request carrying `items` units of work (POST /batch: its jobs): the limiter counted the
 * request as one, this counts the rest, or throws 429 RATE_LIMITED (nothing more is counted then).
 */
export async function countItems(ctx: Pick<Context, 'state'>, items: number): Promise<void> {
  const ticket = (ctx.state as TicketState).rateLimit;
  if (ticket && items > 1) await ticket.take(items - 1);
}

export function rateLimit({ redis, limits, windowMs, isOpen }: RateLimitOptions): Middleware {
  const windowSeconds = Math.ceil(windowMs / 1000);

  const take = async (ctx: Context, limitClass: LimitClass, units: number) => {
    const key = requestKey(ctx);
    const limit = limitFor(limitClass, limits, key);
    const client = key ? `key:${key.id}` : `ip:${ctx.ip || 'unknown'}`;
    const [taken, used, ttl] = (await redis.eval(TAKE, 1, `${RATE_LIMIT_NAMESPACE}:${limitClass}:${client}`, units, limit, windowMs)) as [number, number, number];
    const resetSeconds = Math.max(1, Math.ceil(ttl / 1000));
    const remaining = String(Math.max(0, limit - used));
    ctx.set({
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': remaining,
      'RateLimit-Reset': String(resetSeconds),
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': remaining,
      'X-RateLimit-Reset': String(Math.ceil((Date.now() + ttl) / 1000)),
    });
    if (taken === 1) return;
    const who = key ? 'this API key' : 'one client';
    const asked = units === 1 ? '' : ` (this request counts ${units})`;
    throw new HttpError('RATE_LIMITED',
      `too many ${limitClass} requests: at most ${limit} per ${windowSeconds} s from ${who}${asked}; retry after ${resetSeconds} s`,
      { headers: { 'Retry-After': String(resetSeconds) }, extra: { retryAfter: resetSeconds, limitClass } },
    );
  };

  return async (ctx, next) => {
    const limitClass = limitClassOf(ctx, isOpen);
    if (!limitClass) return next();
    await take(ctx, limitClass, 1);
    (ctx.state as TicketState).rateLimit = { limitClass, take: (units) => take(ctx, limitClass, units) };
    return next();
  };
}
