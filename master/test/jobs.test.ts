/**
 * GET /job/:id. Jobs are run by a real Bull worker made in the test (its own QueueFactory):
 * the worker tests use the python queue and run one after the other; the others use javascript.
 */
import test, { type ExecutionContext } from 'ava';
import { queueKeys, type JobPayload, type JobResult, type QueueJob } from '@sentinel/core';
import { ISO_UTC, postJson, request, SEED_REQUEST, startTestMaster, waitForStatus, useMaster, submitJob, startWorker } from './helpers/master.js';

const ctx = useMaster(test);

const RESULT: JobResult = {
  output: '',
  error: '',
  executionTime: 250,
  verdict: 'ACCEPTED',
  passed: 2,
  total: 2,
  testCases: [
    { input: '5', expected: '10', actualOutput: '10', passed: true, executionTime: 120, verdict: 'ACCEPTED', stderr: '', exitCode: 0, signal: null },
    { input: '100', expected: '200', actualOutput: '200', passed: true, executionTime: 130, verdict: 'ACCEPTED', stderr: '', exitCode: 0, signal: null },
  ],
};

const submit = (body: object = SEED_REQUEST, url = ctx.master.url) => submitJob(url, body);
const pythonWorker = (t: ExecutionContext, processor: (job: QueueJob) => Promise<JobResult>) => startWorker(t, ctx.redis.url, 'python', processor);

test.serial('a job processed by a worker reads as completed with its result and progress 100', async (t) => {
  const seen: JobPayload[] = [];
  pythonWorker(t, async (job) => {
    seen.push(job.data as JobPayload);
    return RESULT;
  });
  const id = await submit();
  const reply = await waitForStatus(ctx.master.url, id, 'completed');
  t.is(reply.status, 200);
  const { timestamp, ...rest } = reply.body;
  t.regex(timestamp as string, ISO_UTC);
  t.deepEqual(rest, { id, status: 'completed', language: 'python', progress: 100, ...RESULT });
  const finishedOn = Number(await ctx.db.hget(`bull:python:${id}`, 'finishedOn'));
  t.is(Date.parse(timestamp as string), finishedOn);
  t.is(seen.find((payload) => payload.id === id)?.code, SEED_REQUEST.code);
});

test.serial('a running job reads as active with its progress and start time', async (t) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  pythonWorker(t, async (job) => {
    await job.progress(10);
    await released;
    return RESULT;
  });
  const id = await submit();
  const deadline = Date.now() + 10_000;
  let reply = await request(`${ctx.master.url}/job/${id}`);
  while (reply.body.progress !== 10 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    reply = await request(`${ctx.master.url}/job/${id}`);
  }
  release();
  const processedOn = Number(await ctx.db.hget(`bull:python:${id}`, 'processedOn'));
  t.deepEqual(reply.body, { id, status: 'active', language: 'python', timestamp: new Date(processedOn).toISOString(), progress: 10 });
  await waitForStatus(ctx.master.url, id, 'completed');
});

test.serial('a job whose processor throws is retried once at once, then reads as failed', async (t) => {
  let calls = 0;
  pythonWorker(t, async () => {
    calls += 1;
    throw new Error('the executor could not run it');
  });
  const id = await submit();
  const reply = await waitForStatus(ctx.master.url, id, 'failed');
  t.is(calls, 2);
  t.is(await ctx.db.zcard(queueKeys('python').delayed), 0);
  const { timestamp, ...rest } = reply.body;
  t.regex(timestamp as string, ISO_UTC);
  t.deepEqual(rest, { id, status: 'failed', language: 'python', progress: 0, verdict: 'INTERNAL_ERROR', error: 'the executor could not run it' });
});

test('a queued job reads as queued with its submission time', async (t) => {
  const submitted = await postJson(`${ctx.master.url}/execute`, { code: 'console.log(1)', language: 'js' });
  const id = submitted.body.id as string;
  const reply = await request(`${ctx.master.url}/job/${id}`);
  t.is(reply.status, 200);
  t.deepEqual(reply.body, { id, status: 'queued', language: 'javascript', timestamp: submitted.body.timestamp, progress: 0 });
});

test('a job moved to the active list but not yet started (a worker between BRPOPLPUSH and its lock) reads as queued', async (t) => {
  const submitted = await postJson(`${ctx.master.url}/execute`, { code: 'console.log(5)', language: 'javascript' });
  const id = submitted.body.id as string;
  const keys = queueKeys('javascript');
  // What a worker's BRPOPLPUSH does to this one job; the lock and processedOn come in a second step.
  await ctx.db.multi().lrem(keys.wait, 1, id).lpush(keys.active, id).exec();
  t.teardown(() => ctx.db.lrem(keys.active, 1, id));
  const reply = await request(`${ctx.master.url}/job/${id}`);
  t.deepEqual(reply.body, { id, status: 'queued', language: 'javascript', timestamp: submitted.body.timestamp, progress: 0 });
  await ctx.db.hset(`bull:javascript:${id}`, 'processedOn', '1700000000000');
  const started = await request(`${ctx.master.url}/job/${id}`);
  t.deepEqual(started.body, { id, status: 'active', language: 'javascript', timestamp: '2023-11-14T22:13:20.000Z', progress: 0 });
});

test('a job submitted through one master is read through another', async (t) => {
  const other = await startTestMaster(ctx.redis.url);
  t.teardown(() => other.close());
  const id = await submit({ code: 'console.log(2)', language: 'javascript' }, ctx.master.url);
  const reply = await request(`${other.url}/job/${id}`);
  t.is(reply.status, 200);
  t.like(reply.body, { id, status: 'queued', language: 'javascript' });
});

test('an id in capitals is the same job', async (t) => {
  const id = await submit({ code: 'console.log(3)', language: 'javascript' });
  const reply = await request(`${ctx.master.url}/job/${id.toUpperCase()}`);
  t.is(reply.status, 200);
  t.is(reply.body.id, id);
});

test('a malformed id is a 400 naming id', async (t) => {
  const reply = await request(`${ctx.master.url}/job/not-a-uuid`);
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_JOB_ID', field: 'id', message: '"id" must be a UUID' });
});

test('an unknown id is a 404 JSON', async (t) => {
  const id = '2f1e7a36-5d0c-4c39-9a59-1f0c8f3a6b11';
  const reply = await request(`${ctx.master.url}/job/${id}`);
  t.is(reply.status, 404);
  t.deepEqual(reply.body, {
    error: 'JOB_NOT_FOUND',
    field: 'id',
    message: `no job with id ${id}: unknown, or removed after its retention (finished jobs are kept 86400 s, at most the newest 10000 completed and 10000 failed per language)`,
  });
});

test('a job whose Bull hash is gone is a 404', async (t) => {
  const id = await submit({ code: 'console.log(4)', language: 'javascript' });
  await ctx.db.del(`bull:javascript:${id}`);
  const reply = await request(`${ctx.master.url}/job/${id}`);
  t.is(reply.status, 404);
  t.is(reply.body.error, 'JOB_NOT_FOUND');
});
