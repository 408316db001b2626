/** Rate limits in classes (submit, read, wait), counted in Redis. Serial, with the counters cleared before each test. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import test from 'ava';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { errorHandler } from '../src/http-errors.js';
import { isOpenPath } from '../src/open-paths.js';
import { countItems, limitClassOf, rateLimit, RATE_LIMIT_NAMESPACE } from '../src/rate-limit.js';
import { inspect, postJson, request, requestOffContract, SEED_REQUEST, startTestMaster, submitJob, type TestMaster } from './helpers/master.js';

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

const LIMITS = { RATE_LIMIT_SUBMIT_PER_MINUTE: '3', RATE_LIMIT_READ_PER_MINUTE: '3', RATE_LIMIT_WAIT_PER_MINUTE: '3', RATE_LIMIT_WINDOW_MS: '60000' };

async function limitedMaster(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}): Promise<TestMaster> {
  const master = await startTestMaster(redis.url, { ...LIMITS, ...env });
  t.teardown(() => master.close());
  return master;
}

const LIMITED = /^too many submit requests: at most 3 per 60 s from one client; retry after (\d+) s$/;

test('each route has its class; the open paths have none', (t) => {
  const classOf = (method: string, path: string, query: Record<string, string> = {}) => limitClassOf({ method, path, query }, isOpenPath);
  t.is(classOf('POST', '/execute'), 'submit');
  t.is(classOf('POST', '/execute', { wait: '5' }), 'submit');
  t.is(classOf('POST', '/batch'), 'submit');
  t.is(classOf('GET', '/job/x'), 'read');
  t.is(classOf('GET', '/jobs', { ids: 'a,b' }), 'read');
  t.is(classOf('GET', '/languages'), 'read');
  t.is(classOf('GET', '/load'), 'read');
  t.is(classOf('GET', '/no/such/route'), 'read');
  t.is(classOf('GET', '/job/x', { wait: '5' }), 'wait');
  t.is(classOf('GET', '/job/x/events'), 'wait');
  for (const open of ['/health', '/metrics', '/openapi.json', '/docs', '/docs/index.css', '/', '/playground/app.js']) t.is(classOf('GET', open), undefined, open);
});

test.serial('the 4th submission in a window is a 429 JSON with Retry-After, RateLimit-* and X-RateLimit-* headers', async (t) => {
  const master = await limitedMaster(t);
  const remaining: (string | null)[] = [];
  for (let i = 0; i < 3; i += 1) {
    const reply = await postJson(`${master.url}/execute`, SEED_REQUEST);
    t.is(reply.status, 200);
    t.is(reply.headers.get('ratelimit-limit'), '3');
    t.is(reply.headers.get('x-ratelimit-limit'), '3');
    t.is(reply.headers.get('ratelimit-remaining'), reply.headers.get('x-ratelimit-remaining'));
    remaining.push(reply.headers.get('ratelimit-remaining'));
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
  t.is(limited.headers.get('ratelimit-remaining'), '0');
  t.is(limited.headers.get('x-ratelimit-remaining'), '0');
  t.is(Number(limited.headers.get('ratelimit-reset')), retryAfter);
  const reset = Number(limited.headers.get('x-ratelimit-reset'));
  const now = Date.now() / 1000;
  t.true(reset > now && reset <= now + 61, `reset ${reset}`);
  t.is(await db.llen('bull:python:wait'), 3, 'the limited request queued nothing');
});

test.serial('the classes count separately: reads and waits go on after submissions are used up', async (t) => {
  const master = await limitedMaster(t, { RATE_LIMIT_READ_PER_MINUTE: '5', RATE_LIMIT_WAIT_PER_MINUTE: '2' });
  const id = await submitJob(master.url);
  for (let i = 0; i < 2; i += 1) await submitJob(master.url);
  t.is((await postJson(`${master.url}/execute`, SEED_REQUEST)).status, 429);

  const read = await request(`${master.url}/job/${id}`);
  t.is(read.status, 200);
  t.is(read.headers.get('ratelimit-limit'), '5');
  t.is(read.headers.get('ratelimit-remaining'), '4');
  const waited = await request(`${master.url}/job/${id}?wait=0.1`);
  t.is(waited.status, 200);
  t.is(waited.headers.get('ratelimit-limit'), '2');
  t.is(waited.headers.get('ratelimit-remaining'), '1');
  t.is((await request(`${master.url}/job/${id}?wait=0.1`)).status, 200);
  const overWait = await request(`${master.url}/job/${id}?wait=0.1`);
  t.is(overWait.status, 429);
  t.regex(overWait.body.message as string, /^too many wait requests: at most 2 per 60 s/);
  t.is((await request(`${master.url}/languages`)).status, 200, 'reads are still allowed');
});

test.serial('polling its own job twice a second for a minute never hits a limit, while submissions stay bounded', async (t) => {
  // Time runs 10x fast: a 6 s window stands for the minute, with the default limits.
  const master = await limitedMaster(t, { RATE_LIMIT_SUBMIT_PER_MINUTE: '120', RATE_LIMIT_READ_PER_MINUTE: '1200', RATE_LIMIT_WAIT_PER_MINUTE: '120', RATE_LIMIT_WINDOW_MS: '6000' });
  const id = await submitJob(master.url);
  const statuses = new Set<number>();
  const end = Date.now() + 6_500;
  while (Date.now() < end) {
    const reply = await request(`${master.url}/job/${id}`);
    statuses.add(reply.status);
    await new Promise((resolve) => setTimeout(resolve, 50)); // 0.5 s at 10x
  }
  t.deepEqual([...statuses], [200]);

  await db.del(`${RATE_LIMIT_NAMESPACE}:submit:ip:127.0.0.1`);
  const submitted = await Promise.all(Array.from({ length: 125 }, () => postJson(`${master.url}/execute`, SEED_REQUEST)));
  t.is(submitted.filter((reply) => reply.status === 200).length, 120);
  t.true(submitted.filter((reply) => reply.status === 429).every((reply) => reply.body.error === 'RATE_LIMITED'));
  t.is(submitted.filter((reply) => reply.status === 429).length, 5);
});

test.serial('the open paths are never counted', async (t) => {
  const master = await limitedMaster(t);
  for (let i = 0; i < 5; i += 1) {
    const reply = await request(`${master.url}/health`);
    t.is(reply.status, 200);
    t.is(reply.headers.get('ratelimit-limit'), null);
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
    `${RATE_LIMIT_NAMESPACE}:read:ip:203.0.113.1`,
    `${RATE_LIMIT_NAMESPACE}:read:ip:203.0.113.2`,
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
  t.deepEqual(keys, [`${RATE_LIMIT_NAMESPACE}:read:ip:127.0.0.1`]);
});

test.serial('countItems: a request of n items counts n against its class, all or none', async (t) => {
  const connection = inspect(redis.url);
  t.teardown(() => connection.disconnect());
  const router = new Router();
  router.post('/batch', async (ctx) => {
    await countItems(ctx, Number(ctx.query.items));
    ctx.body = { ok: true };
  });
  const app = new Koa();
  app.use(errorHandler({ info: () => undefined, warn: () => undefined, error: () => undefined }));
  app.use(rateLimit({ redis: connection, limits: { submit: 10, read: 10, wait: 10 }, windowMs: 60_000, isOpen: isOpenPath }));
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  t.teardown(() => void server.close());
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/batch`;
  // A stand-in /batch that only counts (its body is not the real route's).
  const batch = (items: number) => requestOffContract(`${url}?items=${items}`, { method: 'POST' });

  const first = await batch(4);
  t.is(first.status, 200);
  t.is(first.headers.get('ratelimit-remaining'), '6');
  const tooMany = await batch(7);
  t.is(tooMany.status, 429);
  t.regex(tooMany.body.message as string, /^too many submit requests: at most 10 per 60 s from one client \(this request counts 6\); retry after \d+ s$/);
  // The refused batch counted only the one unit its request took before its items were known.
  t.is(tooMany.headers.get('ratelimit-remaining'), '5');
  t.is((await batch(5)).status, 200);
  t.is((await batch(1)).status, 429);
});
