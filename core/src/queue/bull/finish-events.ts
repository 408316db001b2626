/**
 * Job ends heard from Bull's global events `global:completed` and `global:failed` of each language
 * queue, on the factory's single shared subscriber connection (Bull's moveToFinished script
 * publishes them; `failed` only when a job has no attempt left, or stalled too often).
 */
import type { QueueFactory } from './factory.js';
import { onGlobalEvent, type GlobalListener } from './global-events.js';

const FINISH_EVENTS = ['completed', 'failed'] as const;

export class FinishEvents {
  private readonly listeners: GlobalListener[] = [];
  private readonly subscribed = new Map<string, Promise<void>>();

  constructor(
    private readonly queues: QueueFactory,
    private readonly onEnd: (language: string, jobId: string) => void,
  ) {}

  /** Subscribes once per language; resolves once Redis confirmed every subscription. */
  listen(languages: readonly string[]): Promise<void> {
    return Promise.all(
      languages.map((language) => {
        let done = this.subscribed.get(language);
        if (!done) {
          const queue = this.queues.queue(language);
          // Bull passes (jobId, value or reason); the state is read from the job.
          const added = FINISH_EVENTS.map((event) => onGlobalEvent(queue, event, (jobId) => this.onEnd(language, jobId)));
          this.listeners.push(...added);
          done = Promise.all(added.map((listener) => listener.subscribed)).then(() => undefined);
          this.subscribed.set(language, done);
        }
        return done;
      }),
    ).then(() => undefined);
  }

  close(): void {
    for (const listener of this.listeners.splice(0)) listener.off();
  }
}
