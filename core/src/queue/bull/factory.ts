/** Bull's queues of one process, sharing their connections. */
import Bull from 'bull';
import type { Redis } from 'ioredis';
import { createRedis } from '../../redis.js';
import { QUEUE_PREFIX } from './keys.js';
import { CODE_RUN_QUEUE_SETTINGS } from './settings.js';

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
    /** The lock value of every job this process runs (Bull's queue token): one per process, so a supervisor can release them all. */
    readonly token?: string,
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
      if (this.token) (queue as Bull.Queue & { token: string }).token = this.token;
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
