/**
 * For the reliability tests and the soak: what a process uses (from /proc), which of a supervisor's
 * children runs which entry, and what Bull publishes when jobs finish.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRedis, QUEUE_PREFIX } from '@sentinel/core';
import type { Redis } from 'ioredis';

/** VmRSS of a process in KiB, from /proc/<pid>/status (undefined when it is gone). */
export async function rssKb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) : undefined;
}

/** The pid of a direct child of `parent` whose command line contains `needle`. */
export async function childRunning(parent: number, needle: string): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== parent || fields[0] === 'Z') continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').some((argument) => argument.includes(needle))) return Number(entry);
  }
  return undefined;
}

/** Which of `candidates` has a descendant (at any depth) whose command line contains `needle`. */
export async function ancestorOfRunning(candidates: readonly number[], needle: string): Promise<number | undefined> {
  const parents = new Map<number, number>();
  const matches: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').some((argument) => argument.includes(needle))) matches.push(Number(entry));
  }
  for (const match of matches) {
    for (let pid: number | undefined = match; pid !== undefined && pid > 1; pid = parents.get(pid)) {
      if (candidates.includes(pid)) return pid;
    }
  }
  return undefined;
}

/** Whether `pid` runs (and is not a zombie). */
export async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \([^)]*\) Z/.test(stat);
}

/** Redis's `used_memory` (bytes) from INFO memory. */
export async function redisUsedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? Number.NaN);
}

/**
 * Counts the `completed` and `failed` messages Bull publishes per job id (its moveToFinished and
 * stalled-job scripts publish once per job that really finishes): "exactly once" is one message.
 */
export class FinishCounter {
  readonly completed = new Map<string, number>();
  readonly failed = new Map<string, number>();
  private constructor(private readonly subscriber: Redis) {}

  static async start(redisUrl: string, languageId: string): Promise<FinishCounter> {
    const subscriber = createRedis(redisUrl, 'test-finish-counter');
    const counter = new FinishCounter(subscriber);
    const channels = { [`${QUEUE_PREFIX}:${languageId}:completed`]: counter.completed, [`${QUEUE_PREFIX}:${languageId}:failed`]: counter.failed };
    subscriber.on('message', (channel: string, message: string) => {
      const counts = channels[channel];
      if (!counts) return;
      const jobId = String((JSON.parse(message) as { jobId: unknown }).jobId);
      counts.set(jobId, (counts.get(jobId) ?? 0) + 1);
    });
    await subscriber.subscribe(...Object.keys(channels));
    return counter;
  }

  async stop(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
