/**
 * Waiting for a job to finish without polling (`?wait=` of GET /job/:id and POST /execute): the
 * queue's one subscription per process serves every waiting request (JobQueue.waitForEnd). A
 * retried attempt does not end a wait.
 */
import type { JobQueue, JobView } from '@sentinel/core';
import type { JobAnswer, JobStore } from './job-store.js';

/** Whether a job is done for good. */
export function isFinished(view: JobView): boolean {
  return view.status === 'completed' || view.status === 'failed';
}

export interface ViewWhenDoneOptions {
  jobs: JobStore;
  queue: JobQueue;
  /** Every language whose jobs may be waited on (the served packs). */
  languageIds: readonly string[];
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
export async function viewWhenDone({ jobs, queue, languageIds, id, languageId, timeoutMs, signal }: ViewWhenDoneOptions): Promise<JobAnswer | undefined> {
  const cancel = new AbortController();
  // Already subscribed in a started master (no wait then). A master made by createApp alone
  // subscribes now; if that fails, this wait only runs to its timeout.
  const listening = queue.listen(languageIds).catch(() => undefined);
  const done = queue.waitForEnd(languageId, id, timeoutMs, signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal);
  try {
    await Promise.race([listening, done]);
    const now = await jobs.viewIn(languageId, id);
    if (!now || isFinished(now.view)) return now;
    await done;
    return (await jobs.viewIn(languageId, id)) ?? now;
  } finally {
    cancel.abort();
  }
}
