/**
 * Starts Sentinel's real processes (the built dist entries) for end-to-end tests, and talks to
 * them over real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';
import getPort from 'get-port';
import { checkedBody, contract } from './contract.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const masterEntry = path.join(repoRoot, 'master/dist/main.js');
export const executorEntry = path.join(repoRoot, 'executor/dist/main.js');

export interface Service {
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * What registers cleanups: an ava test context, or a list a before hook runs in after.always. A
 * test context also gets the output of the services it started logged when it fails.
 */
export type Teardown = Pick<ExecutionContext, 'teardown'> & Partial<Pick<ExecutionContext, 'log' | 'passed'>>;

/** How much of a service's output a failing test logs (its end). */
const OUTPUT_ON_FAILURE = 6_000;

/** Spawns `node <entry>` with the given environment added; stopped when the test ends. */

export function startService(t: Teardown, entry: string, env: Record<string, string>): Service {
  const child = spawn(process.execPath, [entry], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  };
  t.teardown(() => {
    if (t.passed === false) t.log?.(`${path.relative(repoRoot, entry)} (pid ${child.pid}) printed:\n${output.slice(-OUTPUT_ON_FAILURE)}`);
    return stop('SIGKILL');
  });
  return { child, output: () => output, stop };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** GET `url`; the answer must be as the OpenAPI document says (test/helpers/contract.ts). */
export async function getJson(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: await checkedBody('GET', url, response), headers: response.headers };
}

/** POST `body` as JSON to `url`; the answer must be as the OpenAPI document says. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await checkedBody('POST', url, response), headers: response.headers };
}

/** Polls GET /job/:id until the job is completed or failed. */
export function waitForJob(baseUrl: string, id: string, timeoutMs = 30_000): Promise<any> {
  return waitFor(`job ${id}`, async () => {
    const { status, body } = await getJson(`${baseUrl}/job/${id}`);
    if (status !== 200) throw new Error(`GET /job/${id} answered ${status}: ${JSON.stringify(body)}`);
    return body.status === 'completed' || body.status === 'failed' ? body : undefined;
  }, timeoutMs);
}

/**
 * A master and an executor (the built processes) on `redisUrl`, with `env` added; answers once the
 * master is up and an executor heartbeat is in. Every request of a test comes from one IP, so the
 * rate limit is raised: it is not what these tests are about.
 */
export async function startStack(t: Teardown, redisUrl: string, env: Record<string, string> = {}) {
  const port = await getPort();
  // No executor metrics port unless a test asks for one: tests run side by side on one host.
  const stackEnv = { REDIS_URL: redisUrl, PORT: String(port), SENTINEL_CONCURRENCY: '2', RATE_LIMIT_MAX: '1000000', SENTINEL_METRICS_PORT: '0', ...env };
  const master = startService(t, masterEntry, stackEnv);
  const executor = startService(t, executorEntry, stackEnv);
  const url = `http://127.0.0.1:${port}`;
  await contract(); // loaded now, so that no test's timing includes it
  await waitFor('the master', async () => ((await fetch(`${url}/health`)).ok ? true : undefined));
  await waitFor('an executor heartbeat', async () => {
    const { body } = await getJson(`${url}/health`);
    return body.executors?.length ? true : undefined;
  });
  return { url, env: stackEnv, master, executor };
}
