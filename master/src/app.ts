/**
 * The master: a Koa app built from explicit dependencies (`createApp`, used by tests), and
 * `startMaster`, which makes those dependencies from the config and listens.
 */
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import type { Redis } from 'ioredis';
import Koa, { type Middleware } from 'koa';
import { createJobEnds, createJobQueue, createRedis, createTaskQueue, describe, JobRules, loadPacks, type JobQueue, type PackRegistry } from '@sentinel/core';
import type { MasterConfig } from './config.js';
import { Access, authenticate } from './api-keys/access.js';
import { ApiKeyStore } from './api-keys/key-store.js';
import { answerClientErrors } from './client-errors.js';
import type { MasterDeps, RouteDeps } from './deps.js';
import { errorHandler } from './http-errors.js';
import { JobStore } from './job-store.js';
import { JsonLogger, type Logger } from './logger.js';
import { withTimeout } from './health.js';
import { isOpenPath } from './open-paths.js';
import { MasterMetrics } from './metrics.js';
import { rateLimit } from './rate-limit.js';
import { redisGate } from './redis-gate.js';
import { RedisMemory } from './redis-memory.js';
import { requestLog } from './request-log.js';
import { registerBatch } from './routes/batch.js';
import { pistonErrorShape } from './compat/piston/errors.js';
import { registerPistonConnect } from './compat/piston/connect.js';
import { registerPiston } from './compat/piston/routes.js';
import { registerEvents } from './routes/events.js';
import { registerInteractive } from './routes/interactive.js';
import { InteractiveSessions } from './interactive/sessions.js';
import { upgradeGate } from './websocket/gate.js';
import { WebSocketRouter } from './websocket/router.js';
import { registerExecute } from './routes/execute.js';
import { registerJobs } from './routes/jobs.js';
import { registerMonitoring } from './routes/monitoring.js';
import { servePlayground } from './routes/playground.js';
import { WEBHOOK_QUEUE, type WebhookTask } from './webhooks/keys.js';
import { Webhooks } from './webhooks/webhooks.js';
import { DOCS_PATHS, registerDocs } from './routes/docs.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { judge0Callback, JUDGE0_CALLBACK_FORMAT } from './compat/judge0/callback.js';
import { judge0Edge } from './compat/judge0/errors.js';
import { registerJudge0 } from './compat/judge0/routes.js';

export type { MasterConfig } from './config.js';
export { readMasterConfig } from './config.js';
export type { MasterDeps } from './deps.js';
export { answerClientErrors } from './client-errors.js';
export { HttpError } from './http-errors.js';
export type { Logger } from './logger.js';
export { JsonLogger } from './logger.js';

/** Paths still served while the master's Redis connection is down: /health reports the outage; the docs need no Redis. */
const REDIS_GATE_EXEMPT = ['/health', ...DOCS_PATHS];

/**
 * How long startMaster waits for the `?wait=` subscription before listening anyway (Redis down at
 * boot): /health can then say so, and waits answer at their timeout until the subscription is made.
 */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export function createApp(deps: MasterDeps): Koa {
  return buildMaster(deps).app;
}

/** The HTTP app and the WebSocket routes of a master; `websockets.listen(server, gate)` serves the second. */
export interface MasterService {
  app: Koa;
  websockets: WebSocketRouter;
  /** What a WebSocket upgrade passes before it switches: the Redis gate, the API key and the rate limit. */
  gate: ReturnType<typeof upgradeGate>;
}

export function buildMaster(deps: MasterDeps): MasterService {
  const { config, registry, queue, redis } = deps;
  const logger = deps.logger ?? new JsonLogger({ level: config.LOG_LEVEL });
  const metrics = new MasterMetrics({ queue, languages: () => registry.ids(), redisReady: () => redis.status === 'ready' });
  const jobs = new JobStore({ queue, redis, registry, retentionSeconds: config.JOB_RETENTION_SECONDS, retentionCount: config.JOB_RETENTION_COUNT });
  const memory = new RedisMemory(redis, config.MAX_REDIS_MEMORY_PERCENT);
  const rules = JobRules.fromConfig(config, registry);
  const access = new Access(redis);
  const sessions = new InteractiveSessions({ config, queue, memory, access, jobs, redis });
  const routeDeps: RouteDeps = { config, registry, rules, jobs, access, queue, redis, memory, logger, sessions };
  const websockets = new WebSocketRouter({ maxPayload: config.BODY_LIMIT_BYTES });

  const router = new Router();
  registerExecute(router, routeDeps);
  registerJobs(router, routeDeps);
  registerBatch(router, routeDeps);
  registerEvents(router, routeDeps);
  registerMonitoring(router, routeDeps);
  registerPiston(router, routeDeps);
  registerInteractive(router, websockets, routeDeps);
  registerPistonConnect(router, websockets, routeDeps);
  registerJudge0(router, routeDeps);
  registerDocs(router, buildOpenApiDocument({ bounds: rules.bounds, batchMaxJobs: config.BATCH_MAX_JOBS, maxWaitSeconds: config.MAX_WAIT_SECONDS }));

  const app = new Koa({ proxy: config.TRUST_PROXY });
  // First: every answer, errors included, carries the request id and is logged and timed.
  app.use(requestLog(logger, metrics));
  // Before the rate limit, keys and the Redis gate: a scrape is never refused, Redis down or not.
  app.use(metrics.endpoint());
  // Outside the error handler: its answers on Piston's paths become Piston's `{message}`.
  const pistonShape = pistonErrorShape();
  app.use(pistonShape);
  const errors = errorHandler(logger);
  app.use(errors);
  // Static pages need neither Redis nor a quota: served ahead of the gate and the rate limit.
  app.use(servePlayground());
  // The Judge0 API's errors in Judge0's shapes (the gate, keys and rate limit included); X-Auth-Token as a key.
  app.use(judge0Edge(logger));
  // The same checks guard HTTP requests and WebSocket upgrades (websocket/gate.ts).
  const checks: Middleware[] = [redisGate(redis, REDIS_GATE_EXEMPT)];
  // The key first: limits are counted per key when keys are on.
  if (config.API_KEYS === 'on') checks.push(authenticate(new ApiKeyStore(redis, { cacheMs: config.API_KEY_CACHE_MS }), isOpenPath));
  const limits = { submit: config.RATE_LIMIT_SUBMIT_PER_MINUTE, read: config.RATE_LIMIT_READ_PER_MINUTE, wait: config.RATE_LIMIT_WAIT_PER_MINUTE };
  checks.push(rateLimit({ redis, limits, windowMs: config.RATE_LIMIT_WINDOW_MS, isOpen: isOpenPath }));
  for (const check of checks) app.use(check);
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, websockets, gate: upgradeGate(app, [pistonShape, errors, ...checks]) };
}

/**
 * The master's own command connection. Unlike the queue's own connections it gives up on a command after
 * one reconnection attempt, so a request fails (503) instead of waiting for Redis to come back. It is
 * ready only once Redis answers (the ready check): a TCP proxy in front of a Redis that is gone
 * (docker-proxy, a sidecar) accepts the connection and never answers, which would hold every request.
 */
export function createMasterRedis(url: string, logger: Logger = new JsonLogger(), role = 'master'): Redis {
  const redis = createRedis(url, role, { maxRetriesPerRequest: 1, connectTimeout: 2_000, enableReadyCheck: true });
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
export function createMasterQueue(url: string, redis: Redis, jobsRedis: Redis, logger: Logger = new JsonLogger(), role = 'master'): JobQueue {
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
  const logger = options.logger ?? new JsonLogger({ level: config.LOG_LEVEL });
  const registry = options.registry ?? (await loadPacks({ names: config.SENTINEL_PACKS ?? [] }));
  if (config.RATE_LIMIT_MAX !== undefined) {
    logger.warn('RATE_LIMIT_MAX is deprecated: it stands in for RATE_LIMIT_SUBMIT_PER_MINUTE, RATE_LIMIT_READ_PER_MINUTE and RATE_LIMIT_WAIT_PER_MINUTE where they are not set');
  }
  const redis = createMasterRedis(config.REDIS_URL, logger);
  const jobsRedis = createMasterRedis(config.REDIS_URL, logger, 'master-jobs');
  const queue = createMasterQueue(config.REDIS_URL, redis, jobsRedis, logger);
  const service = buildMaster({ config, registry, queue, redis, logger });
  const server = createServer(service.app.callback());
  service.websockets.listen(server, service.gate);
  const webhooks = startWebhooks(config, { registry, queue, redis, jobsRedis, logger });
  answerClientErrors(server);
  // Responses not yet sent when the master stops (released waits above all) close their
  // connection, so that no keep-alive client holds up the stop.
  const unanswered = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });
  const closeConnections = async () => {
    await webhooks?.close().catch((error: unknown) => logger.error('closing webhooks', error));
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
      // Open sockets close (1001); their sessions' runs end as for a dropped socket.
      service.websockets.close();
      await stopped;
      await closeConnections();
    })());
  return { server, url: `http://${host}:${port}`, registry, close };
}

/**
 * Callbacks, when the operator set WEBHOOK_SECRET (else a job with a callbackUrl is refused): this
 * master hears job ends and delivers callbacks. Started in the background: a Redis down at boot
 * delays them, not the API.
 */
function startWebhooks(
  config: MasterConfig,
  { registry, queue, redis, jobsRedis, logger }: { registry: PackRegistry; queue: JobQueue; redis: Redis; jobsRedis: Redis; logger: Logger },
): Webhooks | undefined {
  const secret = config.WEBHOOK_SECRET;
  if (!secret) return undefined;
  const onError = (name: string, error: unknown) => logger.error(`webhooks ${name}: redis error`, error);
  const webhooks = new Webhooks({
    config: { ...config, WEBHOOK_SECRET: secret },
    tasks: createTaskQueue<WebhookTask>({ redisUrl: config.REDIS_URL, name: WEBHOOK_QUEUE, role: 'master-webhooks', onError }),
    ends: createJobEnds({ redisUrl: config.REDIS_URL, role: 'master-job-ends', onError }),
    jobs: new JobStore({ queue, redis: jobsRedis, registry, retentionSeconds: config.JOB_RETENTION_SECONDS, retentionCount: config.JOB_RETENTION_COUNT }),
    redis,
    logger,
    formats: { [JUDGE0_CALLBACK_FORMAT]: judge0Callback(jobsRedis) },
  });
  webhooks.start(registry.ids()).catch((error: unknown) => logger.error('webhooks did not start', error));
  return webhooks;
}

/** How long a stopping master waits for Redis to answer QUIT before dropping the connection. */
const QUIT_TIMEOUT_MS = 2_000;

/** QUIT where Redis answers (bounded: a connection to a proxy whose Redis is gone never does), else drop it. */
async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await withTimeout(redis.quit(), QUIT_TIMEOUT_MS, 'QUIT').catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
