/**
 * Job progress heard from Bull's global event `global:progress` of each language queue (on the
 * factory's shared subscriber, so it arrives in order with the job's end), and reported through
 * Bull's progress channel by `reportProgress`: the number stored in the job's hash, as Bull's own
 * Job#progress stores it, and the detail published with it, never stored.
 */
import type { Redis } from 'ioredis';
import type { JobProgress } from '../port.js';
import type { QueueFactory } from './factory.js';
import { onGlobalEvent, type GlobalListener } from './global-events.js';
import { queueKeys } from './keys.js';

export class ProgressEvents {
  private readonly listeners: GlobalListener[] = [];
  private readonly subscribed = new Map<string, Promise<void>>();

  constructor(
    private readonly queues: QueueFactory,
    private readonly onProgress: (language: string, jobId: string, progress: JobProgress) => void,
  ) {}

  /** Subscribes once for `language` (at its first watch); resolves once Redis confirmed it. */
  listen(language: string): Promise<void> {
    let done = this.subscribed.get(language);
    if (!done) {
      const listener = onGlobalEvent(this.queues.queue(language), 'progress', (jobId, value) => {
        const progress = toProgress(value);
        if (progress) this.onProgress(language, jobId, progress);
      });
      this.listeners.push(listener);
      done = listener.subscribed;
      this.subscribed.set(language, done);
    }
    return done;
  }

  close(): void {
    for (const listener of this.listeners.splice(0)) listener.off();
    this.subscribed.clear();
  }
}

/** Bull's message: `{ jobId, progress }`; `progress` is ours `{ percent, detail }`, or a bare number from Bull's Job#progress. */
function toProgress(value: unknown): JobProgress | undefined {
  if (typeof value === 'number') return { percent: value };
  if (typeof value !== 'object' || value === null) return undefined;
  const { percent, detail } = value as { percent?: unknown; detail?: unknown };
  if (typeof percent !== 'number') return undefined;
  return detail === undefined ? { percent } : { percent, detail };
}

/** As Bull's updateProgress script: only while the job's hash exists (HSET would make a removed job's hash again). */
const UPDATE_PROGRESS = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'progress', ARGV[1])
  redis.call('PUBLISH', KEYS[2], ARGV[2])
end`;

export async function reportProgress(redis: Redis, language: string, jobId: string, percent: number, detail: unknown): Promise<void> {
  const keys = queueKeys(language);
  const progress = detail === undefined ? { percent } : { percent, detail };
  await redis.eval(UPDATE_PROGRESS, 2, keys.job(jobId), keys.progress, JSON.stringify(percent), JSON.stringify({ jobId, progress }));
}
