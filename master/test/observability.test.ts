/** GET /metrics, X-Request-Id and the request log, on a master with a real Redis. */
import { Writable } from 'node:stream';
import test from 'ava';
import { QueueFactory } from '@sentinel/core';
import { createApp, createMasterQueue, createMasterRedis } from '../src/app.js';
import { readMasterConfig } from '../src/config.js';
import { JsonLogger } from '../src/logger.js';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { loadTestPacks, postJson, rawExchange, request, requestOffContract, SEED_REQUEST, startTestMaster, type TestMaster } from './helpers/master.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let redis: TestRedis;
let master: TestMaster;
test.before(async () => {
  redis = await startRedis();
  master = await startTestMaster(redis.url);
});
test.after.always(async () => {
  await master?.close();
  await redis?.stop();
});

async function metricsText(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${url}/metrics`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample line, e.g. `sentinel_queue_jobs{language="python",state="waiting"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('GET /metrics lists every family of the master in the Prometheus text format', async (t) => {
  await request(`${master.url}/languages`);
  const { status, type, text } = await metricsText(master.url);
  t.is(status, 200);
  t.regex(type ?? '', /^text\/plain; version=0\.0\.4/);
  for (const family of ['sentinel_http_request_duration_seconds', 'sentinel_queue_jobs', 'sentinel_queue_counts_up', 'process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']) {
    t.regex(text, new RegExp(`^# TYPE ${family} `, 'm'), family);
  }
  t.is(sample(text, 'sentinel_queue_counts_up'), 1);
  for (const state of ['waiting', 'active', 'completed', 'failed', 'delayed']) {
    t.is(typeof sample(text, `sentinel_queue_jobs{language="python",state="${state}"}`), 'number', state);
  }
});

test('a request is counted by its route template and status, never by its raw URL', async (t) => {
  const id = '0b7c4f8e-3f7e-4c2a-9d7e-1a2b3c4d5e6f';
  t.is((await request(`${master.url}/job/${id}`)).status, 404);
  t.is((await request(`${master.url}/job/${id}`)).status, 404);
  t.is((await requestOffContract(`${master.url}/no/such/route`)).status, 404); // no route: undocumented on purpose
  const { text } = await metricsText(master.url);
  t.is(sample(text, 'sentinel_http_request_duration_seconds_count{method="GET",route="/job/:id",status="404"}'), 2);
  t.true((sample(text, 'sentinel_http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"}') ?? 0) >= 1);
  t.false(text.includes(id), 'no job id in any label');
  t.false(text.includes('/no/such/route'));
});

test.serial('a queued job shows in sentinel_queue_jobs (waiting, no executor)', async (t) => {
  const before = sample((await metricsText(master.url)).text, 'sentinel_queue_jobs{language="python",state="waiting"}') ?? 0;
  t.is((await postJson(`${master.url}/execute`, SEED_REQUEST)).status, 200);
  const after = sample((await metricsText(master.url)).text, 'sentinel_queue_jobs{language="python",state="waiting"}');
  t.is(after, before + 1);
});

test('X-Request-Id: a valid one is echoed, an absent or invalid one is replaced by a UUID, errors included', async (t) => {
  const given = 'client-42.retry:1_x';
  const echoed = await request(`${master.url}/languages`, { headers: { 'X-Request-Id': given } });
  t.is(echoed.headers.get('x-request-id'), given);
  const minted = await request(`${master.url}/languages`);
  t.regex(minted.headers.get('x-request-id') ?? '', UUID);
  for (const bad of ['', 'has space', 'x'.repeat(129), 'semi;colon', 'quote"d', 'a/b']) {
    const reply = await fetch(`${master.url}/languages`, { headers: { 'X-Request-Id': bad } });
    t.regex(reply.headers.get('x-request-id') ?? '', UUID, JSON.stringify(bad));
  }
  const long = 'a'.repeat(128);
  t.is((await request(`${master.url}/languages`, { headers: { 'X-Request-Id': long } })).headers.get('x-request-id'), long);

  const refused = await postJson(`${master.url}/execute`, { language: 'klingon', code: 'x' }, { 'X-Request-Id': 'bad-request-1' });
  t.is(refused.status, 400);
  t.is(refused.headers.get('x-request-id'), 'bad-request-1');
  const unrouted = await requestOffContract(`${master.url}/nowhere`, { headers: { 'X-Request-Id': 'lost-1' } });
  t.is(unrouted.status, 404);
  t.is(unrouted.headers.get('x-request-id'), 'lost-1');
  // Even what Node's HTTP parser refuses before Koa gets an id.
  const raw = await rawExchange(master.url, 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
  t.is(raw.status, 400);
  t.regex(raw.headers['x-request-id'] ?? '', UUID);
});

test('one JSON log line per request, with its request id, route, status and job id; the job payload carries the request id', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = new JsonLogger({ level: 'info', destination });
  const config = readMasterConfig({ REDIS_URL: redis.url, RATE_LIMIT_MAX: '100000' });
  const mredis = createMasterRedis(redis.url, logger);
  const jobsRedis = createMasterRedis(redis.url, logger, 'master-jobs');
  const queue = createMasterQueue(redis.url, mredis, jobsRedis, logger, 'log-test');
  const server = createApp({ config, registry: await loadTestPacks(), queue, redis: mredis, logger }).listen(0, '127.0.0.1');
  t.teardown(async () => {
    await new Promise((resolve) => server.close(resolve));
    await queue.close();
    mredis.disconnect();
    jobsRedis.disconnect();
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const submitted = await postJson(`${url}/execute`, SEED_REQUEST, { 'X-Request-Id': 'submit-1' });
  t.is(submitted.status, 200);
  const jobId = submitted.body.id as string;
  await request(`${url}/job/${jobId}`, { headers: { 'X-Request-Id': 'read-1' } });

  const submitLine = lines.find((line) => line.requestId === 'submit-1' && line.route === '/execute');
  t.like(submitLine, { level: 'info', name: 'sentinel-master', method: 'POST', status: 200, jobId, msg: 'POST /execute 200' });
  t.is(typeof submitLine?.durationMs, 'number');
  t.is(typeof submitLine?.time, 'string');
  t.like(lines.find((line) => line.requestId === 'read-1'), { route: '/job/:id', status: 200, jobId });
  // The payload carries the request id to the executor.
  const client = new QueueFactory(redis.url, 'log-test-reader');
  t.teardown(() => client.close());
  const job = await client.queue('python').getJob(jobId);
  t.is((job?.data as { requestId?: string }).requestId, 'submit-1');
});
