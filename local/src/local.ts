/**
 * Local mode: the whole service on one machine. Uses REDIS_URL when set, else starts a private
 * redis-server; runs one master and ONE executor process serving every installed pack (its shared
 * concurrency bound keeps the machine from being oversubscribed); restarts either when it dies.
 */
import { fileURLToPath } from 'node:url';
import { createJobQueue, isWorkerMessage, type WorkerIdentity } from '@sentinel/core';
import type { LocalConfig } from './config.js';
import { LocalRedis } from './redis-server.js';
import { Supervised } from './supervised.js';

export interface LocalService {
  url: string;
  redisUrl: string;
  master: Supervised;
  executor: Supervised;
  stop(): Promise<void>;
}

const entry = (specifier: string) => fileURLToPath(import.meta.resolve(specifier));

export async function startLocal(config: LocalConfig, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<LocalService> {
  const redis = config.REDIS_URL ? undefined : new LocalRedis(config.SENTINEL_DATA_DIR, config.SENTINEL_REDIS_SERVER, config.SENTINEL_REDIS_MAXMEMORY_MB);
  const redisUrl = config.REDIS_URL ?? (await redis!.start());
  log(redis ? `redis-server on ${redisUrl} (data in ${config.SENTINEL_DATA_DIR}/redis)` : `using Redis at ${redisUrl}`);

  const childEnv = { ...env, REDIS_URL: redisUrl, PORT: String(config.PORT) };
  const master = new Supervised({ name: 'master', file: process.execPath, args: [entry('@sentinel/master/main')], env: childEnv, graceMs: 10_000, log });
  // The supervisor knows the instant its executor dies: that executor's jobs go back to wait at
  // once, instead of when their locks expire.
  const queue = createJobQueue({ redisUrl, role: 'supervisor', onError: (id, error) => log(`queue ${id}: ${(error as Error)?.message ?? String(error)}`) });
  let worker: WorkerIdentity | undefined;
  const releaseWorker = async () => {
    const dead = worker;
    worker = undefined;
    if (!dead) return;
    const released = await queue.releaseWorker(dead);
    if (released > 0) log(`executor's ${released} running job(s) released to run again`);
  };
  const executor = new Supervised({
    name: 'executor',
    file: process.execPath,
    args: [entry('@sentinel/executor/main')],
    env: childEnv,
    graceMs: config.SENTINEL_DRAIN_MS,
    log,
    onMessage: (message) => {
      if (isWorkerMessage(message)) worker = message.worker;
    },
    onExit: releaseWorker,
  });
  const stop = async () => {
    // The master first (no new jobs), then the executor drains, then Redis, which they both need.
    await master.stop();
    await executor.stop();
    await queue.close();
    await redis?.stop();
  };
  try {
    executor.start();
    master.start();
    const url = `http://localhost:${config.PORT}`;
    await waitForHealth(url, 30_000);
    return { url, redisUrl, master, executor, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the master did not answer ${url}/health within ${timeoutMs} ms (${last})`);
}
