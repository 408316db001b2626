/**
 * Requests following jobs' progress, served by one subscription per process (like FinishWaits): a
 * watch costs a map entry, never a Redis connection. An adapter calls `heard` for each progress.
 */
import type { JobProgress } from './port.js';

interface Watch {
  language: string;
  onProgress: (progress: JobProgress) => void;
}

export class ProgressWatches {
  /** Job id -> its watches. */
  private readonly watching = new Map<string, Set<Watch>>();

  get pending(): number {
    let count = 0;
    for (const set of this.watching.values()) count += set.size;
    return count;
  }

  /** Registers a watch; answers the function that drops it (idempotent). */
  add(language: string, jobId: string, onProgress: (progress: JobProgress) => void): () => void {
    const watch: Watch = { language, onProgress };
    let set = this.watching.get(jobId);
    if (!set) this.watching.set(jobId, (set = new Set()));
    set.add(watch);
    return () => {
      const current = this.watching.get(jobId);
      current?.delete(watch);
      if (current?.size === 0) this.watching.delete(jobId);
    };
  }

  heard(language: string, jobId: string, progress: JobProgress): void {
    const set = this.watching.get(String(jobId));
    if (!set) return;
    for (const watch of [...set]) if (watch.language === language) watch.onProgress(progress);
  }

  /** Drops every watch. */
  close(): void {
    this.watching.clear();
  }
}
