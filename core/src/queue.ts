/**
 * One Bull queue per language id, under Bull's default prefix: jobs waiting for python are in the
 * Redis list `bull:python:wait` (which KEDA watches) and running ones in `bull:python:active`.
 */
import Bull from 'bull';
import type { Redis } from 'ioredis';
import { createRedis } from './redis.js';

export const QUEUE_PREFIX = 'bull';

export function queueKeys(languageId: string) {
  const base = `${QUEUE_PREFIX}:${languageId}`;
  return { wait: `${base}:wait`, active: `${base}:active`, delayed: `${base}:delayed` };
}

/** Where the master records which language a job id belongs to (any replica can then find it). */
export function jobLanguageKey(jobId: string): string {
  return `sentinel:job:${jobId}:language`;
}

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

  queue(languageId: string, settings: Bull.AdvancedSettings = {}): Bull.Queue {
    let queue = this.queues.get(languageId);
    if (!queue) {
      queue = new Bull(languageId, {
        prefix: QUEUE_PREFIX,
        settings,
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
    this.shared[type] ??= createRedis(this.redisUrl, `${this.role}-${type}`);
    return this.shared[type];
  }
}
