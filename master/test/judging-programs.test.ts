/**
 * Checker programs and interactors at the master: what it queues (the program with its language
 * resolved to a pack id), and JUDGE_LANGUAGES narrowing which languages they may be written in.
 */
import test from 'ava';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { inspect, postJson, startTestMaster, type TestMaster } from './helpers/master.js';

let redis: TestRedis;
let open: TestMaster;
let narrow: TestMaster;
let db: Redis;

test.before(async () => {
  redis = await startRedis();
  open = await startTestMaster(redis.url);
  narrow = await startTestMaster(redis.url, { JUDGE_LANGUAGES: 'py' });
  db = inspect(redis.url);
});

test.after.always(async () => {
  await open?.close();
  await narrow?.close();
  db?.disconnect();
  await redis?.stop();
});

const tests = [{ input: '1', expected: '1', points: 2.5, group: 'g1' }];

async function queued(id: string): Promise<Record<string, unknown>> {
  return JSON.parse((await db.hget(`bull:python:${id}`, 'data'))!) as Record<string, unknown>;
}

test('a checker program and an interactor are queued with their pack id, files defaulted, points and groups kept', async (t) => {
  const checked = await postJson(`${open.url}/execute`, { language: 'python', code: 'print(1)', testCases: tests, checker: { type: 'program', language: 'py', code: 'import sys' } });
  t.is(checked.status, 200);
  const withChecker = await queued(checked.body.id as string);
  t.deepEqual(withChecker.checker, { type: 'program', language: 'python', code: 'import sys', files: [] });
  t.deepEqual(withChecker.testCases, tests);

  const interacted = await postJson(`${open.url}/execute`, { language: 'python', code: 'print(1)', testCases: tests, interactor: { language: 'JS', code: 'console.log(1)' } });
  t.is(interacted.status, 200);
  const withInteractor = await queued(interacted.body.id as string);
  t.deepEqual(withInteractor.interactor, { language: 'javascript', code: 'console.log(1)', files: [] });
  t.deepEqual(withInteractor.checker, { type: 'lines' });
});

test('JUDGE_LANGUAGES: another language is a 400 naming the field and the languages allowed', async (t) => {
  const refused = await postJson(`${narrow.url}/execute`, { language: 'python', code: 'print(1)', testCases: tests, checker: { type: 'program', language: 'javascript', code: 'x' } });
  t.is(refused.status, 400);
  t.like(refused.body, { error: 'UNKNOWN_LANGUAGE', field: 'checker.language' });
  t.like(refused.body, { message: 'a checker cannot be written in "javascript" here; it may be: python', supported: ['python'] });
  const interactor = await postJson(`${narrow.url}/execute`, { language: 'python', code: 'print(1)', testCases: tests, interactor: { language: 'js', code: 'x' } });
  t.like(interactor.body, { error: 'UNKNOWN_LANGUAGE', field: 'interactor.language' });
  // The solution's own language is not narrowed.
  const allowed = await postJson(`${narrow.url}/execute`, { language: 'javascript', code: 'x', testCases: tests, checker: { type: 'program', language: 'python', code: 'x' } });
  t.is(allowed.status, 200);
});
