/**
 * Admission by Redis memory. Redis runs with a `maxmemory` and `noeviction` (an evicted job key is
 * a lost job), so past its bound every write fails. Admission stops first: while Redis uses
 * MAX_REDIS_MEMORY_PERCENT of its maxmemory, POST /execute answers 503 STORAGE_FULL, and the rest
 * is left for the jobs already admitted to finish and store their results. INFO memory is read at
 * most once per READ_EVERY_MS by each master process (concurrent requests share one reply), so the
 * bound is approximate, like the queue-length bound.
 */
import type { Redis } from 'ioredis';
import { storageFull } from './http-errors.js';

/** How long one reading of INFO memory serves (a probe every request would cost a round trip each). */
export const READ_EVERY_MS = 1_000;

export interface MemoryReading {
  /** Redis's used_memory, bytes. */
  usedBytes: number;
  /** Its maxmemory, bytes; 0 when it has none. */
  maxBytes: number;
}

/** used_memory and maxmemory from the text of INFO memory. */
export function parseMemoryInfo(info: string): MemoryReading {
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)\\r?$`, 'm').exec(info)?.[1] ?? 0);
  return { usedBytes: field('used_memory'), maxBytes: field('maxmemory') };
}

export class RedisMemory {
  private last: { at: number; reading: Promise<MemoryReading> } | undefined;

  /** `percent`: the admission bound, 1..100 of maxmemory; 0 sets none. */
  constructor(
    private readonly redis: Redis,
    readonly percent: number,
    private readonly readEveryMs = READ_EVERY_MS,
  ) {}

  /** The latest reading, at most `readEveryMs` old. Rejects when Redis does not answer (then the next call asks again). */
  reading(): Promise<MemoryReading> {
    const now = performance.now();
    if (this.last && now - this.last.at < this.readEveryMs) return this.last.reading;
    const reading = this.redis.info('memory').then(parseMemoryInfo);
    const last = (this.last = { at: now, reading });
    reading.catch(() => {
      if (this.last === last) this.last = undefined;
    });
    return reading;
  }

  /** Whether a reading is at or above the admission bound. */
  full(reading: MemoryReading): boolean {
    return this.percent > 0 && reading.maxBytes > 0 && reading.usedBytes >= (reading.maxBytes * this.percent) / 100;
  }

  /** Resolves when Redis may take one more job; a 503 STORAGE_FULL otherwise. */
  async admit(): Promise<void> {
    if (this.percent === 0) return;
    const reading = await this.reading();
    if (!this.full(reading)) return;
    const used = Math.floor((reading.usedBytes * 100) / reading.maxBytes);
    throw storageFull(`it uses ${used}% of its memory bound and takes no new jobs from ${this.percent}% (MAX_REDIS_MEMORY_PERCENT)`);
  }
}
