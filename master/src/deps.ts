/** What the app is built from: explicit dependencies, so a test can construct any of it. */
import type { Redis } from 'ioredis';
import type { JobRules, PackRegistry, QueueFactory } from '@sentinel/core';
import type { MasterConfig } from './config.js';
import type { JobStore } from './job-store.js';
import type { JobWaiter } from './job-waiter.js';
import type { Logger } from './logger.js';
import type { RedisMemory } from './redis-memory.js';

export interface MasterDeps {
  config: MasterConfig;
  registry: PackRegistry;
  /** Makes the Bull queues (one per language id). */
  queues: QueueFactory;
  /** Shared command connection: rate-limit counters, job -> language keys, heartbeats, ping. */
  redis: Redis;
  /**
   * The connection GET /job reads job views on (default: `redis`). A stored result can be
   * megabytes, and Redis answers one connection in order: on a connection of their own, the rate
   * limiter, admission and /health never wait behind them.
   */
  jobsRedis?: Redis;
  /**
   * Answers `?wait=` requests from one subscription over `queues`. startMaster makes one and starts
   * it before listening (and closes it on stop); when absent, createApp makes its own, which
   * subscribes at the first `?wait=` request (until then a wait may run to its timeout).
   */
  waiter?: JobWaiter;
  /** Defaults to the console. */
  logger?: Logger;
}

/** What the route handlers use. */
export interface RouteDeps {
  config: MasterConfig;
  registry: PackRegistry;
  /** What a request may be and the limits its runs get, from the config and the registry. */
  rules: JobRules;
  jobs: JobStore;
  waiter: JobWaiter;
  redis: Redis;
  /** Redis's memory, read for admission and /health (one cached reading per process). */
  memory: RedisMemory;
  logger: Logger;
}
