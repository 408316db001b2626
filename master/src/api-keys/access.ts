/**
 * Who is asking: with API_KEYS=on, every request but the open paths carries `Authorization: Bearer
 * <key>` (401 without, 403 for a key unknown or revoked), and the key's record rides on
 * `ctx.state.apiKey`. Routes then ask `Access` what that key may read and how many jobs it may
 * still submit today. With API_KEYS=off there is no key: everything is readable, nothing is counted.
 */
import type { Context, Middleware } from 'koa';
import type { Redis } from 'ioredis';
import { HttpError } from '../http-errors.js';
import { DailyQuota } from './daily-quota.js';
import type { ApiKey, ApiKeyStore } from './key-store.js';

export interface KeyState {
  apiKey?: ApiKey;
}

/** The key the request was made with; undefined with API_KEYS=off (and on the open paths). */
export function requestKey(ctx: Pick<Context, 'state'>): ApiKey | undefined {
  return (ctx.state as KeyState).apiKey;
}

/** RFC 6750 token68 syntax. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

export function authenticate(store: ApiKeyStore, isOpen: (path: string) => boolean): Middleware {
  return async (ctx, next) => {
    if (isOpen(ctx.path)) return next();
    const header = ctx.get('Authorization');
    const token = BEARER.exec(header)?.[1];
    if (!token) {
      const why = header ? 'the Authorization header is not "Bearer <key>"' : 'no Authorization header';
      throw new HttpError('UNAUTHORIZED', `${why}: this API needs an API key, sent as "Authorization: Bearer <key>"`, {
        headers: { 'WWW-Authenticate': header ? 'Bearer error="invalid_request"' : 'Bearer' },
      });
    }
    const key = await store.find(token);
    if (!key || key.revoked) throw new HttpError('FORBIDDEN', key ? 'this API key was revoked' : 'this API key is not known');
    (ctx.state as KeyState).apiKey = key;
    return next();
  };
}

/** What routes ask about the request's key: job ownership and the daily quota. */
export class Access {
  private readonly quota: DailyQuota;

  constructor(redis: Redis, now: () => number = Date.now) {
    this.quota = new DailyQuota(redis, now);
  }

  /**
   * The owner to record for a job submitted by this request (a key id), if any; also what a read
   * passes to `JobStore.languageOf`, which finds another key's job as unknown.
   */
  ownerOf(ctx: Pick<Context, 'state'>): string | undefined {
    return requestKey(ctx)?.id;
  }

  /**
   * Takes `count` jobs from the key's daily quota (all or none), or throws 429 QUOTA_EXCEEDED.
   * Call it once a submission is valid, just before queuing; give the jobs back with
   * `refundDailyJobs` if queuing then fails. Without a key or a quota it does nothing.
   */
  async chargeDailyJobs(ctx: Pick<Context, 'state'>, count = 1): Promise<void> {
    const key = requestKey(ctx);
    if (key?.dailyJobs === undefined || count <= 0) return;
    await this.quota.take(key.id, key.dailyJobs, count);
  }

  /** Takes `count` jobs from the quota, runs `submit`, and gives them back if it fails. */
  async withDailyJobs<T>(ctx: Pick<Context, 'state'>, count: number, submit: () => Promise<T>): Promise<T> {
    await this.chargeDailyJobs(ctx, count);
    try {
      return await submit();
    } catch (error) {
      await this.refundDailyJobs(ctx, count);
      throw error;
    }
  }

  async refundDailyJobs(ctx: Pick<Context, 'state'>, count = 1): Promise<void> {
    const key = requestKey(ctx);
    if (key?.dailyJobs === undefined || count <= 0) return;
    await this.quota.refund(key.id, count).catch(() => undefined);
  }
}
