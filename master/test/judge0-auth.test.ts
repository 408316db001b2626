/** The Judge0 routes with API keys on: X-Auth-Token carries a Sentinel key; errors in Judge0's shape; rate-limit classes. */
import test from 'ava';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { ApiKeyStore } from '../src/api-keys/key-store.js';
import { isOpenPath } from '../src/open-paths.js';
import { limitClassOf } from '../src/rate-limit.js';
import { inspect, postJson, request, startTestMaster, type TestMaster } from './helpers/master.js';

let redis: TestRedis;
let db: Redis;
let master: TestMaster;

test.before(async () => {
  redis = await startRedis();
  db = inspect(redis.url);
  master = await startTestMaster(redis.url, { API_KEYS: 'on', API_KEY_CACHE_MS: '0' });
});
test.after.always(async () => {
  await master?.close();
  db?.disconnect();
  await redis?.stop();
});

const SUBMISSION = { source_code: 'print(1)', language_id: 71 };

test('X-Auth-Token carries a Sentinel API key; without one, a 401 in Judge0\'s error shape', async (t) => {
  const { key } = await new ApiKeyStore(db).create('judge0', {});
  const missing = await postJson(`${master.url}/judge0/submissions`, SUBMISSION);
  t.is(missing.status, 401);
  t.deepEqual(Object.keys(missing.body), ['error']);
  t.is((await postJson(`${master.url}/judge0/submissions`, SUBMISSION, { 'X-Auth-Token': 'sk_unknown' })).status, 403);
  const created = await postJson<{ token: string }>(`${master.url}/judge0/submissions`, SUBMISSION, { 'X-Auth-Token': key });
  t.is(created.status, 201);
  const read = await request(`${master.url}/submissions/${created.body.token}?fields=status`, { headers: { 'X-Auth-Token': key } });
  t.deepEqual(read.body, { status: { id: 1, description: 'In Queue' } });
  // Another key's submission reads as unknown, as on Sentinel's own routes.
  const { key: other } = await new ApiKeyStore(db).create('other', {});
  t.is((await request(`${master.url}/judge0/submissions/${created.body.token}`, { headers: { Authorization: `Bearer ${other}` } })).status, 404);
});

test('rate-limit classes: Judge0 submissions are `submit`, reads `read`', (t) => {
  const classOf = (method: string, path: string) => limitClassOf({ method, path, query: {} }, isOpenPath);
  for (const path of ['/submissions', '/submissions/batch', '/judge0/submissions', '/judge0/submissions/batch']) t.is(classOf('POST', path), 'submit', path);
  for (const path of ['/submissions/batch', '/judge0/submissions/x', '/judge0/languages', '/statuses']) t.is(classOf('GET', path), 'read', path);
});
