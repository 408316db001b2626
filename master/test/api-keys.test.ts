/** API keys: authentication, job ownership, daily quotas and per-key limits, against a real Redis. */
import test from 'ava';
import type { Redis } from 'ioredis';
import { jobOwnerKey } from '@sentinel/core';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { Access } from '../src/api-keys/access.js';
import { DailyQuota, dailyJobsKey } from '../src/api-keys/daily-quota.js';
import { API_KEY_INDEX, API_KEY_PATTERN, apiKeyHashKey, ApiKeyStore, hashApiKey, type KeyLimits } from '../src/api-keys/key-store.js';
import { HttpError } from '../src/http-errors.js';
import { JobStore } from '../src/job-store.js';
import { inspect, postJson, request, SEED_REQUEST, startTestMaster, type TestMaster } from './helpers/master.js';

let redis: TestRedis;
let db: Redis;
let keysOn: TestMaster;
let keysOff: TestMaster;
let store: ApiKeyStore;

test.before(async () => {
  redis = await startRedis();
  db = inspect(redis.url);
  store = new ApiKeyStore(db);
  keysOn = await startTestMaster(redis.url, { API_KEYS: 'on', API_KEY_CACHE_MS: '0' });
  keysOff = await startTestMaster(redis.url);
});

test.after.always(async () => {
  await keysOn?.close();
  await keysOff?.close();
  db?.disconnect();
  await redis?.stop();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const newKey = async (limits: KeyLimits = {}) => (await store.create('test', limits)).key;
const submit = (key: string, body: object = SEED_REQUEST) => postJson(`${keysOn.url}/execute`, body, bearer(key));

test('keys off: no header needed, and any Authorization header is ignored', async (t) => {
  const submitted = await postJson(`${keysOff.url}/execute`, SEED_REQUEST);
  t.is(submitted.status, 200);
  const id = submitted.body.id as string;
  t.is((await request(`${keysOff.url}/job/${id}`)).status, 200);
  t.is((await request(`${keysOff.url}/job/${id}`, { headers: bearer('sk_nonsense') })).status, 200);
  t.is(await db.get(jobOwnerKey(id)), null, 'no owner is recorded without a key');
});

test('keys on: no Authorization header is a 401 with WWW-Authenticate: Bearer', async (t) => {
  const reply = await request(`${keysOn.url}/languages`);
  t.is(reply.status, 401);
  t.is(reply.headers.get('www-authenticate'), 'Bearer');
  t.deepEqual(reply.body, { error: 'UNAUTHORIZED', message: 'no Authorization header: this API needs an API key, sent as "Authorization: Bearer <key>"' });
});

test('keys on: a header that is not "Bearer <key>" is a 401', async (t) => {
  for (const header of ['Basic dXNlcjpwdw==', 'Bearer', 'Bearer two words', 'sk_abc']) {
    const reply = await request(`${keysOn.url}/languages`, { headers: { Authorization: header } });
    t.is(reply.status, 401, header);
    t.is(reply.body.error, 'UNAUTHORIZED');
    t.regex(reply.headers.get('www-authenticate') ?? '', /^Bearer\b/);
  }
});

test('keys on: an unknown key is a 403', async (t) => {
  for (const key of ['sk_' + 'A'.repeat(43), 'not-even-the-format']) {
    const reply = await request(`${keysOn.url}/languages`, { headers: bearer(key) });
    t.is(reply.status, 403, key);
    t.deepEqual(reply.body, { error: 'FORBIDDEN', message: 'this API key is not known' });
  }
});

test('keys on: a good key gets 200; once revoked it gets 403', async (t) => {
  const { key, record } = await store.create('to revoke');
  t.is((await request(`${keysOn.url}/languages`, { headers: bearer(key) })).status, 200);
  await store.revoke(record.id);
  const reply = await request(`${keysOn.url}/languages`, { headers: bearer(key) });
  t.is(reply.status, 403);
  t.deepEqual(reply.body, { error: 'FORBIDDEN', message: 'this API key was revoked' });
});

test('keys on: the open paths need no key', async (t) => {
  t.is((await request(`${keysOn.url}/health`)).status, 200);
  for (const path of ['/openapi.json', '/docs', '/', '/metrics']) t.is((await fetch(`${keysOn.url}${path}`)).status, 200, path);
});

test('a job is readable only with the key that submitted it: another key gets 404 JOB_NOT_FOUND', async (t) => {
  const owner = await newKey();
  const other = await newKey();
  const submitted = await submit(owner);
  t.is(submitted.status, 200);
  const id = submitted.body.id as string;
  t.is((await request(`${keysOn.url}/job/${id}`, { headers: bearer(owner) })).status, 200);
  for (const query of ['', '?wait=0.1']) {
    const reply = await request(`${keysOn.url}/job/${id}${query}`, { headers: bearer(other) });
    t.is(reply.status, 404, query);
    t.is(reply.body.error, 'JOB_NOT_FOUND');
  }
  // The owner is the key's id, never the key, kept as long as the job's language key.
  const ownerId = (await store.find(owner))!.id;
  t.is(await db.get(jobOwnerKey(id)), ownerId);
  const ttl = await db.ttl(jobOwnerKey(id));
  t.true(ttl > 86_000 && ttl <= 86_400, `ttl ${ttl}`);
});

test('a read with the request key finds only that key\'s jobs (JobStore.languageOf with Access.ownerOf, as every job route asks)', async (t) => {
  const owner = await newKey();
  const id = (await submit(owner)).body.id as string;
  const jobs = new JobStore({ queue: keysOn.deps.queue, redis: db, registry: keysOn.deps.registry, retentionSeconds: 60, retentionCount: 10 });
  const access = new Access(db);
  const canRead = async (context: { state: object }, jobId: string) => (await jobs.languageOf(jobId, access.ownerOf(context))) !== undefined;
  const ctx = async (key: string | undefined) => ({ state: { apiKey: key === undefined ? undefined : await store.find(key) } });
  t.true(await canRead(await ctx(owner), id));
  t.false(await canRead(await ctx(await newKey()), id));
  t.true(await canRead(await ctx(undefined), id), 'keys off: every job is readable');
  t.false(await canRead(await ctx(owner), '00000000-0000-4000-8000-000000000000'));
});

test.serial('the daily job quota: 429 QUOTA_EXCEEDED with Retry-After until midnight UTC, nothing queued', async (t) => {
  const { key, record } = await store.create('quota', { dailyJobs: 2 });
  t.is((await submit(key)).status, 200);
  t.is((await submit(key)).status, 200);
  const before = await db.llen('bull:python:wait');
  const refused = await submit(key);
  t.is(refused.status, 429);
  t.is(refused.body.error, 'QUOTA_EXCEEDED');
  const retryAfter = Number(refused.headers.get('retry-after'));
  const midnight = new Date();
  midnight.setUTCHours(24, 0, 0, 0);
  t.true(Math.abs(retryAfter - (midnight.getTime() - Date.now()) / 1000) < 5, `Retry-After ${retryAfter}`);
  t.is(refused.body.message, `this API key's daily quota of 2 jobs is used up; it renews at 00:00 UTC, in ${retryAfter} s`);
  t.is(await db.llen('bull:python:wait'), before);
  const today = new Date().toISOString().slice(0, 10);
  t.is(await db.get(dailyJobsKey(record.id, today)), '2');
  // An invalid request takes nothing from the quota; another key has its own.
  t.is((await submit(await newKey({ dailyJobs: 1 }), { language: 'python' })).status, 400);
  t.is((await submit(await newKey({ dailyJobs: 1 }))).status, 200);
});

test('DailyQuota: a new UTC day starts a new count; a refund gives jobs back', async (t) => {
  let now = Date.parse('2026-03-01T23:59:59.500Z');
  const quota = new DailyQuota(db, () => now);
  await quota.take('daykey', 3, 3);
  const error = await t.throwsAsync(quota.take('daykey', 3, 1), { instanceOf: HttpError });
  t.is(error?.headers['Retry-After'], '1');
  await quota.refund('daykey', 1);
  await quota.take('daykey', 3, 1);
  now = Date.parse('2026-03-02T00:00:00.100Z');
  await quota.take('daykey', 3, 3);
  await t.throwsAsync(quota.take('daykey', 3, 1), { message: /daily quota of 3 jobs is used up; it renews at 00:00 UTC, in 86400 s$/ });
});

test('per key, a key\'s own rate limits override the defaults, and each key counts on its own', async (t) => {
  const slow = await newKey({ submitPerMinute: 1, readPerMinute: 2 });
  const first = await submit(slow);
  t.is(first.status, 200);
  t.is(first.headers.get('ratelimit-limit'), '1');
  const limited = await submit(slow);
  t.is(limited.status, 429);
  t.regex(limited.body.message as string, /^too many submit requests: at most 1 per 60 s from this API key; retry after \d+ s$/);
  t.is((await request(`${keysOn.url}/languages`, { headers: bearer(slow) })).headers.get('ratelimit-limit'), '2');
  // Another key from the same address is not limited by the first one's count.
  t.is((await submit(await newKey())).status, 200);
});

test('ApiKeyStore: keys are random, stored only as SHA-256, listed and revoked by id or prefix', async (t) => {
  const { key, record } = await store.create('alice', { submitPerMinute: 5, dailyJobs: 0 });
  t.regex(key, API_KEY_PATTERN);
  t.is(record.prefix, key.slice(0, 10));
  const sha256 = hashApiKey(key);
  t.is(await db.hget(API_KEY_INDEX, record.id), sha256);
  const stored = await db.hgetall(apiKeyHashKey(sha256));
  t.false(Object.values(stored).includes(key), 'the key itself is never stored');
  t.deepEqual(await store.find(key), record);
  t.like((await store.list()).find((listed) => listed.id === record.id), { name: 'alice', submitPerMinute: 5, dailyJobs: 0 });

  await t.throwsAsync(store.revoke('zz-none'), { message: 'no key matches "zz-none": give an id from keys list, or more of it' });
  await t.throwsAsync(store.revoke(''), { message: /^no key matches ""/ });
  const revoked = await store.revoke(record.prefix);
  t.is(revoked.id, record.id);
  t.truthy((await store.find(key))?.revoked);
});

test('ApiKeyStore: a cached lookup lasts cacheMs, so a revocation takes at most that long', async (t) => {
  let now = 1_000_000;
  const cached = new ApiKeyStore(db, { cacheMs: 5_000, now: () => now });
  const { key, record } = await store.create('cached');
  t.falsy((await cached.find(key))?.revoked);
  await store.revoke(record.id);
  now += 4_999;
  t.falsy((await cached.find(key))?.revoked, 'still trusted within the cache time');
  now += 2;
  t.truthy((await cached.find(key))?.revoked);
});

test('Access.withDailyJobs gives the jobs back when the submission fails', async (t) => {
  const { key, record } = await store.create('refund', { dailyJobs: 2 });
  const access = new Access(db);
  const ctx = { state: { apiKey: await store.find(key) } };
  await t.throwsAsync(access.withDailyJobs(ctx, 2, () => Promise.reject(new Error('queue down'))), { message: 'queue down' });
  t.is(await db.get(dailyJobsKey(record.id, new Date().toISOString().slice(0, 10))), '0');
  t.is(await access.withDailyJobs(ctx, 2, () => Promise.resolve('queued')), 'queued');
  await t.throwsAsync(access.withDailyJobs(ctx, 1, () => Promise.resolve('never')), { message: /daily quota of 2 jobs is used up/ });
});
