/**
 * Follows a job to its end: GET /job/:id/events (SSE, through fetch so the API key header goes
 * along), or, when the stream is not there (404) or breaks, GET /job/:id every 500 ms.
 */
import { errorOf, type Api, ApiError } from './api.js';
import { readEvents } from './sse.js';
import type { JobView, ProgressEvent } from './types.js';

export const POLL_INTERVAL_MS = 500;

export interface JobWatcher {
  onProgress(event: ProgressEvent): void;
  /** How progress is followed: 'events' or 'polling'. */
  onMode(mode: 'events' | 'polling'): void;
}

const finished = (job: JobView) => job.status === 'completed' || job.status === 'failed';

/** Resolves with the finished job (GET /job/:id's body); rejects with an ApiError. */
export async function followJob(api: Api, id: string, watcher: JobWatcher, signal: AbortSignal): Promise<JobView> {
  const streamed = await streamJob(api, id, watcher, signal);
  if (streamed) return streamed;
  watcher.onMode('polling');
  return pollJob(api, id, watcher, signal);
}

/** The job from its `result` event, or undefined when the stream is unavailable or broke first. */
async function streamJob(api: Api, id: string, watcher: JobWatcher, signal: AbortSignal): Promise<JobView | undefined> {
  let response: Response;
  try {
    response = await api.open(`/job/${encodeURIComponent(id)}/events`, signal);
  } catch {
    return undefined;
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
    // Auth errors are the user's to fix: polling would only answer the same.
    if (response.status === 401 || response.status === 403) throw await errorOf(response, `GET /job/${id}/events`);
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  watcher.onMode('events');
  try {
    for await (const event of readEvents(response.body)) {
      if (event.event === 'progress') watcher.onProgress(JSON.parse(event.data) as ProgressEvent);
      if (event.event === 'result') return JSON.parse(event.data) as JobView;
    }
  } catch (error) {
    if (signal.aborted) throw error;
  }
  return undefined;
}

async function pollJob(api: Api, id: string, watcher: JobWatcher, signal: AbortSignal): Promise<JobView> {
  for (;;) {
    if (signal.aborted) throw new ApiError(0, 'ABORTED', 'stopped');
    const job = await api.job(id);
    if (finished(job)) return job;
    watcher.onProgress({ id: job.id, status: job.status, progress: job.progress ?? 0 });
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
