/**
 * Test harness: a master app built with createApp on real dependencies (a real Redis, the real
 * installed packs), listening on a free port of 127.0.0.1, plus small HTTP helpers.
 */
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { Redis } from 'ioredis';
import type { ExecutionContext, TestFn } from 'ava';
import { contract } from '../../../test/helpers/contract.js';
import { startRedis, type TestRedis } from '../../../test/helpers/redis.js';
import { loadPacks, QueueFactory, type JobResult, type PackRegistry, type QueueJob } from '@sentinel/core';
import { answerClientErrors, createApp, createMasterQueue, createMasterRedis, type MasterDeps } from '../../src/app.js';
import { readMasterConfig } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';

export interface TestMaster {
  url: string;
  deps: MasterDeps;
  /** Every line the app logged, as "level: message". */
  logs: string[];
  close(): Promise<void>;
}

export function loadTestPacks(): Promise<PackRegistry> {
  return loadPacks({ names: ['python', 'javascript'] });
}

/** Starts a master on `redisUrl`; `env` overrides its variables (rate limit is high by default). */
export async function startTestMaster(redisUrl: string, env: Record<string, string> = {}): Promise<TestMaster> {
  const logs: string[] = [];
  const logger: Logger = {
    info: (message) => void logs.push(`info: ${message}`),
    warn: (message) => void logs.push(`warn: ${message}`),
    error: (message, error) => void logs.push(`error: ${message}${error ? `: ${String(error)}` : ''}`),
  };
  const config = readMasterConfig({ REDIS_URL: redisUrl, RATE_LIMIT_MAX: '100000', ...env });
  // Loaded now, so that no test's timing includes it (its first check would otherwise).
  const [registry] = await Promise.all([loadTestPacks(), contract()]);
  const redis = createMasterRedis(redisUrl, logger);
  const jobsRedis = createMasterRedis(redisUrl, logger, 'master-jobs');
  const queue = createMasterQueue(redisUrl, redis, jobsRedis, logger, 'test-master');
  const deps = { config, registry, queue, redis, logger } satisfies MasterDeps;
  // As startMaster does: subscribed to the job-finish events before listening.
  await queue.listen(registry.ids());
  const server: Server = createApp(deps).listen(0, '127.0.0.1');
  answerClientErrors(server); // as startMaster does
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    logs,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await deps.queue.close();
      redis.disconnect();
      jobsRedis.disconnect();
    },
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON answer from `url`, which must be as the OpenAPI document says (test/helpers/contract.ts). */
export async function request<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<Reply<T>> {
  const reply = await requestOffContract<T>(url, init);
  (await contract()).check({ method: init.method ?? 'GET', url, status: reply.status, contentType: reply.headers.get('content-type') ?? '', body: reply.body });
  return reply;
}

/** A JSON answer not checked against the contract: for tests of what the document leaves out on purpose (unknown routes, methods). */
export async function requestOffContract<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<Reply<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new Error(`expected JSON from ${url}, got ${type}: ${text.slice(0, 200)}`);
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
}

export function postJson<T = Record<string, unknown>>(url: string, body: unknown, headers: Record<string, string> = {}) {
  return request<T>(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The seed README's example request. */
export const SEED_REQUEST = {
  code: 'n = int(input())\nprint(n * 2)',
  language: 'python',
  testCases: [
    { input: '5', expected: '10' },
    { input: '100', expected: '200' },
  ],
};

/** A direct connection for the test to look into Redis. */
export function inspect(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: 1 });
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Polls GET /job/:id until its status is `status`. */
export async function waitForStatus(url: string, id: string, status: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await request(`${url}/job/${id}`);
    if (reply.body.status === status) return reply;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${String(reply.body.status)}, not ${status}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A test file's private Redis, a master on it and a connection to inspect Redis with. */
export interface MasterFixture {
  redis: TestRedis;
  master: TestMaster;
  db: Redis;
}

/** Registers the before/after hooks that give a test file a MasterFixture (filled in before its tests). */
export function useMaster(test: TestFn, env: Record<string, string> = {}): MasterFixture {
  const fixture = {} as MasterFixture;
  test.before(async () => {
    fixture.redis = await startRedis();
    fixture.master = await startTestMaster(fixture.redis.url, env);
    fixture.db = inspect(fixture.redis.url);
  });
  test.after.always(async () => {
    await fixture.master?.close();
    fixture.db?.disconnect();
    await fixture.redis?.stop();
  });
  return fixture;
}

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * POSTs raw bytes with exactly the headers given (no Content-Type added): one Buffer is sent with
 * its Content-Length, an array of Buffers as chunks (Transfer-Encoding: chunked). The answer must be JSON.
 */
export function rawPost(url: string, body: Buffer | Buffer[], headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(body);
    const sent = httpRequest(url, { method: 'POST', headers: chunked ? headers : { ...headers, 'Content-Length': String(body.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (!String(response.headers['content-type']).startsWith('application/json')) return reject(new Error(`expected JSON, got ${text.slice(0, 200)}`));
        const reply = { status: response.statusCode!, headers: response.headers, body: JSON.parse(text) as Record<string, unknown> };
        contract()
          .then((checker) => checker.check({ method: 'POST', url, status: reply.status, contentType: String(response.headers['content-type']), body: reply.body }))
          .then(() => resolve(reply), reject);
      });
    });
    sent.on('error', reject);
    for (const chunk of chunked ? body : [body]) sent.write(chunk);
    sent.end();
  });
}

/** POST /execute that must be accepted; answers the new job's id. */
export async function submitJob(masterUrl: string, body: object = SEED_REQUEST): Promise<string> {
  const reply = await postJson(`${masterUrl}/execute`, body);
  if (reply.status !== 200) throw new Error(`submit: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id as string;
}

/** A real Bull worker on `language`'s queue, standing in for an executor; closed when the test ends. */
export function startWorker(t: Pick<ExecutionContext, 'teardown'>, redisUrl: string, language: string, processor: (job: QueueJob) => Promise<JobResult>): void {
  const factory = new QueueFactory(redisUrl, 'test-worker');
  t.teardown(() => factory.close());
  void factory.queue(language).process(processor);
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Sends `bytes` on a new TCP connection and reads until the server closes it; the answer must be JSON. */
export function rawExchange(url: string, bytes: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1]);
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      try {
        resolve({ status, headers, body: JSON.parse(body) as Record<string, unknown> });
      } catch {
        reject(new Error(`not a JSON answer: ${JSON.stringify(text.slice(0, 300))}`));
      }
    });
    socket.write(bytes);
  });
}
