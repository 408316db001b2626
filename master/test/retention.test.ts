/**
 * Finished jobs are kept JOB_RETENTION_SECONDS and at most JOB_RETENTION_COUNT (completed, and
 * failed) per language, then removed; a removed job is a 404 that says so. Real Redis, real Bull
 * worker made in the test, real expiry: no clock is faked. One master per bound, on one Redis:
 * the age test uses the python queue, the count tests the javascript queue.
 */
import test, { type ExecutionContext } from 'ava';
import { jobLanguageKey, type JobPayload, type JobResult, type QueueJob } from '@sentinel/core';
import { postJson, request, startTestMaster, useMaster, type TestMaster, startWorker } from './helpers/master.js';

const ctx = useMaster(test, { JOB_RETENTION_SECONDS: '1' });
/** A second master on the same Redis with a count bound of 3, started by the test that needs it. */
let counted: TestMaster | undefined;
test.after.always(() => counted?.close());

const RESULT: JobResult = { output: '', error: '', executionTime: 1, verdict: 'ACCEPTED', passed: 0, total: 0, testCases: [] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A worker on `language`'s queue that fails the jobs whose code starts with "fail"; closed when the test ends. */
function worker(t: ExecutionContext, language: string) {
  startWorker(t, ctx.redis.url, language, async (job: QueueJob) => {
    if ((job.data as JobPayload).code.startsWith('fail')) throw new Error('told to fail');
    return RESULT;
  });
}

/** Submits through `master` and waits until the job is finished; answers its id. */
async function run(master: TestMaster, body: object): Promise<string> {
  const reply = await postJson(`${master.url}/execute?wait=10`, body);
  if (reply.status !== 200 || !['completed', 'failed'].includes(reply.body.status as string)) {
    throw new Error(`run: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body.id as string;
}

const notFoundMessage = (id: string, seconds: number, count: number) =>
  `no job with id ${id}: unknown, or removed after its retention (finished jobs are kept ${seconds} s, ` +
  `at most the newest ${count} completed and ${count} failed per language)`;

test.serial('a finished job expires after JOB_RETENTION_SECONDS: GET says so, and Bull removes it at the next finish', async (t) => {
  worker(t, 'python');
  const submittedAt = Date.now();
  const first = await run(ctx.master, { code: 'print(1)', language: 'python' });
  t.is((await request(`${ctx.master.url}/job/${first}`)).status, 200);
  const opts = JSON.parse((await ctx.db.hget(`bull:python:${first}`, 'opts'))!) as Record<string, unknown>;
  t.deepEqual([opts.removeOnComplete, opts.removeOnFail], [{ age: 1, count: 10_000 }, { age: 1, count: 10_000 }]);

  // The id -> language key lives 1 s from submission: past it the job is unreadable. Redis expires
  // keys on its own clock, so the test waits for the 404 (within a generous deadline) rather than
  // guessing when it comes, and checks it did not come early.
  let gone = await request(`${ctx.master.url}/job/${first}`);
  for (const deadline = submittedAt + 10_000; gone.status === 200 && Date.now() < deadline; gone = await request(`${ctx.master.url}/job/${first}`)) await sleep(50);
  t.true(Date.now() - submittedAt >= 1_000, 'not before its retention');
  t.is(gone.status, 404);
  t.deepEqual(gone.body, { error: 'JOB_NOT_FOUND', field: 'id', message: notFoundMessage(first, 1, 10_000) });
  t.is(await ctx.db.exists(jobLanguageKey(first)), 0);

  // Bull drops the job itself when the next job of its queue finishes more than 1 s after it did.
  const finishedOn = Number(await ctx.db.hget(`bull:python:${first}`, 'finishedOn'));
  t.true(finishedOn > 0, 'still in Redis until the next finish');
  await sleep(Math.max(0, finishedOn + 1_100 - Date.now()));
  const second = await run(ctx.master, { code: 'print(2)', language: 'python' });
  t.is(await ctx.db.exists(`bull:python:${first}`), 0);
  t.is(await ctx.db.zscore('bull:python:completed', first), null);
  t.deepEqual(await ctx.db.zrange('bull:python:completed', 0, -1), [second]);
});

test.serial('the count bound keeps the newest JOB_RETENTION_COUNT completed and failed jobs, and evicts the oldest', async (t) => {
  const master = (counted = await startTestMaster(ctx.redis.url, { JOB_RETENTION_COUNT: '3' }));
  worker(t, 'javascript');
  const completed: string[] = [];
  for (let index = 0; index < 12; index++) completed.push(await run(master, { code: `console.log(${index})`, language: 'javascript' }));
  const failed: string[] = [];
  for (let index = 0; index < 5; index++) failed.push(await run(master, { code: `fail(${index})`, language: 'javascript' }));

  t.deepEqual(await ctx.db.zrange('bull:javascript:completed', 0, -1), completed.slice(-3));
  t.deepEqual(await ctx.db.zrange('bull:javascript:failed', 0, -1), failed.slice(-3));
  for (const id of [...completed.slice(0, -3), ...failed.slice(0, -3)]) {
    t.is(await ctx.db.exists(`bull:javascript:${id}`), 0, `${id} is removed`);
    const reply = await request(`${master.url}/job/${id}`);
    t.is(reply.status, 404);
    t.deepEqual(reply.body, { error: 'JOB_NOT_FOUND', field: 'id', message: notFoundMessage(id, 86_400, 3) });
  }
  for (const id of completed.slice(-3)) t.like((await request(`${master.url}/job/${id}`)).body, { id, status: 'completed' });
  for (const id of failed.slice(-3)) t.like((await request(`${master.url}/job/${id}`)).body, { id, status: 'failed', error: 'told to fail' });

  // Redis holds 6 job hashes for the 17 jobs that went through: the queue's memory is bounded.
  const hashes = (await ctx.db.keys('bull:javascript:*')).filter((key) => /^bull:javascript:[0-9a-f-]{36}$/.test(key));
  t.is(hashes.length, 6);
  t.log(`memory of a finished job's hash: ${String(await ctx.db.call('MEMORY', 'USAGE', `bull:javascript:${completed.at(-1)!}`))} B`);
  t.log(`memory of a job -> language key: ${String(await ctx.db.call('MEMORY', 'USAGE', jobLanguageKey(completed.at(-1)!)))} B`);
});

