/**
 * A listener on one of Bull's global events (`global:completed`, `global:progress`, ...) of a
 * queue, on the factory's single shared subscriber connection.
 */
import type Bull from 'bull';

/**
 * Bull 4 (lib/queue.js `_registerEvent`) subscribes lazily, when a `global:*` listener is added,
 * and keeps each event's SUBSCRIBE promise here; it emits `registered:global:<event>` only for the
 * call that subscribed.
 */
interface BullSubscriptions {
  registeredEvents?: Partial<Record<string, Promise<unknown>>>;
}

export interface GlobalListener {
  /** Resolves once Redis confirmed the subscription. */
  subscribed: Promise<void>;
  off(): void;
}

/** Adds `listener` to `global:<event>` of `queue`. Bull passes (jobId, value). */
export function onGlobalEvent(queue: Bull.Queue, event: string, listener: (jobId: string, value: unknown) => void): GlobalListener {
  // Read before `on`: if another listener already subscribed, no `registered:` event will come.
  const existing = (queue as BullSubscriptions).registeredEvents?.[event];
  const subscribed = existing ?? new Promise<void>((resolve) => queue.once(`registered:global:${event}`, () => resolve()));
  const name = `global:${event}`;
  const bound = (jobId: string, value: unknown) => listener(String(jobId), value);
  queue.on(name, bound);
  return { subscribed: subscribed.then(() => undefined), off: () => void queue.off(name, bound) };
}
