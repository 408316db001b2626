/**
 * One Bull queue per language id, under Bull's default prefix: jobs waiting for python are in the
 * Redis list `bull:python:wait` (which KEDA watches) and running ones in `bull:python:active`.
 */
import Bull from 'bull';
import type { Redis } from 'ioredis';
import { createRedis } from './redis.js';

export const QUEUE_PREFIX = 'bull';

/** Bull's keys for one language: the lists (wait, active, paused), the sorted sets, and a job's hash. */
export function queueKeys(languageId: string) {
  const base = `${QUEUE_PREFIX}:${languageId}`;
  return {
    wait: `${base}:wait`,
    active: `${base}:active`,
    paused: `${base}:paused`,
    delayed: `${base}:delayed`,
    completed: `${base}:completed`,
    failed: `${base}:failed`,
    job: (jobId: string) => `${base}:${jobId}`,
  };
}

/** Where the master records which language a job id belongs to (any replica can then find it). */
export function jobLanguageKey(jobId: string): string {
  return `sentinel:job:${jobId}:language`;
}

/**
 * Bull's lock and stall settings for code runs (its defaults are 30 s / 30 s: a job whose executor
 * died came back after about a minute).
 *
 * - A running job's lock is renewed every `lockRenewTime` for as long as the job runs (jobs may run
 *   for minutes), so `lockDuration` only bounds how long a dead or frozen executor keeps its job:
 *   10 s outlives three missed renewals (an executor's event loop busy for 7 s, a short Redis blip).
 * - Every `stalledInterval` one executor (Redis-side guard) moves jobs whose lock is gone back to
 *   wait. A job whose executor was killed runs again 7.5 to 15 s after the kill
 *   (lockDuration - lockRenewTime .. lockDuration + stalledInterval); README "Reliability" has the
 *   measured figures.
 * - `maxStalledCount` 1: a job survives one crash of its executor; the second time it takes an
 *   executor (or Redis outage longer than lockDuration) down it fails with Bull's
 *   "job stalled more than allowable limit", so a poison job costs at most two executor crashes.
 *   Stalls do not use up the job's `attempts` (which are for errors the executor reports).
 * - Only the owner of a job's lock can finish it: a stale worker (frozen, cut off from Redis) that
 *   comes back after its job ran elsewhere gets "Missing lock for job <id>": the job's status and
 *   result stay (Bull 4 still saves that attempt's failedReason/stacktrace in the job hash).
 */
export const CODE_RUN_QUEUE_SETTINGS = {
  lockDuration: 10_000,
  lockRenewTime: 2_500,
  stalledInterval: 5_000,
  maxStalledCount: 1,
} as const satisfies Bull.AdvancedSettings;

export type Queue = Bull.Queue;
export type QueueJob = Bull.Job;

/**
 * Makes the Bull queues of one process. All queues share one command connection and one subscriber
 * connection; each queue that processes jobs gets its own blocking connection (Bull needs that).
 */
export class QueueFactory {
  private readonly queues = new Map<string, Bull.Queue>();
  private readonly shared: { client?: Redis; subscriber?: Redis } = {};
  private readonly blocking: Redis[] = [];

  /**
   * `onError` hears every queue's 'error' events (Redis trouble); a Bull queue that emitted one with
   * no listener would throw and take the process down.
   */
  constructor(
    private readonly redisUrl: string,
    private readonly role: string,
    private readonly onError: (languageId: string, error: unknown) => void = (languageId, error) =>
      console.error(`queue ${languageId}: ${error instanceof Error ? error.message : String(error)}`),
  ) {}

  /** The queue of one language; `settings` are added to CODE_RUN_QUEUE_SETTINGS. */
  queue(languageId: string, settings: Bull.AdvancedSettings = {}): Bull.Queue {
    let queue = this.queues.get(languageId);
    if (!queue) {
      queue = new Bull(languageId, {
        prefix: QUEUE_PREFIX,
        settings: { ...CODE_RUN_QUEUE_SETTINGS, ...settings },
        createClient: (type) => this.connection(type),
      });
      queue.on('error', (error: unknown) => this.onError(languageId, error));
      this.queues.set(languageId, queue);
    }
    return queue;
  }

  all(): Bull.Queue[] {
    return [...this.queues.values()];
  }

  /** Closes every queue (waiting for their active jobs), then the shared connections. */
  async close(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close()));
    this.queues.clear();
    await Promise.all(
      [this.shared.client, this.shared.subscriber, ...this.blocking].map((c) => c?.quit().catch(() => c.disconnect())),
    );
  }

  private connection(type: 'client' | 'subscriber' | 'bclient'): Redis {
    if (type === 'bclient') {
      const connection = createRedis(this.redisUrl, `${this.role}-blocking`);
      this.blocking.push(connection);
      return connection;
    }
    if (!this.shared[type]) {
      const connection = createRedis(this.redisUrl, `${this.role}-${type}`);
      // Every queue (one per language pack, 24 bundled) adds its own error, ready, end and message
      // listeners to the shared connection: that many is by design, not a leak.
      connection.setMaxListeners(0);
      this.shared[type] = connection;
    }
    return this.shared[type];
  }
}
