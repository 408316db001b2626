/**
 * The hostile suite's harness: a real executor (real Redis, real packs, the real sandbox with
 * seccomp, cgroups and rlimits) that a test file feeds programs through the language queues,
 * plus the checks that the host is unchanged afterwards. Each test file gets its own range of
 * sandbox uids (HOSTILE_UIDS from its first) and cgroup name, so it can count its own leftovers
 * while other files run.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { createJobQueue, createRedis, loadPackFrom, loadPacks, QueueFactory, type JobPayload, type JobResult, type Limits, type TestCaseInput } from '@sentinel/core';
import { startRedis, type TestRedis } from '../../../test/helpers/redis.js';
import { readExecutorConfig } from '../../src/config.js';
import { Executor } from '../../src/executor.js';
import { createRealSandbox, payload, RecordingSandbox, type RealSandbox } from '../helpers.js';

export interface JobOptions {
  testCases?: TestCaseInput[];
  stdin?: string;
  args?: string[];
  limits?: Partial<Limits>;
}

export interface Hostile {
  redis: TestRedis;
  real: RealSandbox;
  recording: RecordingSandbox;
  /** The first of the file's HOSTILE_UIDS sandbox uids. */
  uid: number;
  cgroupName: string;
  /** Runs one job to its end through the queue and answers its result. */
  run(language: string, code: string, options?: JobOptions): Promise<JobResult>;
  /**
   * Runs one job as the master queues it (two attempts) and answers how it ended: its state, its
   * result or failure, and how many attempts it took (a job whose code did something to itself
   * must complete on the first, with a verdict).
   */
  settle(language: string, code: string, options?: JobOptions): Promise<{ state: string; result?: JobResult; failedReason?: string; attemptsMade: number }>;
  /** Puts raw data on a language queue, as a forger with Redis access could, and answers how the job ended. */
  forge(language: string, data: unknown): Promise<{ state: string; failedReason: string | undefined }>;
  stop(): Promise<void>;
}

/** Sandbox uids per test file: one per live sandbox (two running, two spares at most). */
export const HOSTILE_UIDS = 4;

/** Limits of the suite's runs: small, so attacks are stopped fast. */
export const HOSTILE_LIMITS: Partial<Limits> = { wallMs: 3_000, cpuMs: 1_000, memoryMb: 128, processes: 32, outputKb: 64, fileSizeKb: 1_024 };

export async function startHostile(uid: number, cgroupName: string, options: { rlimits?: boolean } = {}): Promise<Hostile> {
  const redis = await startRedis();
  const real = await createRealSandbox({ uid, uidCount: HOSTILE_UIDS, cgroupName, rlimits: options.rlimits });
  const recording = new RecordingSandbox(real.sandbox);
  const registry = await loadPacks({ names: ['python', 'c', 'bash'] });
  const buildPack = await loadPackFrom(fileURLToPath(new URL('../fixtures/lang-build', import.meta.url)));
  const config = readExecutorConfig({
    REDIS_URL: redis.url,
    SENTINEL_CONCURRENCY: '2',
    SENTINEL_COMPILE_WALL_MS: '5000',
    SENTINEL_COMPILE_CPU_MS: '3000',
  });
  const executor = new Executor({
    config,
    packs: [...registry.list(), buildPack],
    sandbox: recording,
    workspaces: real.workspaces,
    queue: createJobQueue({ redisUrl: redis.url, role: 'hostile-executor' }),
    redis: createRedis(redis.url, 'hostile-status'),
  });
  await executor.start();
  const client = new QueueFactory(redis.url, 'hostile-client');

  return {
    redis,
    real,
    recording,
    uid,
    cgroupName,
    async run(language, code, options = {}) {
      const data = jobData(language, code, options);
      const job = await client.queue(language).add(data, { jobId: data.id, attempts: 1 });
      return (await job.finished()) as JobResult;
    },
    async settle(language, code, options = {}) {
      const data = jobData(language, code, options);
      const job = await client.queue(language).add(data, { jobId: data.id, attempts: 2 });
      const result = (await job.finished().catch(() => undefined)) as JobResult | undefined;
      const stored = await client.queue(language).getJob(job.id);
      return { state: (await stored?.getState()) ?? 'missing', result, failedReason: stored?.failedReason, attemptsMade: stored?.attemptsMade ?? -1 };
    },
    async forge(language, data) {
      const job = await client.queue(language).add(data as JobPayload, { attempts: 2 });
      await job.finished().catch(() => {});
      const stored = await client.queue(language).getJob(job.id);
      return { state: (await stored?.getState()) ?? 'missing', failedReason: stored?.failedReason };
    },
    async stop() {
      await client.close();
      await executor.stop();
      await real.remove();
      await redis.stop();
    },
  };
}

function jobData(language: string, code: string, options: JobOptions): JobPayload {
  const { testCases = [], stdin = '', args = [], limits } = options;
  return payload({ language, code, testCases, stdin, args, limits: { ...HOSTILE_LIMITS, ...limits } });
}

/**
 * A hostile executor for the test file that calls this: started before its tests, checked clean
 * after each, stopped after all. Answers a getter (the executor exists once the hook has run).
 */
export function useHostile(uid: number, cgroupName: string, options: { rlimits?: boolean } = {}): () => Hostile {
  let hostile: Hostile | undefined;
  test.before(async () => {
    hostile = await startHostile(uid, cgroupName, options);
  });
  test.after.always(async () => {
    await hostile?.stop();
  });
  test.afterEach(async (t) => {
    await assertHostClean(t, hostile!);
  });
  return () => hostile!;
}

/** Host pids whose real uid is one of the `count` from `uid`. */
export async function processesOf(uid: number, count = HOSTILE_UIDS): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const real = Number(/^Uid:\s+(\d+)\s/m.exec(status)?.[1] ?? -1);
    if (real >= uid && real < uid + count) found.push(Number(name));
  }
  return found;
}

/** Host pids whose command line contains `marker`. */
export async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(marker)) found.push(Number(name));
  }
  return found;
}

/** Run cgroups left under the file's parent cgroup (v1 memory hierarchy, or v2). */
async function leftoverCgroups(cgroupName: string): Promise<string[]> {
  const own = (await readFile('/proc/self/cgroup', 'utf8')).split('\n');
  const memory = own.find((line) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(line))?.split(':')[2];
  const unified = own.find((line) => line.startsWith('0::'))?.slice(3);
  const parent = memory !== undefined ? path.join('/sys/fs/cgroup/memory', memory, cgroupName) : path.join('/sys/fs/cgroup', unified ?? '/', cgroupName);
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []); // none made in rlimits mode
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

/**
 * The host is as it was: no process of the sandbox uid, no run cgroup, no job directory left,
 * besides the spare sandboxes waiting for the next runs (each a bwrap that has run nothing yet).
 */
export async function assertHostClean(t: ExecutionContext, hostile: Hostile): Promise<void> {
  const spares = await hostile.real.sandbox.idleSpares();
  t.true(spares.length <= 1, `at most the one spare of the sandbox waits (${spares.length})`);
  for (const spare of spares) {
    t.regex(await readFile(`/proc/${spare.pid}/cmdline`, 'utf8'), /^\/usr\/bin\/bwrap\0/, 'a spare is a bwrap');
    t.is((await readFile(`/proc/${spare.pid}/task/${spare.pid}/children`, 'utf8')).trim(), '', 'a spare has started nothing yet');
  }
  const sparePids = new Set(spares.map((spare) => spare.pid));
  const survivors = (await processesOf(hostile.uid)).filter((pid) => !sparePids.has(pid));
  const described = await Promise.all(survivors.map(async (pid) => `${pid}: ${(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => 'gone')).split('\n').filter((l) => /^(Name|State|PPid|NSpid)/.test(l)).join(' ')}`));
  t.deepEqual(described, [], 'no process of the sandbox uid survives its run');
  const spareGroups = new Set(spares.map((spare) => spare.cgroup));
  t.deepEqual((await leftoverCgroups(hostile.cgroupName)).filter((name) => !spareGroups.has(name)), [], 'every run cgroup is removed');
  const jobs = (await readdir(hostile.real.workspaces.dir)).filter((name) => name.startsWith('job-'));
  t.deepEqual(jobs, [], 'every job directory is removed');
}
