/** POST /execute with a callbackUrl: its form, the master's network policy, and what is recorded. */
import test from 'ava';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { inspect, postJson, SEED_REQUEST, startTestMaster, type TestMaster } from './helpers/master.js';
import { callbackKey } from '../src/webhooks/keys.js';
import type { Redis } from 'ioredis';

let redis: TestRedis;
let master: TestMaster;
let open: TestMaster;
let disabled: TestMaster;
let db: Redis;

test.before(async () => {
  redis = await startRedis();
  master = await startTestMaster(redis.url, { WEBHOOK_SECRET: 'whsec-0123456789abcdef' });
  open = await startTestMaster(redis.url, { WEBHOOK_SECRET: 'whsec-0123456789abcdef', WEBHOOK_ALLOW_PRIVATE: 'true' });
  disabled = await startTestMaster(redis.url);
  db = inspect(redis.url);
});

test.after.always(async () => {
  await master?.close();
  await open?.close();
  await disabled?.close();
  db?.disconnect();
  await redis?.stop();
});

const submit = (on: TestMaster, callbackUrl: unknown) => postJson(`${on.url}/execute`, { ...SEED_REQUEST, callbackUrl });

test('a callbackUrl to a loopback, private or link-local literal, or localhost, is a 400 CALLBACK_NOT_ALLOWED', async (t) => {
  for (const [url, why] of [
    ['http://127.0.0.1:9000/hook', '127.0.0.1 is not a public address (loopback)'],
    ['http://[::1]/hook', '::1 is not a public address (loopback)'],
    ['http://10.0.0.7/hook', '10.0.0.7 is not a public address (private)'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address (linkLocal)'],
    ['http://0.0.0.0/', '0.0.0.0 is not a public address (unspecified)'],
    ['http://localhost:8080/', '"localhost" is a loopback host'],
  ] as const) {
    const reply = await submit(master, url);
    t.is(reply.status, 400, url);
    t.deepEqual(reply.body, {
      error: 'CALLBACK_NOT_ALLOWED',
      message: `"callbackUrl" must reach a public host: ${why}; the operator may allow it with WEBHOOK_ALLOW_PRIVATE=true`,
      field: 'callbackUrl',
    });
  }
});

test('with WEBHOOK_ALLOW_PRIVATE=true a loopback callback is accepted, carried in the payload and recorded for the job', async (t) => {
  const reply = await submit(open, 'http://127.0.0.1:9000/hook');
  t.is(reply.status, 200);
  const id = reply.body.id as string;
  const data = JSON.parse((await db.hget(`bull:python:${id}`, 'data'))!) as Record<string, unknown>;
  t.is(data.callbackUrl, 'http://127.0.0.1:9000/hook');
  t.is(await db.get(callbackKey(id)), 'http://127.0.0.1:9000/hook');
  t.true((await db.ttl(callbackKey(id))) > 0);
});

test('a job without a callbackUrl records none', async (t) => {
  const reply = await postJson(`${master.url}/execute`, SEED_REQUEST);
  t.is(reply.status, 200);
  const id = reply.body.id as string;
  t.false('callbackUrl' in (JSON.parse((await db.hget(`bull:python:${id}`, 'data'))!) as object));
  t.is(await db.exists(callbackKey(id)), 0);
});

test('without WEBHOOK_SECRET a callbackUrl is a 400 CALLBACKS_DISABLED', async (t) => {
  const reply = await submit(disabled, 'https://hooks.example.com/sentinel');
  t.is(reply.status, 400);
  t.deepEqual(reply.body, {
    error: 'CALLBACKS_DISABLED',
    message: 'callbacks are off: the operator has not set WEBHOOK_SECRET, so there is no key to sign them with',
    field: 'callbackUrl',
  });
});

test('a callbackUrl must be an http or https URL of at most 2048 characters', async (t) => {
  for (const [url, message] of [
    ['ftp://example.com/hook', '"callbackUrl" must be an http or https URL'],
    ['not a url', '"callbackUrl" must be an http or https URL'],
    [`https://example.com/${'a'.repeat(2030)}`, '"callbackUrl" length must be less than or equal to 2048 characters long'],
    [42, '"callbackUrl" must be a string'],
  ] as const) {
    const reply = await submit(master, url);
    t.is(reply.status, 400, String(url));
    t.deepEqual(reply.body, { error: 'INVALID_REQUEST', message, field: 'callbackUrl' });
  }
});
