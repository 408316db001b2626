/**
 * The queue port: everything the master and the executor ask of the job queue. One queue per
 * language id. An adapter (bull/adapter.ts) holds all knowledge of the library and its keys; the
 * conformance test (core/test/queue-port.test.ts) says what any adapter must do.
 */
import type { JobStatus } from '../job.js';

/** How long finished jobs are kept: the older of the two bounds removes a job. */
export interface Retention {
  ageSeconds: number;
  /** Most completed jobs, and most failed jobs, kept per queue: the oldest go first. */
  count: number;
}

export interface SubmitOptions {
  id: string;
  /** Epoch ms: the job's submitted time, as its view shows it while queued. */
  submittedAt: number;
  /** Runs for errors the handler throws (a retryable error runs again at once, no backoff). */
  attempts: number;
  retention: Retention;
}

/** The answer of admission: refused when `maxWaiting` jobs already wait. */
export type Admission = { admitted: true } | { admitted: false; waiting: number };

/** One job as a view shows it, read at once (its fields always agree with its status). */
export interface JobRecord {
  status: JobStatus;
  /** Epoch ms of submission. */
  submittedAt: number;
  startedAt?: number;
  finishedAt?: number;
  failedReason?: string;
  /** The handler's return value as stored: JSON text, never parsed here (it may be megabytes). */
  result?: Buffer;
  /** 0..100, as last reported by the handler. */
  progress: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

/** A job as its handler sees it. */
export interface RunningJob {
  id: string;
  data: unknown;
  /**
   * Stores the job's progress (0..100), visible in its view, and tells every process watching the
   * job (`JobQueue.watch`), with `detail` when given: a JSON value, kept small by the caller (it
   * travels to every watcher, and is not stored).
   */
  progress(percent: number, detail?: unknown): Promise<void>;
}

/** A progress of a job as a watcher hears it. */
export interface JobProgress {
  /** 0..100, as stored. */
  percent: number;
  /** What the handler sent with it (parsed JSON), if anything. */
  detail?: unknown;
}

/** A finished job as `onFinished` hears of it (after every attempt, retried or not). */
export interface FinishedJob {
  id: string;
  data: unknown;
}

export interface ProcessOptions {
  concurrency: number;
  /**
   * Runs one job; what it returns is stored as JSON. An error with `retryable === false` fails
   * the job at once; any other error uses the job's next attempt.
   */
  handler: (job: RunningJob) => Promise<unknown>;
  onFinished?: (job: FinishedJob) => void;
}

/** Who holds a process's running jobs: what a supervisor gives releaseWorker when that process dies. */
export interface WorkerIdentity {
  id: string;
  languages: string[];
}

export interface JobQueue {
  /** Whether one more job may join `language`'s queue; `maxWaiting` 0: no bound. */
  admit(language: string, maxWaiting: number): Promise<Admission>;
  submit(language: string, data: unknown, options: SubmitOptions): Promise<void>;
  /** Undefined when the job is unknown or no longer kept. */
  view(language: string, id: string): Promise<JobRecord | undefined>;
  counts(language: string): Promise<QueueCounts>;
  /** Where waiting jobs are, as operators see it (for messages). */
  describeWaiting(language: string): string;

  /** Subscribes to the ends of jobs of `languages`; idempotent, resolves once subscribed. */
  listen(languages: readonly string[]): Promise<void>;
  /**
   * Resolves when the job ends for good (completed, or failed with no attempt left), at
   * `timeoutMs`, when `signal` aborts or at endWaits(), whichever comes first. Registered before it
   * returns: read the job after calling it and no end is missed. Throws for a language not listened to.
   */
  waitForEnd(language: string, id: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Waits pending now. */
  readonly pendingWaits: number;
  /** Ends every pending wait now (and every later one at once), and drops every watch. */
  endWaits(): void;

  /**
   * Calls `onProgress` for each progress job `id` of `language` reports from now on, from any
   * process, until the answered function is called. Resolves once subscribed: read the job after
   * it and no progress is missed. Progress before a job's end is heard before its end (waitForEnd).
   */
  watch(language: string, id: string, onProgress: (progress: JobProgress) => void): Promise<() => void>;
  /** Watches registered now. */
  readonly pendingWatches: number;

  /** Runs jobs of `language`; resolves when the worker loop ends (rejects when it breaks). */
  process(language: string, options: ProcessOptions): Promise<void>;
  /** This process's identity as a worker. */
  worker(): WorkerIdentity;
  /**
   * Gives the running jobs of a dead worker back at once, as a stall: each runs again, or fails
   * when it has stalled too often (so a job that kills its worker cannot loop). Answers how many.
   */
  releaseWorker(worker: WorkerIdentity): Promise<number>;
  /** Replaces a finished job's payload by `stub` (never a running or removed job's); answers whether it did. */
  replaceFinishedPayload(language: string, id: string, stub: unknown): Promise<boolean>;

  /** Stops taking jobs, waits for running ones, closes the connections it opened. */
  close(): Promise<void>;
}
