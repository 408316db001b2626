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

/**
 * A rejection raised inside Bull or ioredis: what closing their connections leaves behind (a
 * command flushed with "Connection is closed.", a write that met EPIPE, or Bull's own handler of
 * such a rejection failing on it).
 */
export function isQueueLibraryError(reason: unknown): boolean {
  return reason instanceof Error && /[\\/]node_modules[\\/](bull|ioredis)[\\/]/.test(reason.stack ?? '');
}

/**
 * Installs the process's unhandled-rejection policy: while `stopping()` answers true, a rejection
 * raised inside Bull or ioredis is logged and ignored (Bull starts commands, such as setting the
 * worker's name or the subscription behind an event listener, whose promises nobody awaits, and
 * closing the connections rejects them); anything else crashes the process, as Node does by default.
 */
export function crashOnUnhandledRejections(stopping: () => boolean, log: (line: string) => void): void {
  process.on('unhandledRejection', (reason) => {
    if (stopping() && isQueueLibraryError(reason)) {
      log(`ignored while stopping: ${(reason as Error).message} (from Bull or ioredis, whose connections are closing)`);
      return;
    }
    throw reason;
  });
}
