/**
 * GET /health: Redis, every language queue, and the executors' heartbeats, each bounded by a
 * timeout so a stalled Redis makes the answer "down", never a hang.
 *
 * status: "down" when Redis does not answer; "degraded" when a queue does not answer, an executor
 * runs without a sandbox, or a language has waiting jobs and no executor; otherwise "ok".
 * A language without executors is only a warning while its queue is empty (KEDA scales to zero).
 */
import type { Redis } from 'ioredis';
import {
  describe,
  EXECUTOR_STATUS_PREFIX,
  type ExecutorStatus,
  type JobQueue,
  type PackRegistry,
  type SandboxMode,
} from '@sentinel/core';
import type { JobStore } from './job-store.js';
import type { MemoryReading, RedisMemory } from './redis-memory.js';

export interface QueueHealth {
  healthy: boolean;
  waiting: number | null;
  active: number | null;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  /** `memory`: Redis's used_memory and maxmemory (0: none), when they could be read. */
  redis: { connected: boolean; latencyMs: number | null; error?: string; memory?: MemoryReading };
  queues: Record<string, QueueHealth>;
  executors: ExecutorStatus[];
  /** Executor id -> the sandbox mode it runs jobs in. */
  sandbox: Record<string, SandboxMode>;
  warnings: string[];
}

export interface HealthSources {
  redis: Redis;
  jobs: JobStore;
  /** Names where a language's waiting jobs are, in warnings. */
  queue: JobQueue;
  registry: PackRegistry;
  memory: RedisMemory;
  /** Bound of each Redis round (ping, queue counts, heartbeat scan), ms. */
  timeoutMs: number;
}

export async function collectHealth({ redis, jobs, queue, registry, memory, timeoutMs }: HealthSources): Promise<HealthReport> {
  const ids = registry.ids();
  const started = performance.now();
  try {
    await withTimeout(redis.ping(), timeoutMs, 'redis ping');
  } catch (error) {
    const reason = describe(error);
    const down: QueueHealth = { healthy: false, waiting: null, active: null, error: 'redis is unreachable' };
    return {
      status: 'down',
      redis: { connected: false, latencyMs: null, error: reason },
      queues: Object.fromEntries(ids.map((id) => [id, down])),
      executors: [],
      sandbox: {},
      warnings: [`redis is unreachable: ${reason}`],
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;

  const [queueEntries, heartbeats, reading] = await Promise.all([
    Promise.all(ids.map(async (id) => [id, await queueHealth(jobs, id, timeoutMs)] as const)),
    withTimeout(readHeartbeats(redis), timeoutMs, 'executor heartbeat scan').catch((error: unknown) => ({
      executors: [] as ExecutorStatus[],
      problems: [`could not read executor heartbeats: ${describe(error)}`],
    })),
    withTimeout(memory.reading(), timeoutMs, 'redis INFO memory').catch(() => undefined),
  ]);
  const queues = Object.fromEntries(queueEntries);
  const { executors, problems } = heartbeats;

  const warnings = [...problems];
  let degraded = problems.length > 0;
  if (reading && memory.full(reading)) {
    warnings.push(`redis uses ${Math.floor((reading.usedBytes * 100) / reading.maxBytes)}% of its maxmemory: POST /execute answers 503 STORAGE_FULL from ${memory.percent}%`);
    degraded = true;
  }
  for (const [id, queue] of queueEntries) {
    if (!queue.healthy) {
      warnings.push(`queue ${id} did not answer: ${queue.error ?? 'unknown error'}`);
      degraded = true;
    }
  }
  for (const executor of executors) {
    if (executor.sandbox.mode === 'none') {
      warnings.push(
        `executor ${executor.id} on ${executor.hostname} runs submitted code WITHOUT A SANDBOX (mode "none"): ` +
          'anything a job does, it does with the executor\'s own privileges',
      );
      degraded = true;
    }
    for (const warning of executor.sandbox.warnings) warnings.push(`executor ${executor.id}: ${warning}`);
  }
  for (const id of ids) {
    if (executors.some((executor) => executor.languages.includes(id))) continue;
    const waiting = queues[id]?.waiting ?? 0;
    warnings.push(`no executor is serving ${id}: its jobs wait in ${queue.describeWaiting(id)} until one starts`);
    if (waiting > 0) degraded = true;
  }

  return {
    status: degraded ? 'degraded' : 'ok',
    redis: { connected: true, latencyMs, ...(reading ? { memory: reading } : {}) },
    queues,
    executors,
    sandbox: Object.fromEntries(executors.map((executor) => [executor.id, executor.sandbox.mode])),
    warnings,
  };
}

async function queueHealth(jobs: JobStore, id: string, timeoutMs: number): Promise<QueueHealth> {
  try {
    const counts = await withTimeout(jobs.counts(id), timeoutMs, `queue ${id}`);
    return { healthy: true, waiting: counts.waiting, active: counts.active };
  } catch (error) {
    return { healthy: false, waiting: null, active: null, error: describe(error) };
  }
}

/** Every `sentinel:executor:*` heartbeat (SCAN, then MGET), sorted by executor id. */
async function readHeartbeats(redis: Redis): Promise<{ executors: ExecutorStatus[]; problems: string[] }> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${EXECUTOR_STATUS_PREFIX}*`, 'COUNT', 100);
    cursor = next;
    for (const key of batch) keys.add(key);
  } while (cursor !== '0');
  if (keys.size === 0) return { executors: [], problems: [] };

  const names = [...keys].sort();
  const values = await redis.mget(...names);
  const executors: ExecutorStatus[] = [];
  const problems: string[] = [];
  values.forEach((value, index) => {
    if (value === null) return; // expired between SCAN and MGET
    const status = parseHeartbeat(value);
    if (status) executors.push(status);
    else problems.push(`executor heartbeat ${names[index]} is not a valid executor status`);
  });
  executors.sort((a, b) => a.id.localeCompare(b.id));
  return { executors, problems };
}

function parseHeartbeat(text: string): ExecutorStatus | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isExecutorStatus(value) ? value : undefined;
}

function isExecutorStatus(value: unknown): value is ExecutorStatus {
  if (typeof value !== 'object' || value === null) return false;
  const status = value as Partial<ExecutorStatus>;
  const sandbox = status.sandbox;
  return (
    typeof status.id === 'string' &&
    typeof status.hostname === 'string' &&
    Array.isArray(status.languages) &&
    status.languages.every((language) => typeof language === 'string') &&
    typeof sandbox === 'object' &&
    sandbox !== null &&
    (sandbox.mode === 'bwrap' || sandbox.mode === 'none') &&
    Array.isArray(sandbox.warnings)
  );
}

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
