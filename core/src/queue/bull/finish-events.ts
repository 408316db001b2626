/**
 * Job ends heard from Bull's global events `global:completed` and `global:failed` of each language
 * queue, on the factory's single shared subscriber connection (Bull's moveToFinished script
 * publishes them; `failed` only when a job has no attempt left, or stalled too often).
 */
import type Bull from 'bull';
import type { QueueFactory } from './factory.js';

type FinishEvent = 'completed' | 'failed';
const FINISH_EVENTS: readonly FinishEvent[] = ['completed', 'failed'];

/**
 * Bull 4 (lib/queue.js `_registerEvent`) subscribes lazily, when a `global:*` listener is added,
 * and keeps each event's SUBSCRIBE promise here; it emits `registered:global:<event>` only for the
 * call that subscribed.
 */
interface BullSubscriptions {
  registeredEvents?: Partial<Record<string, Promise<unknown>>>;
}

interface Subscription {
  queue: Bull.Queue;
  event: `global:${FinishEvent}`;
  listener: (jobId: string) => void;
}

export class FinishEvents {
  private readonly subscriptions: Subscription[] = [];
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
          done = Promise.all(FINISH_EVENTS.map((event) => this.subscribe(queue, language, event))).then(() => undefined);
          this.subscribed.set(language, done);
        }
        return done;
      }),
    ).then(() => undefined);
  }

  close(): void {
    for (const { queue, event, listener } of this.subscriptions.splice(0)) queue.off(event, listener);
  }

  private subscribe(queue: Bull.Queue, language: string, event: FinishEvent): Promise<void> {
    // Read before `on`: if another listener already subscribed, no `registered:` event will come.
    const existing = (queue as BullSubscriptions).registeredEvents?.[event];
    const subscribed = existing ?? new Promise<void>((resolve) => queue.once(`registered:global:${event}`, () => resolve()));
    // Bull passes (jobId, value or reason); the state is read from the job.
    const listener = (jobId: string) => this.onEnd(language, jobId);
    queue.on(`global:${event}`, listener);
    this.subscriptions.push({ queue, event: `global:${event}`, listener });
    return subscribed.then(() => undefined);
  }
}
