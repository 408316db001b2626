/**
 * Local mode (local/dist: a private redis-server, the master and one executor) for the benchmark:
 * data dir in a temp directory, a free port, the rate limit raised (every request comes from one
 * IP) and the admission bound raised high (still checked: a large bound, not 0 = "no bound").
 * Stopping it stops the master, executor and redis-server and removes the data dir with every key
 * and queued job the run created.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { startLocal, type LocalService } from '../../local/dist/local.js';
import { requestJson } from './http.mts';

export interface BenchService {
  url: string;
  local: LocalService;
  stop(): Promise<void>;
}

export async function startService(concurrency: number): Promise<BenchService> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-bench-data-'));
  const port = await getPort({ host: '127.0.0.1' });
  const env = {
    ...process.env,
    RATE_LIMIT_MAX: '1000000000',
    MAX_QUEUE_LENGTH: '100000000',
    SENTINEL_CONCURRENCY: String(concurrency),
  };
  const log = (line: string) => console.error(`[sentinel] ${line}`);
  // Room for the admission run's queued jobs (about 50,000) below the master's Redis memory bound.
  const config = { PORT: port, SENTINEL_DATA_DIR: dataDir, SENTINEL_REDIS_SERVER: 'redis-server', SENTINEL_DRAIN_MS: 10_000, SENTINEL_REDIS_MAXMEMORY_MB: 4_096 };
  const local = await startLocal(config, env, log).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForExecutor(url);
  const stop = async () => {
    await local.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { url, local, stop };
}

async function waitForExecutor(url: string): Promise<void> {
  for (let deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const health = (await (await fetch(`${url}/health`)).json()) as { executors?: unknown[] };
    if (health.executors?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no executor heartbeat at ${url}/health within 30 s`);
}

export interface JobResult {
  id: string;
  status: string;
  verdict?: string;
}

/** POST /execute (with `?wait=30` when `wait`); throws unless the answer is a 2xx. */
export async function submit(url: string, body: unknown, wait: boolean): Promise<JobResult> {
  const { status, body: result } = await requestJson<JobResult>('POST', `${url}/execute${wait ? '?wait=30' : ''}`, body);
  if (status < 200 || status > 299) throw new Error(`POST /execute answered ${status}: ${JSON.stringify(result)}`);
  return result;
}

/** GET /job/:id?wait=30 until the job is completed or failed. */
export async function waitForJob(url: string, id: string): Promise<JobResult> {
  for (;;) {
    const { body: job } = await requestJson<JobResult>('GET', `${url}/job/${id}?wait=30`);
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
}

export function accepted(job: JobResult): JobResult {
  if (job.status !== 'completed' || job.verdict !== 'ACCEPTED') throw new Error(`job ${job.id}: ${JSON.stringify(job)}`);
  return job;
}

export const pythonHelloJob = {
  language: 'python',
  code: 'print("Hello, Sentinel!")\n',
  testCases: [{ input: '', expected: 'Hello, Sentinel!' }],
};
