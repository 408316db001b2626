/** IP rate limiting, counted in Redis. Serial, with the counters cleared before each test. */
import test from 'ava';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { RATE_LIMIT_NAMESPACE } from '../src/rate-limit.js';
import { inspect, postJson, request, SEED_REQUEST, startTestMaster, type TestMaster } from './helpers/master.js';

let redis: TestRedis;
let db: Redis;

test.before(async () => {
  redis = await startRedis();
  db = inspect(redis.url);
});

test.beforeEach(async () => {
  await db.flushdb();
});

test.after.always(async () => {
  db?.disconnect();
  await redis?.stop();
});

async function limitedMaster(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}): Promise<TestMaster> {
  const master = await startTestMaster(redis.url, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000', ...env });
  t.teardown(() => master.close());
  return master;
}

const LIMITED = /^too many requests: at most 3 per 60 s from one client; retry after (\d+) s$/;

test.serial('the 4th request in a window is a 429 JSON with Retry-After and X-RateLimit-* headers', async (t) => {
  const master = await limitedMaster(t);
  const remaining: (string | null)[] = [];
  for (let i = 0; i < 3; i += 1) {
    const reply = await request(`${master.url}/languages`);
    t.is(reply.status, 200);
    t.is(reply.headers.get('x-ratelimit-limit'), '3');
    remaining.push(reply.headers.get('x-ratelimit-remaining'));
  }
  t.deepEqual(remaining, ['2', '1', '0']);

  const limited = await postJson(`${master.url}/execute`, SEED_REQUEST);
  t.is(limited.status, 429);
  t.is(limited.body.error, 'RATE_LIMITED');
  const match = LIMITED.exec(limited.body.message as string);
  t.truthy(match, limited.body.message as string);
  const retryAfter = Number(limited.headers.get('retry-after'));
  t.true(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  t.is(limited.body.retryAfter, retryAfter);
  t.is(Number(match![1]), retryAfter);
  t.is(limited.headers.get('x-ratelimit-limit'), '3');
  t.is(limited.headers.get('x-ratelimit-remaining'), '0');
  const reset = Number(limited.headers.get('x-ratelimit-reset'));
  const now = Date.now() / 1000;
  t.true(reset > now && reset <= now + 61, `reset ${reset}`);
  t.is(await db.llen('bull:python:wait'), 0, 'the limited request queued nothing');
});

test.serial('/health is never counted', async (t) => {
  const master = await limitedMaster(t);
  for (let i = 0; i < 5; i += 1) {
    const reply = await request(`${master.url}/health`);
    t.is(reply.status, 200);
    t.is(reply.headers.get('x-ratelimit-limit'), null);
  }
  t.is((await request(`${master.url}/languages`)).status, 200);
});

test.serial('the limit is shared by two masters on the same Redis', async (t) => {
  const first = await limitedMaster(t);
  const second = await limitedMaster(t);
  t.is((await request(`${first.url}/languages`)).status, 200);
  t.is((await request(`${second.url}/languages`)).status, 200);
  t.is((await request(`${first.url}/languages`)).status, 200);
  const limited = await request(`${second.url}/languages`);
  t.is(limited.status, 429);
  t.is(limited.body.error, 'RATE_LIMITED');
});

test.serial('TRUST_PROXY on: X-Forwarded-For is the client, each limited on its own', async (t) => {
  const master = await limitedMaster(t, { TRUST_PROXY: 'true' });
  const from = (ip: string) => request(`${master.url}/languages`, { headers: { 'X-Forwarded-For': `${ip}, 10.0.0.9` } });
  for (let i = 0; i < 3; i += 1) t.is((await from('203.0.113.1')).status, 200);
  t.is((await from('203.0.113.1')).status, 429);
  t.is((await from('203.0.113.2')).status, 200);
  t.deepEqual((await db.keys(`${RATE_LIMIT_NAMESPACE}:*`)).sort(), [
    `${RATE_LIMIT_NAMESPACE}:203.0.113.1`,
    `${RATE_LIMIT_NAMESPACE}:203.0.113.2`,
  ]);
});

test.serial('TRUST_PROXY off: X-Forwarded-For is ignored, the peer address is the client', async (t) => {
  const master = await limitedMaster(t);
  const from = (ip: string) => request(`${master.url}/languages`, { headers: { 'X-Forwarded-For': ip } });
  t.is((await from('203.0.113.1')).status, 200);
  t.is((await from('203.0.113.2')).status, 200);
  t.is((await from('203.0.113.3')).status, 200);
  t.is((await from('203.0.113.4')).status, 429);
  const keys = await db.keys(`${RATE_LIMIT_NAMESPACE}:*`);
  t.is(keys.length, 1);
  t.regex(keys[0]!, /127\.0\.0\.1$/);
});
