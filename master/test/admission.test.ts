/**
 * Admission control: a language with MAX_QUEUE_LENGTH jobs waiting takes no more (503 QUEUE_FULL
 * with Retry-After) until its queue drains. Real Redis, no executor: the queue fills for real, and
 * a real Bull worker made in the test drains it.
 */
import test from 'ava';
import { queueKeys, type JobResult } from '@sentinel/core';
import { postJson, request, startTestMaster, useMaster, startWorker } from './helpers/master.js';

const ctx = useMaster(test, { MAX_QUEUE_LENGTH: '3' });

const JS = { code: 'console.log(1)', language: 'javascript' };
const RESULT: JobResult = { output: '', error: '', executionTime: 1, verdict: 'ACCEPTED', passed: 0, total: 0, testCases: [] };

const FULL = {
  error: 'QUEUE_FULL',
  message: 'the javascript queue is full: 3 jobs are waiting and its bound is 3 (MAX_QUEUE_LENGTH); retry after 5 s',
  language: 'javascript',
  waiting: 3,
  maximum: 3,
  retryAfter: 5,
};

test.serial('a full queue answers 503 QUEUE_FULL with Retry-After at once, until it drains', async (t) => {
  for (let index = 0; index < 3; index++) t.is((await postJson(`${ctx.master.url}/execute`, JS)).status, 200);
  t.is(await ctx.db.llen(queueKeys('javascript').wait), 3);

  const started = Date.now();
  const refused = await postJson(`${ctx.master.url}/execute`, JS);
  t.true(Date.now() - started < 1_000);
  t.is(refused.status, 503);
  t.is(refused.headers.get('retry-after'), '5');
  t.deepEqual(refused.body, FULL);
  t.is(await ctx.db.llen(queueKeys('javascript').wait), 3, 'nothing was queued');

  // ?wait= is refused the same way; bad input is still a 400 naming its field; other languages are not bound.
  t.deepEqual((await postJson(`${ctx.master.url}/execute?wait=5`, JS)).body, FULL);
  t.like((await postJson(`${ctx.master.url}/execute`, { ...JS, code: '' })).body, { error: 'INVALID_REQUEST', field: 'code' });
  t.is((await postJson(`${ctx.master.url}/execute`, { code: 'print(1)', language: 'python' })).status, 200);
  // The queue is still readable and every job in it still answers.
  t.like((await request(`${ctx.master.url}/load`)).body, { javascript: { waiting: 3 } });

  startWorker(t, ctx.redis.url, 'javascript', async () => RESULT);
  const deadline = Date.now() + 10_000;
  while ((await ctx.db.llen(queueKeys('javascript').wait)) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

  const admitted = await postJson(`${ctx.master.url}/execute?wait=10`, JS);
  t.is(admitted.status, 200);
  t.is(admitted.body.status, 'completed');
});

test.serial('MAX_QUEUE_LENGTH=0 sets no bound', async (t) => {
  const unbounded = await startTestMaster(ctx.redis.url, { MAX_QUEUE_LENGTH: '0' });
  t.teardown(() => unbounded.close());
  const before = await ctx.db.llen(queueKeys('python').wait);
  for (let index = 0; index < 5; index++) t.is((await postJson(`${unbounded.url}/execute`, { code: 'print(1)', language: 'python' })).status, 200);
  t.is(await ctx.db.llen(queueKeys('python').wait), before + 5);
  t.true(before + 5 > 3);
});

test.after('a refused request is an answer, not a logged error', (t) => {
  t.deepEqual(ctx.master.logs.filter((line) => line.startsWith('error')), []);
});
