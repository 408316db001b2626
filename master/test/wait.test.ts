/**
 * `?wait=` on GET /job/:id and POST /execute, on a real Redis over real HTTP. No executor: jobs
 * are finished by a real Bull worker made in the test (its own QueueFactory). Worker tests use the
 * python queue and run one after the other; jobs that must stay queued go to javascript.
 */
import test, { type ExecutionContext } from 'ava';
import type { Redis } from 'ioredis';
import { createJobQueue, queueKeys, type JobPayload, type JobResult, type QueueJob } from '@sentinel/core';
import { startMaster } from '../src/app.js';
import { readMasterConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { postJson, request, SEED_REQUEST, startTestMaster, UUID_V4, waitForStatus, useMaster, submitJob, startWorker } from './helpers/master.js';

const ctx = useMaster(test);

const RESULT: JobResult = {
  output: '',
  error: '',
  executionTime: 250,
  verdict: 'ACCEPTED',
  passed: 1,
  total: 1,
  testCases: [{ input: '5', expected: '10', actualOutput: '10', passed: true, executionTime: 120, verdict: 'ACCEPTED', stderr: '', exitCode: 0, signal: null }] as JobResult['testCases'],
};
const QUEUED_JOB = { code: 'console.log(1)', language: 'javascript' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const submit = (body: object = SEED_REQUEST) => submitJob(ctx.master.url, body);
const pythonWorker = (t: ExecutionContext, processor: (job: QueueJob) => Promise<JobResult>) => startWorker(t, ctx.redis.url, 'python', processor);

/** A promise the test resolves: `release()` lets the worker finish its job. */
function gate() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { released, release };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

const pendingWaits = (count: number) => until(() => ctx.master.deps.queue.pendingWaits === count, `${count} waits are pending`);

async function redisClients(): Promise<string[]> {
  return String(await ctx.db.call('CLIENT', 'LIST')).trim().split('\n');
}

test.serial('GET ?wait answers as soon as the job finishes', async (t) => {
  const { released, release } = gate();
  t.teardown(release);
  pythonWorker(t, async () => {
    await released;
    return RESULT;
  });
  const id = await submit();
  await waitForStatus(ctx.master.url, id, 'active');
  const asked = Date.now();
  const answer = request(`${ctx.master.url}/job/${id}?wait=20`).then((reply) => ({ reply, at: Date.now() }));
  await pendingWaits(1);
  await sleep(300);
  const finishing = Date.now();
  release();
  const { reply, at } = await answer;
  const finishedOn = Number(await ctx.db.hget(`bull:python:${id}`, 'finishedOn'));
  t.is(reply.status, 200);
  t.like(reply.body, { id, status: 'completed', progress: 100, verdict: 'ACCEPTED' });
  t.true(at >= finishing && finishedOn >= finishing, `answered ${at - finishing} ms after the release`);
  t.true(at - finishedOn < 1_000, `answered ${at - finishedOn} ms after the finish`);
  t.true(at - asked < 5_000, `took ${at - asked} ms of a 20 s wait`);
  t.is(ctx.master.deps.queue.pendingWaits, 0);
});

test.serial('a job that fails for good ends the wait too, as failed', async (t) => {
  const { released, release } = gate();
  t.teardown(release);
  pythonWorker(t, async () => {
    await released;
    throw new Error('the executor could not run it');
  });
  const id = await submit();
  await waitForStatus(ctx.master.url, id, 'active');
  const answer = request(`${ctx.master.url}/job/${id}?wait=20`);
  await pendingWaits(1);
  const started = Date.now();
  release(); // both attempts fail at once: Bull publishes `failed` after the second only
  const reply = await answer;
  t.true(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  t.like(reply.body, { id, status: 'failed', verdict: 'INTERNAL_ERROR', error: 'the executor could not run it' });
});

test.serial('a failed attempt that is retried does not end the wait', async (t) => {
  const { released, release } = gate();
  t.teardown(release);
  let attempts = 0;
  pythonWorker(t, async () => {
    attempts += 1;
    if (attempts === 1) throw new Error('first attempt fails');
    await released;
    return RESULT;
  });
  const id = await submit();
  const answer = request(`${ctx.master.url}/job/${id}?wait=20`);
  await until(() => attempts === 2, 'the retry runs');
  await sleep(300);
  t.is(ctx.master.deps.queue.pendingWaits, 1, 'still waiting after the failed attempt');
  release();
  t.like((await answer).body, { id, status: 'completed', verdict: 'ACCEPTED' });
});

test.serial('an already finished job answers at once', async (t) => {
  pythonWorker(t, async () => RESULT);
  const id = await submit();
  const done = await waitForStatus(ctx.master.url, id, 'completed');
  const started = Date.now();
  const reply = await request(`${ctx.master.url}/job/${id}?wait=20`);
  t.true(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  t.deepEqual(reply.body, done.body);
});

test.serial('POST /execute?wait returns the contract fields and the result in one round trip', async (t) => {
  pythonWorker(t, async () => RESULT);
  const reply = await postJson(`${ctx.master.url}/execute?wait=10`, SEED_REQUEST);
  t.is(reply.status, 200);
  const id = reply.body.id as string;
  t.regex(id, UUID_V4);
  const payload = JSON.parse((await ctx.db.hget(`bull:python:${id}`, 'data'))!) as JobPayload;
  // `timestamp` is the submission time, as in the contract's POST answer.
  t.deepEqual(reply.body, {
    id,
    status: 'completed',
    timestamp: payload.submittedAt,
    message: 'Job queued for python',
    language: 'python',
    progress: 100,
    ...RESULT,
  });
});

test('POST /execute?wait on a job nobody runs answers queued at the end of the wait', async (t) => {
  const started = Date.now();
  const reply = await postJson(`${ctx.master.url}/execute?wait=0.5`, QUEUED_JOB);
  const took = Date.now() - started;
  t.true(took >= 400 && took < 3_000, `took ${took} ms`);
  t.like(reply.body, { status: 'queued', message: 'Job queued for javascript', language: 'javascript', progress: 0 });
});

test('GET ?wait on a job that does not finish returns its current state after the wait', async (t) => {
  const id = await submit(QUEUED_JOB);
  const plain = await request(`${ctx.master.url}/job/${id}`);
  const started = Date.now();
  const reply = await request(`${ctx.master.url}/job/${id}?wait=0.5`);
  const took = Date.now() - started;
  t.true(took >= 400 && took < 3_000, `took ${took} ms`);
  t.is(reply.status, 200);
  t.deepEqual(reply.body, plain.body);
  t.is(reply.body.status, 'queued');
});

test('an unknown id is a 404 at once, even with wait', async (t) => {
  const started = Date.now();
  const reply = await request(`${ctx.master.url}/job/2f1e7a36-5d0c-4c39-9a59-1f0c8f3a6b11?wait=20`);
  t.true(Date.now() - started < 1_000);
  t.is(reply.status, 404);
  t.is(reply.body.error, 'JOB_NOT_FOUND');
});

test.serial('one subscription serves every waiting request', async (t) => {
  const subscriber = (await redisClients()).filter((line) => line.includes('name=sentinel-test-master-subscriber '));
  t.is(subscriber.length, 1);
  t.regex(subscriber[0]!, / sub=4 /); // completed and failed, of python and javascript
  t.deepEqual(((await ctx.db.call('PUBSUB', 'CHANNELS', 'bull:*')) as string[]).sort(), [
    'bull:javascript:completed',
    'bull:javascript:failed',
    'bull:python:completed',
    'bull:python:failed',
  ]);

  const ids = await Promise.all(Array.from({ length: 30 }, () => submit(QUEUED_JOB)));
  const before = (await redisClients()).length;
  const clients = ids.map(() => new AbortController());
  const answers = ids.map((id, index) => fetch(`${ctx.master.url}/job/${id}?wait=20`, { signal: clients[index]!.signal }).catch(() => undefined));
  await pendingWaits(30);
  t.is((await redisClients()).length, before);

  // Clients that go away take their waits with them.
  for (const client of clients) client.abort();
  await Promise.all(answers);
  await pendingWaits(0);
  t.pass();
});

for (const [query, message] of [
  ['wait=abc', '"wait" must be a number of seconds greater than 0 and at most 30 (got "abc")'],
  ['wait=0', '"wait" must be a number of seconds greater than 0 and at most 30 (got "0")'],
  ['wait=-1', '"wait" must be a number of seconds greater than 0 and at most 30 (got "-1")'],
  ['wait=30.5', '"wait" must be a number of seconds greater than 0 and at most 30 (got "30.5")'],
  ['wait=', '"wait" must be a number of seconds greater than 0 and at most 30 (got "")'],
  ['wait=1e1', '"wait" must be a number of seconds greater than 0 and at most 30 (got "1e1")'],
  ['wait=1&wait=2', '"wait" is given 2 times; give it once, as a number of seconds greater than 0 and at most 30'],
] as const) {
  test(`GET and POST with ${query} are a 400 naming the maximum, and queue nothing`, async (t) => {
    const id = await submit(QUEUED_JOB);
    const expected = { error: 'INVALID_REQUEST', field: 'wait', message, maximum: 30 };
    const get = await request(`${ctx.master.url}/job/${id}?${query}`);
    t.is(get.status, 400);
    t.deepEqual(get.body, expected);
    const post = await postJson(`${ctx.master.url}/execute?${query}`, { ...QUEUED_JOB, code: `// ${query}` });
    t.is(post.status, 400);
    t.deepEqual(post.body, expected);
    const queued = await ctx.db.lrange(queueKeys('javascript').wait, 0, -1);
    const codes = await Promise.all(queued.map(async (jobId) => (JSON.parse((await ctx.db.hget(`bull:javascript:${jobId}`, 'data'))!) as JobPayload).code));
    t.false(codes.includes(`// ${query}`));
  });
}

test('MAX_WAIT_SECONDS sets the maximum', async (t) => {
  const other = await startTestMaster(ctx.redis.url, { MAX_WAIT_SECONDS: '2' });
  t.teardown(() => other.close());
  const id = await submit(QUEUED_JOB);
  t.like((await request(`${other.url}/job/${id}?wait=3`)).body, { field: 'wait', maximum: 2 });
  t.is((await request(`${other.url}/job/${id}?wait=0.1`)).status, 200);
});

test('waitForEnd: a wait ends at its timeout, on endWaits, and at once after it', async (t) => {
  const queue = createJobQueue({ redisUrl: ctx.redis.url, role: 'test-waiter' });
  t.teardown(() => queue.close());
  await queue.listen(['python']);
  let started = Date.now();
  await queue.waitForEnd('python', 'no-such-job', 200);
  t.true(Date.now() - started >= 190);
  t.is(queue.pendingWaits, 0);
  const pending = queue.waitForEnd('python', 'no-such-job', 60_000);
  t.is(queue.pendingWaits, 1);
  started = Date.now();
  queue.endWaits();
  await pending;
  t.true(Date.now() - started < 100);
  t.is(queue.pendingWaits, 0);
  await queue.waitForEnd('python', 'no-such-job', 60_000);
  t.throws(() => queue.waitForEnd('klingon', 'x', 1), { message: 'no subscription for language "klingon"' });
});

test.serial('startMaster subscribes before listening and answers pending waits when it closes', async (t) => {
  const config = readMasterConfig({ REDIS_URL: ctx.redis.url, PORT: '0', HOST: '127.0.0.1', SENTINEL_PACKS: 'javascript' });
  const running = await startMaster(config, { logger: silentLogger });
  t.teardown(() => running.close());
  t.regex((await redisClients()).find((line) => line.includes('name=sentinel-master-subscriber '))!, / sub=2 /);

  const submitted = await postJson(`${running.url}/execute`, QUEUED_JOB);
  const id = submitted.body.id as string;
  const answer = request(`${running.url}/job/${id}?wait=30`);
  await sleep(300);
  const started = Date.now();
  const [reply] = await Promise.all([answer.then((answered) => ({ ...answered, at: Date.now() })), running.close()]);
  // Answered at once, and its keep-alive connection did not hold the stop.
  t.true(reply.at - started < 1_000, `answered after ${reply.at - started} ms`);
  t.true(Date.now() - started < 2_000, `closed after ${Date.now() - started} ms`);
  t.is(reply.headers.get('connection'), 'close');
  t.is(reply.status, 200);
  t.like(reply.body, { id, status: 'queued', timestamp: submitted.body.timestamp });
});
