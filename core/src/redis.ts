import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for Sentinel's own use. `role` names the connection in CLIENT LIST.
 * Bull's blocking and subscriber connections need `maxRetriesPerRequest: null`; so does anything
 * that must wait out a Redis restart instead of failing the request.
 */
export function createRedis(url: string, role: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: `sentinel-${role}`,
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    ...options,
  });
}
