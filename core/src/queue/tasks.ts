/**
 * The task port: a durable queue of side work that must never delay a job (webhook deliveries).
 * A task is added once per id, runs on any process that processes the queue, and is retried with
 * exponential backoff until it succeeds, fails for good (an error with `retryable === false`) or has
 * no attempt left. The Bull adapter is bull/task-queue.ts.
 */

export interface TaskRetry {
  /** Runs in all, the first included. */
  attempts: number;
  /** The first retry waits this long; each later one waits about twice as long as the one before. */
  backoffMs: number;
}

export interface TaskAddOptions extends TaskRetry {
  /** Deduplicates: adding an id already known (waiting, running, or finished and still kept) does nothing. */
  id: string;
}

/** A task as its handler sees it. */
export interface RunningTask<T> {
  id: string;
  data: T;
  /** 1 for the first run. */
  attempt: number;
  attempts: number;
}

export interface TaskProcessOptions<T> {
  concurrency: number;
  /**
   * Runs one task. Throwing retries it after its backoff, unless the error has
   * `retryable === false` or this was its last attempt: then `onGaveUp` hears of it.
   */
  handler: (task: RunningTask<T>) => Promise<void>;
  onGaveUp?: (task: RunningTask<T>, error: unknown) => void;
}

export interface TaskQueue<T> {
  /** Adds a task; nothing happens when a task with this id is already known. */
  add(data: T, options: TaskAddOptions): Promise<void>;
  /** Runs tasks until close(); resolves once the worker is set up. */
  process(options: TaskProcessOptions<T>): Promise<void>;
  close(): Promise<void>;
}

/** The ends of code-run jobs, heard by every process that listens (each hears every end). */
export interface JobEnds {
  /**
   * Calls `onEnd` whenever a job of `languages` ends for good (completed, or failed with no attempt
   * left, stalls included). Resolves once subscribed. A process that is down hears nothing: have
   * several listen and make what `onEnd` does idempotent.
   */
  listen(languages: readonly string[], onEnd: (language: string, jobId: string) => void): Promise<void>;
  close(): Promise<void>;
}
