/** The task port (../tasks.ts) on Bull 4: one Bull queue of its own, with Bull's exponential backoff. */
import type Bull from 'bull';
import type { RunningTask, TaskAddOptions, TaskProcessOptions, TaskQueue } from '../tasks.js';
import { QueueFactory } from './factory.js';

export interface BullTaskQueueOptions {
  redisUrl: string;
  /** The Bull queue's name (under the `bull:` prefix): never a language id. */
  name: string;
  /** Names the connections in CLIENT LIST. */
  role: string;
  onError?: (name: string, error: unknown) => void;
  /** How long finished tasks are kept, so a late duplicate add of the same id stays a no-op. */
  keepFinishedSeconds?: number;
}

/** The name Bull gives jobs added without one, which an unnamed process() handler runs. */
const DEFAULT_JOB_NAME = '__default__';

/** At most this many finished tasks of each end are kept (and a day by default): past that an id could be added again. */
const KEEP_COUNT = 10_000;

export function createTaskQueue<T>(options: BullTaskQueueOptions): TaskQueue<T> {
  return new BullTaskQueue<T>(options);
}

export class BullTaskQueue<T> implements TaskQueue<T> {
  private readonly queues: QueueFactory;

  constructor(private readonly options: BullTaskQueueOptions) {
    this.queues = new QueueFactory(options.redisUrl, options.role, options.onError);
  }

  private get queue(): Bull.Queue {
    return this.queues.queue(this.options.name);
  }

  async add(data: T, { id, attempts, backoffMs }: TaskAddOptions): Promise<void> {
    const keep = { age: this.options.keepFinishedSeconds ?? 86_400, count: KEEP_COUNT };
    // Bull's addJob script does nothing for a job id it already holds: the deduplication.
    // Its exponential backoff waits backoffMs * (2^n - 1) before run n + 1: 1, 3, 7, 15... x backoffMs.
    // Named explicitly: Bull would take a string `data` for the job's name.
    await this.queue.add(DEFAULT_JOB_NAME, data, { jobId: id, attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: keep, removeOnFail: keep });
  }

  async process({ concurrency, handler, onGaveUp }: TaskProcessOptions<T>): Promise<void> {
    const queue = this.queue;
    const worker = queue.process(concurrency, async (job: Bull.Job) => {
      const task: RunningTask<T> = { id: String(job.id), data: job.data as T, attempt: job.attemptsMade + 1, attempts: job.opts.attempts ?? 1 };
      try {
        await handler(task);
      } catch (error) {
        const final = isFinal(error);
        if (final || task.attempt >= task.attempts) onGaveUp?.(task, error);
        if (final) job.discard(); // no retry can help: Bull fails the task with this error
        throw error;
      }
    });
    // Bull's promise settles when the worker loop ends: a break is reported, never unhandled.
    worker.catch((error: unknown) => this.options.onError?.(this.options.name, error));
    await queue.isReady();
  }

  close(): Promise<void> {
    return this.queues.close();
  }
}

function isFinal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}
