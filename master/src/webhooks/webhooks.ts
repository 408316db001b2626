/**
 * Webhooks: who enqueues and who delivers.
 *
 * - At submit the master records the job's callbackUrl under `callbackKey(id)` (job-store.ts), with
 *   the job's retention.
 * - Every master hears every job end (JobEnds) and adds the delivery task `callback:<jobId>`: Bull
 *   keeps one task per id, so the task is added once however many masters heard the end, and any
 *   one master up is enough.
 * - Every master is a worker of the delivery queue (executors have no network egress). A delivery
 *   reads the job's GET /job/:id body, signs it, and POSTs it; the queue retries with backoff.
 */
import type { Redis } from 'ioredis';
import { describe, type JobEnds, type RunningTask, type TaskQueue } from '@sentinel/core';
import type { MasterConfig } from '../config.js';
import { answerBytes, type JobAnswer, type JobStore } from '../job-store.js';
import type { Logger } from '../logger.js';
import { deliver } from './delivery.js';
import { UndeliverableError } from './errors.js';
import { callbackFormatKey, callbackKey, webhookTaskId, type WebhookTask } from './keys.js';
import { JOB_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';


/**
 * A compatible API's callback (a job's `callbackFormatKey`): its method and its body for the job's
 * answer now. Sent with Sentinel's headers, signature and retries all the same.
 */
export interface CallbackFormat {
  method: 'POST' | 'PUT';
  body(jobId: string, answer: JobAnswer): Promise<Buffer>;
}

type WebhookConfig = Pick<MasterConfig, 'WEBHOOK_ALLOW_PRIVATE' | 'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_BACKOFF_MS' | 'WEBHOOK_CONCURRENCY'> & { WEBHOOK_SECRET: string };

export interface WebhooksOptions {
  config: WebhookConfig;
  tasks: TaskQueue<WebhookTask>;
  ends: JobEnds;
  jobs: JobStore;
  redis: Redis;
  logger: Logger;
  /** Callback formats other than Sentinel's own, by name. */
  formats?: Readonly<Record<string, CallbackFormat>>;
  /** Unix seconds (tests). */
  now?: () => number;
}

export class Webhooks {
  constructor(private readonly options: WebhooksOptions) {}

  /** Hears the ends of `languages`' jobs and delivers callbacks, until close(). */
  async start(languages: readonly string[]): Promise<void> {
    await this.options.ends.listen(languages, (language, jobId) => void this.enqueue(language, jobId));
    await this.options.tasks.process({
      concurrency: this.options.config.WEBHOOK_CONCURRENCY,
      handler: (task) => this.deliver(task),
      onGaveUp: (task, error) =>
        this.options.logger.warn(`webhook for job ${task.data.jobId} to ${task.data.url} given up after attempt ${task.attempt} of ${task.attempts}: ${describe(error)}`),
    });
  }

  /** Adds the delivery of a job that just ended, when it has a callback (idempotent). */
  async enqueue(language: string, jobId: string): Promise<void> {
    const { config, redis, tasks, logger } = this.options;
    try {
      const [url, format] = await redis.mget(callbackKey(jobId), callbackFormatKey(jobId));
      if (!url) return;
      await tasks.add({ jobId, language, url, ...(format ? { format } : {}) }, { id: webhookTaskId(jobId), attempts: config.WEBHOOK_MAX_ATTEMPTS, backoffMs: config.WEBHOOK_BACKOFF_MS });
    } catch (error) {
      // Another master that heard the same end adds it too; alone, this end's callback is lost.
      logger.error(`webhook for job ${jobId} not queued`, error);
    }
  }

  /** One attempt: the job's GET /job/:id body as it is now, signed at this attempt's time. */
  async deliver({ data: { jobId, language, url, format }, attempt }: RunningTask<WebhookTask>): Promise<void> {
    const { config, jobs, logger } = this.options;
    const answer = await jobs.viewIn(language, jobId);
    if (!answer) throw new UndeliverableError(`job ${jobId} is no longer kept`);
    const formatter = format === undefined ? undefined : this.options.formats?.[format];
    if (format !== undefined && !formatter) throw new UndeliverableError(`job ${jobId}: unknown callback format "${format}"`);
    const body = formatter ? await formatter.body(jobId, answer) : answerBytes(answer);
    const timestamp = this.options.now?.() ?? Math.floor(Date.now() / 1000);
    const headers = {
      'Content-Type': 'application/json',
      [SIGNATURE_HEADER]: signatureHeader(config.WEBHOOK_SECRET, body, timestamp),
      [JOB_ID_HEADER]: jobId,
    };
    const status = await deliver({ method: formatter?.method ?? 'POST', url, body, headers, timeoutMs: config.WEBHOOK_TIMEOUT_MS, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE });
    logger.info(`webhook for job ${jobId} delivered (attempt ${attempt}, answer ${status})`);
  }

  async close(): Promise<void> {
    await this.options.ends.close();
    await this.options.tasks.close();
  }
}
