/** What the app is built from: explicit dependencies, so a test can construct any of it. */
import type { Redis } from 'ioredis';
import type { JobQueue, JobRules, PackRegistry } from '@sentinel/core';
import type { Access } from './api-keys/access.js';
import type { MasterConfig } from './config.js';
import type { InteractiveSessions } from './interactive/sessions.js';
import type { JobStore } from './job-store.js';
import type { Logger } from './logger.js';
import type { RedisMemory } from './redis-memory.js';

export interface MasterDeps {
  config: MasterConfig;
  registry: PackRegistry;
  /**
   * The job queue (one per language id). Waits (`?wait=`) are served by its one subscription:
   * startMaster listens before serving (and ends the waits on stop); a master made by createApp
   * alone listens at the first `?wait=` request (until then a wait may run to its timeout).
   */
  queue: JobQueue;
  /** Shared command connection: rate-limit counters, job -> language keys, heartbeats, ping. */
  redis: Redis;
  /** Defaults to JSON lines on stdout (LOG_LEVEL). */
  logger?: Logger;
}

/** What the route handlers use. */
export interface RouteDeps {
  config: MasterConfig;
  registry: PackRegistry;
  /** What a request may be and the limits its runs get, from the config and the registry. */
  rules: JobRules;
  jobs: JobStore;
  /**
   * The request's API key: `canRead(ctx, id)` (another key's job reads as absent: answer 404
   * JOB_NOT_FOUND), `ownerOf(ctx)` for JobStore.submit, and the daily job quota.
   */
  access: Access;
  queue: JobQueue;
  redis: Redis;
  /** Redis's memory, read for admission and /health (one cached reading per process). */
  memory: RedisMemory;
  logger: Logger;
  /** Interactive sessions: start one, attach to one (README "Interactive runs"). */
  sessions: InteractiveSessions;
}
