/** The queue port on Bull 4: every Bull key, setting and event the service relies on is known here. */
import { randomUUID } from 'node:crypto';
import type Bull from 'bull';
import type { Redis } from 'ioredis';
import { createRedis } from '../../redis.js';
import { FinishWaits } from '../finish-waits.js';
import type { Admission, JobProgress, JobQueue, JobRecord, ProcessOptions, QueueCounts, SubmitOptions, WorkerIdentity } from '../port.js';
import { ProgressWatches } from '../progress-watches.js';
import { QueueFactory } from './factory.js';
import { FinishEvents } from './finish-events.js';
import { queueKeys } from './keys.js';
import { ProgressEvents, reportProgress } from './progress-events.js';
import { replaceFinishedPayload, unlockWorkerJobs } from './scripts.js';
import { readJobSnapshot, toRecord } from './snapshot.js';

export interface BullJobQueueOptions {
  redisUrl: string;
  /** Names the connections in CLIENT LIST (sentinel-<role>-client, ...). */
  role: string;
  /** Hears every queue's Redis errors (a Bull queue emitting one with no listener would crash). */
  onError?: (language: string, error: unknown) => void;
  /** Where admission, releases and payload replacement run; give one that fails fast to fail requests fast. */
  commands?: Redis;
  /** Where views are read (default `commands`): a large result then never delays the other commands. */
  views?: Redis;
}

/** A Bull-backed JobQueue (the one the service runs on). */
export function createJobQueue(options: BullJobQueueOptions): JobQueue {
  return new BullJobQueue(options);
}

export class BullJobQueue implements JobQueue {
  private readonly queues: QueueFactory;
  private readonly token = randomUUID();
  private readonly processed = new Set<string>();
  private readonly waits = new FinishWaits();
  private readonly events: FinishEvents;
  private readonly watches = new ProgressWatches();
  private readonly progressEvents: ProgressEvents;
  private ownCommands: Redis | undefined;

  constructor(private readonly options: BullJobQueueOptions) {
    this.queues = new QueueFactory(options.redisUrl, options.role, options.onError, this.token);
    this.events = new FinishEvents(this.queues, (language, id) => this.waits.ended(language, id));
    this.progressEvents = new ProgressEvents(this.queues, (language, id, progress) => this.watches.heard(language, id, progress));
  }

  private get commands(): Redis {
    return this.options.commands ?? (this.ownCommands ??= createRedis(this.options.redisUrl, `${this.options.role}-commands`));
  }

  async admit(language: string, maxWaiting: number): Promise<Admission> {
    if (maxWaiting === 0) return { admitted: true };
    const waiting = await this.commands.llen(queueKeys(language).wait);
    return waiting < maxWaiting ? { admitted: true } : { admitted: false, waiting };
  }

  async submit(language: string, data: unknown, { id, submittedAt, attempts, retention }: SubmitOptions): Promise<void> {
    // Bull 4 applies both bounds in the script that finishes a job (moveToFinished), lazily: at the
    // next finish in the queue.
    const keep = { age: retention.ageSeconds, count: retention.count };
    // `timestamp` (the job's created time) is honoured by Bull but missing from its types.
    const options: Bull.JobOptions & { timestamp: number } = { jobId: id, attempts, removeOnComplete: keep, removeOnFail: keep, timestamp: submittedAt };
    await this.queues.queue(language).add(data, options);
  }

  async view(language: string, id: string): Promise<JobRecord | undefined> {
    const snapshot = await readJobSnapshot(this.options.views ?? this.commands, language, id);
    return snapshot && toRecord(snapshot);
  }

  async counts(language: string): Promise<QueueCounts> {
    const { waiting, active, completed, failed, delayed } = await this.queues.queue(language).getJobCounts();
    return { waiting, active, completed, failed, delayed };
  }

  describeWaiting(language: string): string {
    return queueKeys(language).wait;
  }

  listen(languages: readonly string[]): Promise<void> {
    this.waits.serve(languages);
    return this.events.listen(languages);
  }

  waitForEnd(language: string, id: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waits.wait(language, id, timeoutMs, signal);
  }

  get pendingWaits(): number {
    return this.waits.pending;
  }

  endWaits(): void {
    this.events.close();
    this.waits.close();
    this.progressEvents.close();
    this.watches.close();
  }

  async watch(language: string, id: string, onProgress: (progress: JobProgress) => void): Promise<() => void> {
    const stop = this.watches.add(language, id, onProgress);
    try {
      await this.progressEvents.listen(language);
    } catch (error) {
      stop();
      throw error;
    }
    return stop;
  }

  get pendingWatches(): number {
    return this.watches.pending;
  }

  process(language: string, { concurrency, handler, onFinished }: ProcessOptions): Promise<void> {
    const queue = this.queues.queue(language);
    this.processed.add(language);
    if (onFinished) {
      // Emitted once Bull has stored the job's end; 'failed' also after an attempt that is retried.
      const finished = (job: Bull.Job) => onFinished({ id: String(job.id), data: job.data });
      queue.on('completed', finished);
      queue.on('failed', finished);
    }
    return queue.process(concurrency, async (job: Bull.Job) => {
      try {
        const id = String(job.id);
        // On Bull's own command connection, where its Job#progress would run.
        const progress = (percent: number, detail?: unknown) => reportProgress(queue.client, language, id, percent, detail);
        return await handler({ id, data: job.data, progress });
      } catch (error) {
        if (isFinal(error)) job.discard(); // no attempt left: Bull fails the job with this error
        throw error;
      }
    });
  }

  worker(): WorkerIdentity {
    return { id: this.token, languages: [...this.processed] };
  }

  async releaseWorker({ id, languages }: WorkerIdentity): Promise<number> {
    let released = 0;
    for (const language of languages) {
      const count = await unlockWorkerJobs(this.commands, language, id);
      // Bull's own stall check, now instead of at its next interval.
      if (count > 0) await (this.queues.queue(language) as Bull.Queue & { moveUnlockedJobsToWait(): Promise<void> }).moveUnlockedJobsToWait();
      released += count;
    }
    return released;
  }

  replaceFinishedPayload(language: string, id: string, stub: unknown): Promise<boolean> {
    return replaceFinishedPayload(this.commands, language, id, stub);
  }

  async close(): Promise<void> {
    this.endWaits();
    await this.queues.close();
    await this.ownCommands?.quit().catch(() => this.ownCommands?.disconnect());
  }
}

/** An error that says a retry cannot help (Sentinel's errors carry `retryable`). */
function isFinal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}
