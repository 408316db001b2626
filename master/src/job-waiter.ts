/**
 * Waiting for a job to finish without polling (`?wait=` of GET /job/:id and POST /execute).
 *
 * ONE subscription per master process serves every waiting request: Bull's global events
 * `global:completed` and `global:failed` of each language queue, which the QueueFactory receives on
 * its single shared subscriber connection (channels `bull:<language>:completed` and
 * `bull:<language>:failed`, published by Bull's moveToFinished script when a job finishes, and on
 * `...:failed` when a job stalled too often). A waiting request costs a map entry and a timer,
 * never a Redis connection.
 *
 * Bull publishes `failed` only when a job has no attempt left: a retried attempt does not end a wait.
 */
import type { JobView, Queue, QueueFactory } from '@sentinel/core';
import type { JobAnswer, JobStore } from './job-store.js';

export interface JobWaiterOptions {
  /** The process's queues: their shared subscriber connection carries the events. */
  queues: QueueFactory;
  /** Every language whose jobs may be waited on (the served packs). */
  languageIds: readonly string[];
}

type FinishEvent = 'completed' | 'failed';
const FINISH_EVENTS: readonly FinishEvent[] = ['completed', 'failed'];

/**
 * Bull 4 (lib/queue.js `_registerEvent`) subscribes lazily, when a `global:*` listener is added,
 * and keeps each event's SUBSCRIBE promise here once its subscriber connection is ready. It emits
 * `registered:global:<event>` after subscribing, but only for the call that subscribed.
 */
interface BullSubscriptions {
  registeredEvents?: Partial<Record<string, Promise<unknown>>>;
}

interface Waiting {
  languageId: string;
  /** Ends the wait: clears its timer, drops its abort listener and map entry, resolves. */
  release(): void;
}

interface Subscription {
  queue: Queue;
  event: `global:${FinishEvent}`;
  listener: (jobId: string) => void;
}

export class JobWaiter {
  /** Job id -> the requests waiting for it. */
  private readonly waiting = new Map<string, Set<Waiting>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly languageIds: ReadonlySet<string>;
  private started: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: JobWaiterOptions) {
    this.languageIds = new Set(options.languageIds);
  }

  /**
   * Subscribes to the finish events of every language queue; resolves once Redis has confirmed
   * every subscription. Idempotent: later calls return the same promise.
   */
  start(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.started ??= Promise.all(
      [...this.languageIds].flatMap((languageId) => {
        const queue = this.options.queues.queue(languageId);
        return FINISH_EVENTS.map((event) => this.subscribe(queue, languageId, event));
      }),
    ).then(() => undefined);
    return this.started;
  }

  /** Requests waiting now (all jobs together). */
  get pending(): number {
    let count = 0;
    for (const set of this.waiting.values()) count += set.size;
    return count;
  }

  /**
   * Resolves when job `jobId` of `languageId` finishes (completed, or failed for good), when
   * `timeoutMs` has passed, when `signal` aborts or when the waiter closes, whichever comes first;
   * its entry is removed in every case. The wait is registered before this returns: read the
   * job's state AFTER calling it, so that a finish in between is never missed.
   * Throws at once for a language it does not serve: a bug of the caller, never a wait.
   */
  wait(languageId: string, jobId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (!this.languageIds.has(languageId)) throw new Error(`JobWaiter: no subscription for language "${languageId}"`);
    if (this.closed || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const onAbort = () => waiting.release();
      const timer = setTimeout(onAbort, timeoutMs);
      const waiting: Waiting = {
        languageId,
        release: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const set = this.waiting.get(jobId);
          set?.delete(waiting);
          if (set?.size === 0) this.waiting.delete(jobId);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let set = this.waiting.get(jobId);
      if (!set) this.waiting.set(jobId, (set = new Set()));
      set.add(waiting);
    });
  }

  /** Stops listening and answers every pending wait at once (the requests then read the state). */
  close(): void {
    this.closed = true;
    for (const { queue, event, listener } of this.subscriptions.splice(0)) queue.off(event, listener);
    for (const set of [...this.waiting.values()]) for (const waiting of [...set]) waiting.release();
  }

  private finished(languageId: string, jobId: string): void {
    const set = this.waiting.get(String(jobId));
    if (!set) return;
    for (const waiting of [...set]) if (waiting.languageId === languageId) waiting.release();
  }

  private subscribe(queue: Queue, languageId: string, event: FinishEvent): Promise<void> {
    // Read before `on`: if another listener already subscribed, no `registered:` event will come.
    const existing = (queue as BullSubscriptions).registeredEvents?.[event];
    const subscribed =
      existing ?? new Promise<void>((resolve) => queue.once(`registered:global:${event}`, () => resolve()));
    // Bull passes (jobId, value as JSON text or failed reason); the state is read from the job.
    const listener = (jobId: string) => this.finished(languageId, jobId);
    queue.on(`global:${event}`, listener);
    this.subscriptions.push({ queue, event: `global:${event}`, listener });
    return subscribed.then(() => undefined);
  }
}

/** Whether a job is done for good. */
export function isFinished(view: JobView): boolean {
  return view.status === 'completed' || view.status === 'failed';
}

export interface ViewWhenDoneOptions {
  jobs: JobStore;
  waiter: JobWaiter;
  id: string;
  languageId: string;
  timeoutMs: number;
  /** Aborted when the client goes away: the wait ends and its entry is dropped. */
  signal?: AbortSignal;
}

/**
 * The job's view once it has finished, or when the time runs out (its state then); undefined when
 * the job is not (or no longer) known. Registers first, then reads the state, so that a job
 * finishing in between answers at once instead of at the timeout.
 */
export async function viewWhenDone({ jobs, waiter, id, languageId, timeoutMs, signal }: ViewWhenDoneOptions): Promise<JobAnswer | undefined> {
  const cancel = new AbortController();
  const done = waiter.wait(languageId, id, timeoutMs, signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal);
  try {
    // Already subscribed in a started master (no wait then). A waiter made by createApp alone
    // subscribes now; if that fails, this wait only runs to its timeout.
    await Promise.race([waiter.start().catch(() => undefined), done]);
    const now = await jobs.viewIn(languageId, id);
    if (!now || isFinished(now.view)) return now;
    await done;
    return (await jobs.viewIn(languageId, id)) ?? now;
  } finally {
    cancel.abort();
  }
}
