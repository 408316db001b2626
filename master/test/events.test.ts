/**
 * GET /job/:id/events on a real Redis over real HTTP, with a real Bull worker standing in for an
 * executor where a job must run (test/progress-batch.test.ts runs it through the real stack).
 */
import test from 'ava';
import type { JobResult } from '@sentinel/core';
import { allMessages, openEvents } from '../../test/helpers/sse.js';
import { request, startTestMaster, startWorker, submitJob, useMaster, waitForStatus } from './helpers/master.js';

const ctx = useMaster(test);

/** Stays queued: no worker serves javascript in these tests. */
const QUEUED_JOB = { code: 'console.log(1)', language: 'javascript' };

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('an unknown job is a 404 JSON answer before any stream; a bad id a 400', async (t) => {
  const unknown = await request(`${ctx.master.url}/job/00000000-0000-4000-8000-000000000000/events`);
  t.is(unknown.status, 404);
  t.like(unknown.body, { error: 'JOB_NOT_FOUND', field: 'id' });
  t.like((await request(`${ctx.master.url}/job/nope/events`)).body, { error: 'INVALID_JOB_ID' });
});

test.serial('a client that goes away leaves no watch and no wait behind', async (t) => {
  const { queue } = ctx.master.deps;
  const id = await submitJob(ctx.master.url, QUEUED_JOB);
  const stream = await openEvents(`${ctx.master.url}/job/${id}/events`);
  const first = await stream.messages.next();
  t.deepEqual(first.value, { event: 'comment', data: `job ${id} is queued` });
  t.is(queue.pendingWatches, 1);
  t.is(queue.pendingWaits, 1);
  stream.close();
  await until(() => queue.pendingWatches === 0 && queue.pendingWaits === 0, 'the watch and the wait are dropped');
  t.pass();
});

test.serial('progress events as a worker reports them, then the result, equal to GET /job/:id', async (t) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  t.teardown(release);
  const result: JobResult = { output: '', error: '', executionTime: 5, verdict: 'ACCEPTED', passed: 0, total: 0, testCases: [] };
  startWorker(t, ctx.redis.url, 'python', async (job) => {
    await job.progress(10);
    await released;
    return result;
  });
  const id = await submitJob(ctx.master.url);
  await waitForStatus(ctx.master.url, id, 'active');
  const stream = await openEvents(`${ctx.master.url}/job/${id}/events`);
  const first = await stream.messages.next();
  t.is(first.value.event, 'progress');
  t.like(JSON.parse(first.value.data), { id, status: 'active' });
  release();
  const rest = await allMessages(stream);
  t.deepEqual(rest.map((message) => message.event), ['result']);
  t.deepEqual(JSON.parse(rest[0]!.data), (await request(`${ctx.master.url}/job/${id}`)).body);
  t.is(ctx.master.deps.queue.pendingWatches, 0);
});

test('a stream ends after MAX_EVENTS_SECONDS with the state then, and says so', async (t) => {
  const master = await startTestMaster(ctx.redis.url, { MAX_EVENTS_SECONDS: '1' });
  t.teardown(() => master.close());
  const id = await submitJob(master.url, QUEUED_JOB);
  const started = Date.now();
  const messages = await allMessages(await openEvents(`${master.url}/job/${id}/events`));
  t.true(Date.now() - started >= 900);
  t.deepEqual(messages.map((message) => message.event), ['comment', 'progress', 'comment']);
  t.like(JSON.parse(messages[1]!.data), { id, status: 'queued', progress: 0 });
  t.regex(messages[2]!.data, /^stream ended before the job \(at most 1 s, MAX_EVENTS_SECONDS\)/);
  t.is(master.deps.queue.pendingWatches, 0);
});
