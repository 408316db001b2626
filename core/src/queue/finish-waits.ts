/**
 * Requests waiting for jobs to end, served by one subscription per process: a waiting request costs
 * a map entry and a timer, never a Redis connection. An adapter calls `ended` when it hears a job end.
 */
import { QueueUsageError } from './errors.js';

interface Waiting {
  language: string;
  /** Ends the wait: clears its timer, drops its abort listener and map entry, resolves. */
  release(): void;
}

export class FinishWaits {
  /** Job id -> the requests waiting for it. */
  private readonly waiting = new Map<string, Set<Waiting>>();
  private readonly languages = new Set<string>();
  private closed = false;

  /** Languages whose ends are heard (waits on others are a caller's bug). */
  serve(languages: Iterable<string>): void {
    for (const language of languages) this.languages.add(language);
  }

  get pending(): number {
    let count = 0;
    for (const set of this.waiting.values()) count += set.size;
    return count;
  }

  wait(language: string, jobId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (!this.languages.has(language)) throw new QueueUsageError(`no subscription for language "${language}"`);
    if (this.closed || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const onAbort = () => waiting.release();
      const timer = setTimeout(onAbort, timeoutMs);
      const waiting: Waiting = {
        language,
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

  ended(language: string, jobId: string): void {
    const set = this.waiting.get(String(jobId));
    if (!set) return;
    for (const waiting of [...set]) if (waiting.language === language) waiting.release();
  }

  /** Answers every pending wait now, and every later one at once. */
  close(): void {
    this.closed = true;
    for (const set of [...this.waiting.values()]) for (const waiting of [...set]) waiting.release();
  }
}
