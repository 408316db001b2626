/** The JobEnds port (../tasks.ts) on Bull 4: the global finish events of the language queues. */
import type { JobEnds } from '../tasks.js';
import { QueueFactory } from './factory.js';
import { FinishEvents } from './finish-events.js';

export interface BullJobEndsOptions {
  redisUrl: string;
  role: string;
  onError?: (language: string, error: unknown) => void;
}

export function createJobEnds(options: BullJobEndsOptions): JobEnds {
  return new BullJobEnds(options);
}

/** Its own queue objects and subscriber connection: the code-run adapter's waits are left alone. */
export class BullJobEnds implements JobEnds {
  private readonly queues: QueueFactory;
  private readonly events: FinishEvents;
  private readonly listeners: ((language: string, jobId: string) => void)[] = [];

  constructor(options: BullJobEndsOptions) {
    this.queues = new QueueFactory(options.redisUrl, options.role, options.onError);
    this.events = new FinishEvents(this.queues, (language, jobId) => {
      for (const listener of this.listeners) listener(language, jobId);
    });
  }

  listen(languages: readonly string[], onEnd: (language: string, jobId: string) => void): Promise<void> {
    this.listeners.push(onEnd);
    return this.events.listen(languages);
  }

  async close(): Promise<void> {
    this.events.close();
    this.listeners.length = 0;
    await this.queues.close();
  }
}
