/** What the app is built from: explicit dependencies, so a test can construct any of it. */
import type { Redis } from 'ioredis';
import type { PackRegistry, QueueFactory } from '@sentinel/core';
import type { MasterConfig } from './config.js';
import type { JobStore } from './job-store.js';
import type { Logger } from './logger.js';

export interface MasterDeps {
  config: MasterConfig;
  registry: PackRegistry;
  /** Makes the Bull queues (one per language id). */
  queues: QueueFactory;
  /** Shared command connection: rate-limit counters, job -> language keys, heartbeats, ping. */
  redis: Redis;
  /** Defaults to the console. */
  logger?: Logger;
}

/** What the route handlers use. */
export interface RouteDeps {
  config: MasterConfig;
  registry: PackRegistry;
  jobs: JobStore;
  redis: Redis;
  logger: Logger;
}
