/** The JobQueue adapters the port's conformance test runs against; add a new adapter here. */
import { Redis } from 'ioredis';
import { BullJobQueue, QUEUE_PREFIX, type JobQueue } from '../../src/queue/index.js';

export interface AdapterUnderTest {
  create(redisUrl: string, role: string): JobQueue;
  /** Removes every key of `language`'s queue. */
  drop(redisUrl: string, language: string): Promise<void>;
}

export const adapters: Record<string, AdapterUnderTest> = {
  bull: {
    create: (redisUrl, role) => new BullJobQueue({ redisUrl, role }),
    drop: async (redisUrl, language) => {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      try {
        const keys = await redis.keys(`${QUEUE_PREFIX}:${language}:*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  },
};
