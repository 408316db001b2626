/**
 * The master: a Koa app built from explicit dependencies (`createApp`, used by tests), and
 * `startMaster`, which makes those dependencies from the config and listens.
 */
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import { createJobQueue, createRedis, describe, JobRules, loadPacks, type JobQueue, type PackRegistry } from '@sentinel/core';
import type { MasterConfig } from './config.js';
import { answerClientErrors } from './client-errors.js';
import type { MasterDeps, RouteDeps } from './deps.js';
import { errorHandler } from './http-errors.js';
import { JobStore } from './job-store.js';
import { consoleLogger, type Logger } from './logger.js';
import { withTimeout } from './health.js';
import { rateLimit } from './rate-limit.js';
import { redisGate } from './redis-gate.js';
import { RedisMemory } from './redis-memory.js';
import { registerExecute } from './routes/execute.js';
import { registerJobs } from './routes/jobs.js';
import { registerMonitoring } from './routes/monitoring.js';
import { DOCS_PATHS, registerDocs } from './routes/docs.js';
import { buildOpenApiDocument, DEFAULT_BATCH_MAX_JOBS } from './openapi/document.js';

export type { MasterConfig } from './config.js';
export { readMasterConfig } from './config.js';
export type { MasterDeps } from './deps.js';
export { answerClientErrors } from './client-errors.js';
export { HttpError } from './http-errors.js';
export type { Logger } from './logger.js';

/** Paths the rate limit never counts: probes must always get through. */
const RATE_LIMIT_EXEMPT = ['/health', ...DOCS_PATHS];

/** Paths still served while the master's Redis connection is down: /health reports the outage; the docs need no Redis. */
const REDIS_GATE_EXEMPT = ['/health', ...DOCS_PATHS];

/**
 * How long startMaster waits for the `?wait=` subscription before listening anyway (Redis down at
 * boot): /health can then say so, and waits answer at their timeout until the subscription is made.
 */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export function createApp(deps: MasterDeps): Koa {
  const { config, registry, queue, redis } = deps;
  const logger = deps.logger ?? consoleLogger;
  const jobs = new JobStore({ queue, redis, registry, retentionSeconds: config.JOB_RETENTION_SECONDS, retentionCount: config.JOB_RETENTION_COUNT });
  const memory = new RedisMemory(redis, config.MAX_REDIS_MEMORY_PERCENT);
  const rules = JobRules.fromConfig(config, registry);
  const routeDeps: RouteDeps = { config, registry, rules, jobs, queue, redis, memory, logger };

  const router = new Router();
  registerExecute(router, routeDeps);
  registerJobs(router, routeDeps);
  registerMonitoring(router, routeDeps);
  registerDocs(router, buildOpenApiDocument({ bounds: rules.bounds, batchMaxJobs: DEFAULT_BATCH_MAX_JOBS, maxWaitSeconds: config.MAX_WAIT_SECONDS }));

  const app = new Koa({ proxy: config.TRUST_PROXY });
  app.use(errorHandler(logger));
  app.use(redisGate(redis, REDIS_GATE_EXEMPT));
  app.use(rateLimit({ redis, max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS, exempt: RATE_LIMIT_EXEMPT }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/**
 * The master's own command connection. Unlike the queue's own connections it gives up on a command after
 * one reconnection attempt, so a request fails (503) instead of waiting for Redis to come back.
 */
export function createMasterRedis(url: string, logger: Logger = consoleLogger, role = 'master'): Redis {
  const redis = createRedis(url, role, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  let lastError = '';
  redis.on('error', (error: unknown) => {
    const message = describe(error);
    if (message !== lastError) logger.warn(`redis: ${message}`);
    lastError = message;
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

/**
 * The master's job queue. Admission runs on `redis` and views on `jobsRedis` (both fail fast when
 * Redis is down); a stored result can be megabytes and Redis answers one connection in order, so
 * on a connection of their own views never delay the rate limiter, admission or /health.
 */
export function createMasterQueue(url: string, redis: Redis, jobsRedis: Redis, logger: Logger = consoleLogger, role = 'master'): JobQueue {
  return createJobQueue({ redisUrl: url, role, commands: redis, views: jobsRedis, onError: (id, error) => logger.error(`queue ${id}: redis error`, error) });
}

export interface RunningMaster {
  server: Server;
  /** Where it listens, e.g. http://0.0.0.0:8910. */
  url: string;
  registry: PackRegistry;
  /**
   * Stops accepting requests, answers the `?wait=` requests pending (with their job's state now),
   * lets open requests finish, then closes the queues and Redis.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Packs already loaded; by default they are loaded from config.SENTINEL_PACKS. */
  registry?: PackRegistry;
  logger?: Logger;
}

export async function startMaster(config: MasterConfig, options: StartOptions = {}): Promise<RunningMaster> {
  const logger = options.logger ?? consoleLogger;
  const registry = options.registry ?? (await loadPacks({ names: config.SENTINEL_PACKS ?? [] }));
  const redis = createMasterRedis(config.REDIS_URL, logger);
  const jobsRedis = createMasterRedis(config.REDIS_URL, logger, 'master-jobs');
  const queue = createMasterQueue(config.REDIS_URL, redis, jobsRedis, logger);
  const server = createServer(createApp({ config, registry, queue, redis, logger }).callback());
  answerClientErrors(server);
  // Responses not yet sent when the master stops (released waits above all) close their
  // connection, so that no keep-alive client holds up the stop.
  const unanswered = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });
  const closeConnections = async () => {
    await queue.close();
    await closeRedis(redis);
    await closeRedis(jobsRedis);
  };

  try {
    // Subscribed before listening, so that no `?wait=` request misses its job's finish.
    await withTimeout(queue.listen(registry.ids()), SUBSCRIBE_TIMEOUT_MS, 'the job-finish subscription').catch((error: unknown) =>
      logger.warn(`${describe(error)}: ?wait= requests answer at their timeout until Redis is reachable`),
    );
    server.listen(config.PORT, config.HOST);
    await once(server, 'listening');
  } catch (error) {
    await closeConnections();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const response of unanswered) if (!response.headersSent) response.setHeader('Connection', 'close');
      // Pending waits end now: their requests answer with the current state, then the server stops.
      queue.endWaits();
      await stopped;
      await closeConnections();
    })());
  return { server, url: `http://${host}:${port}`, registry, close };
}

async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready' || redis.status === 'connect') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
