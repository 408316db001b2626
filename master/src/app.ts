/**
 * The master: a Koa app built from explicit dependencies (`createApp`, used by tests), and
 * `startMaster`, which makes those dependencies from the config and listens.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import { createRedis, describe, loadPacks, QueueFactory, type PackRegistry } from '@sentinel/core';
import type { MasterConfig } from './config.js';
import type { MasterDeps, RouteDeps } from './deps.js';
import { errorHandler } from './http-errors.js';
import { JobStore } from './job-store.js';
import { consoleLogger, type Logger } from './logger.js';
import { rateLimit } from './rate-limit.js';
import { registerExecute } from './routes/execute.js';
import { registerJobs } from './routes/jobs.js';
import { registerMonitoring } from './routes/monitoring.js';

export type { MasterConfig } from './config.js';
export { readMasterConfig } from './config.js';
export type { MasterDeps } from './deps.js';
export { HttpError } from './http-errors.js';
export type { Logger } from './logger.js';

/** Paths the rate limit never counts: probes must always get through. */
const RATE_LIMIT_EXEMPT = ['/health'];

export function createApp(deps: MasterDeps): Koa {
  const { config, registry, queues, redis } = deps;
  const logger = deps.logger ?? consoleLogger;
  const jobs = new JobStore({ queues, redis, registry, retentionSeconds: config.JOB_RETENTION_SECONDS });
  const routeDeps: RouteDeps = { config, registry, jobs, redis, logger };

  const router = new Router();
  registerExecute(router, routeDeps);
  registerJobs(router, routeDeps);
  registerMonitoring(router, routeDeps);

  const app = new Koa({ proxy: config.TRUST_PROXY });
  app.use(errorHandler(logger));
  app.use(rateLimit({ redis, max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS, exempt: RATE_LIMIT_EXEMPT }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/**
 * The master's own command connection. Unlike Bull's connections it gives up on a command after
 * one reconnection attempt, so a request fails (503) instead of waiting for Redis to come back.
 */
export function createMasterRedis(url: string, logger: Logger = consoleLogger): Redis {
  const redis = createRedis(url, 'master', { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  let lastError = '';
  redis.on('error', (error: unknown) => {
    const message = describe(error);
    if (message !== lastError) logger.warn(`redis: ${message}`);
    lastError = message;
  });
  redis.on('ready', () => (lastError = ''));
  return redis;
}

export interface RunningMaster {
  server: Server;
  /** Where it listens, e.g. http://0.0.0.0:8910. */
  url: string;
  registry: PackRegistry;
  /** Stops accepting requests, lets open ones finish, then closes the queues and Redis. */
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
  const queues = new QueueFactory(config.REDIS_URL, 'master', (id, error) => logger.error(`queue ${id}: redis error`, error));
  const redis = createMasterRedis(config.REDIS_URL, logger);
  const server = createServer(createApp({ config, registry, queues, redis, logger }).callback());
  const closeConnections = async () => {
    await queues.close();
    await closeRedis(redis);
  };

  try {
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
