import test from 'ava';
import type { Redis } from 'ioredis';
import { jobLanguageKey, queueKeys } from '@sentinel/core';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { inspect, ISO_UTC, postJson, request, requestOffContract, SEED_REQUEST, startTestMaster, UUID_V4, type TestMaster } from './helpers/master.js';

let redis: TestRedis;
let master: TestMaster;
let small: TestMaster;
let db: Redis;

test.before(async () => {
  redis = await startRedis();
  master = await startTestMaster(redis.url, { JOB_RETENTION_SECONDS: '3600' });
  small = await startTestMaster(redis.url, { BODY_LIMIT_BYTES: '1024' });
  db = inspect(redis.url);
});

test.after.always(async () => {
  await master?.close();
  await small?.close();
  db?.disconnect();
  await redis?.stop();
});

test('the seed example is accepted and queued in bull:python:wait', async (t) => {
  const before = Date.now();
  const reply = await postJson(`${master.url}/execute`, SEED_REQUEST);
  t.is(reply.status, 200);
  t.deepEqual(Object.keys(reply.body).sort(), ['id', 'message', 'status', 'timestamp']);
  const { id, status, timestamp, message } = reply.body as Record<string, string>;
  t.regex(id!, UUID_V4);
  t.is(status, 'queued');
  t.regex(timestamp!, ISO_UTC);
  t.true(Date.parse(timestamp!) >= before - 1 && Date.parse(timestamp!) <= Date.now());
  t.is(message, 'Job queued for python');

  t.true((await db.lrange(queueKeys('python').wait, 0, -1)).includes(id!));
  const data = JSON.parse((await db.hget(`bull:python:${id!}`, 'data'))!) as Record<string, unknown>;
  t.deepEqual(data, {
    id,
    language: 'python',
    code: SEED_REQUEST.code,
    testCases: SEED_REQUEST.testCases,
    stdin: '',
    args: [],
    files: [],
    compilerOptions: [],
    limits: {},
    checker: { type: 'lines' },
    stopOnFirstFailure: false,
    submittedAt: timestamp,
    // The submitting request's id, for the executor's log lines (minted here: the request sent none).
    requestId: reply.headers.get('x-request-id'),
  });
  const opts = JSON.parse((await db.hget(`bull:python:${id!}`, 'opts'))!) as Record<string, unknown>;
  t.like(opts, { jobId: id, attempts: 2, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
  t.is(opts.backoff, undefined);
  t.is(Number(await db.hget(`bull:python:${id!}`, 'timestamp')), Date.parse(timestamp!));

  t.is(await db.get(jobLanguageKey(id!)), 'python');
  const ttl = await db.ttl(jobLanguageKey(id!));
  t.true(ttl > 3500 && ttl <= 3600, `ttl ${ttl}`);
});

test('an alias is accepted and queued for the pack it names', async (t) => {
  const reply = await postJson(`${master.url}/execute`, { ...SEED_REQUEST, language: 'py' });
  t.is(reply.status, 200);
  t.is(reply.body.message, 'Job queued for python');
  t.true((await db.lrange(queueKeys('python').wait, 0, -1)).includes(reply.body.id as string));
  t.is(await db.get(jobLanguageKey(reply.body.id as string)), 'python');
});

test('a language name is matched case-insensitively; javascript gets its own queue', async (t) => {
  const reply = await postJson(`${master.url}/execute`, { code: 'console.log(1)', language: 'JavaScript' });
  t.is(reply.status, 200);
  t.is(reply.body.message, 'Job queued for javascript');
  t.true((await db.lrange(queueKeys('javascript').wait, 0, -1)).includes(reply.body.id as string));
});

const invalid = test.macro(async (t, body: unknown, field: string, message: string) => {
  const reply = await postJson(`${master.url}/execute`, body);
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_REQUEST', field, message });
});

const code = 'print(1)';
test('missing code', invalid, { language: 'python' }, 'code', '"code" is required');
test('empty code', invalid, { code: '', language: 'python' }, 'code', '"code" must not be empty');
test('code of the wrong type', invalid, { code: 42, language: 'python' }, 'code', '"code" must be a string');
test('missing language', invalid, { code }, 'language', '"language" is required');
test('language of the wrong type', invalid, { code, language: ['python'] }, 'language', '"language" must be a string');
test('testCases not an array', invalid, { code, language: 'python', testCases: 'x' }, 'testCases', '"testCases" must be an array');
test('a test case without expected', invalid, { code, language: 'python', testCases: [{ input: '1' }] }, 'testCases[0].expected', '"testCases[0].expected" is required');
test(
  'a test case input of the wrong type',
  invalid,
  { code, language: 'python', testCases: [{ input: '1', expected: '1' }, { input: 2, expected: '2' }] },
  'testCases[1].input',
  '"testCases[1].input" must be a string',
);
test('an unknown field', invalid, { code, language: 'python', timeout: 5 }, 'timeout', '"timeout" is not allowed');
test(
  'too many test cases',
  invalid,
  { code, language: 'python', testCases: Array.from({ length: 101 }, () => ({ input: '', expected: '' })) },
  'testCases',
  '"testCases" must contain less than or equal to 100 items',
);
test('code over the byte limit', invalid, { code: 'é'.repeat(32 * 1024 + 1), language: 'python' }, 'code', '"code" must be at most 65536 bytes');
test('a body that is an array', invalid, [SEED_REQUEST], 'body', '"body" must be of type object');
test('an empty JSON object', invalid, {}, 'code', '"code" is required');

test('an unknown language is a 400 listing the supported ones', async (t) => {
  const reply = await postJson(`${master.url}/execute`, { ...SEED_REQUEST, language: 'cobol' });
  t.is(reply.status, 400);
  t.deepEqual(reply.body, {
    error: 'UNKNOWN_LANGUAGE',
    field: 'language',
    message: 'unsupported language "cobol"; supported: javascript, python',
    supported: ['javascript', 'python'],
  });
});

test('malformed JSON is a 400 naming the body', async (t) => {
  const reply = await postJson(`${master.url}/execute`, '{"code": "print(1)", "language": ');
  t.is(reply.status, 400);
  t.is(reply.body.error, 'MALFORMED_JSON');
  t.is(reply.body.field, 'body');
  t.regex(reply.body.message as string, /^request body is not valid JSON: /);
});

test('a JSON scalar body is valid JSON but not a request', async (t) => {
  const reply = await postJson(`${master.url}/execute`, '"print(1)"');
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_REQUEST', field: 'body', message: '"body" must be of type object' });
});

test('a wrong Content-Type is a 415', async (t) => {
  const reply = await request(`${master.url}/execute`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify(SEED_REQUEST),
  });
  t.is(reply.status, 415);
  t.deepEqual(reply.body, {
    error: 'UNSUPPORTED_MEDIA_TYPE',
    field: 'Content-Type',
    message: 'Content-Type must be application/json (got text/plain)',
  });
});

test('a missing Content-Type is a 415', async (t) => {
  const reply = await request(`${master.url}/execute`, { method: 'POST' });
  t.is(reply.status, 415);
  t.is(reply.body.message, 'Content-Type must be application/json (got none)');
});

test('application/json with a charset is accepted', async (t) => {
  const reply = await postJson(`${master.url}/execute`, SEED_REQUEST, { 'Content-Type': 'application/json; charset=utf-8' });
  t.is(reply.status, 200);
});

test('a body over BODY_LIMIT_BYTES is a 413', async (t) => {
  const reply = await postJson(`${small.url}/execute`, { ...SEED_REQUEST, code: 'x'.repeat(2000) });
  t.is(reply.status, 413);
  t.deepEqual(reply.body, { error: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than 1024 bytes' });
});

// Undocumented on purpose: off the contract.
test('an unknown route is a 404 JSON', async (t) => {
  const reply = await requestOffContract(`${master.url}/nope`);
  t.is(reply.status, 404);
  t.deepEqual(reply.body, { error: 'NOT_FOUND', message: 'no route for GET /nope' });
});

test('a wrong method is a 405 JSON with Allow', async (t) => {
  const reply = await requestOffContract(`${master.url}/execute`);
  t.is(reply.status, 405);
  t.deepEqual(reply.body, { error: 'METHOD_NOT_ALLOWED', message: 'GET is not allowed on /execute' });
  t.is(reply.headers.get('allow'), 'POST');
});

test.after('no request was logged as an error', (t) => {
  t.deepEqual(master.logs.filter((line) => line.startsWith('error')), []);
});
