/**
 * A key's daily job quota: one counter per key and UTC day in Redis, shared by every replica.
 * Jobs are taken all or none, atomically (a Lua script), so concurrent submissions never overshoot.
 */
import type { Redis } from 'ioredis';
import { HttpError } from '../http-errors.js';

/** Counters outlive their day by a day, then Redis drops them. */
const COUNTER_TTL_SECONDS = 2 * 86_400;

/** KEYS[1] the counter; ARGV: count, limit, ttl. Answers the count after taking, or -1 when it would pass the limit. */
const TAKE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return -1 end
used = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return used`;

export const dailyJobsKey = (keyId: string, day: string) => `sentinel:apikey:${keyId}:jobs:${day}`;

export class DailyQuota {
  constructor(private readonly redis: Redis, private readonly now: () => number = Date.now) {}

  /** Takes `count` jobs from today's quota of the key, or throws 429 QUOTA_EXCEEDED (Retry-After: until midnight UTC). */
  async take(keyId: string, limit: number, count: number): Promise<void> {
    const used = Number(await this.redis.eval(TAKE, 1, dailyJobsKey(keyId, this.today()), count, limit, COUNTER_TTL_SECONDS));
    if (used >= 0) return;
    const retryAfter = this.secondsToMidnight();
    const asked = count === 1 ? '' : ` (this request has ${count})`;
    throw new HttpError('QUOTA_EXCEEDED', `this API key's daily quota of ${limit} jobs is used up${asked}; it renews at 00:00 UTC, in ${retryAfter} s`, {
      headers: { 'Retry-After': String(retryAfter) },
      extra: { retryAfter, limit },
    });
  }

  /** Gives back jobs taken for a submission that then failed. */
  async refund(keyId: string, count: number): Promise<void> {
    await this.redis.decrby(dailyJobsKey(keyId, this.today()), count);
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  private secondsToMidnight(): number {
    const now = this.now();
    const midnight = new Date(now);
    midnight.setUTCHours(24, 0, 0, 0);
    return Math.max(1, Math.ceil((midnight.getTime() - now) / 1000));
  }
}
