/**
 * An executor that dies (SIGKILL) or freezes (SIGSTOP) in the middle of a job: the job runs again on
 * another executor and completes exactly once, and the stale executor's late result changes nothing
 * (Bull's job lock: only the lock's owner can finish a job). Real processes, a private Redis.
 */
import test, { type ExecutionContext } from 'ava';
import { createRedis, CODE_RUN_QUEUE_SETTINGS } from '@sentinel/core';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { ancestorOfRunning, FinishCounter } from '../helpers/faults.js';
import { executorEntry, getJson, postJson, startService, startStack, waitFor, type Service } from '../helpers/services.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

const ONLY_PYTHON = { SENTINEL_PACKS: 'python', SENTINEL_CONCURRENCY: '2' };
/** Prints a different line on every run, so two runs' results can be told apart. */
const slowJob = (seconds: number) => ({
  code: `import time\ntime.sleep(${seconds})\nprint("done", time.time_ns())`,
  language: 'python',
  testCases: [{ input: '', expected: 'anything' }],
});

async function startSecondExecutor(t: ExecutionContext, url: string, env: Record<string, string>): Promise<Service> {
  const second = startService(t, executorEntry, env);
  await waitFor('the second executor', async () => ((await getJson(`${url}/health`)).body.executors?.length === 2 ? true : undefined), 30_000);
  return second;
}

async function jobHash(id: string): Promise<Record<string, string>> {
  const client = createRedis(redis.url, 'test-reader');
  try {
    return await client.hgetall(`bull:python:${id}`);
  } finally {
    client.disconnect();
  }
}

test.serial('SIGKILL mid-job: the job runs again on another executor and completes exactly once', async (t) => {
  const { url, env, executor: first } = await startStack(t, redis.url, ONLY_PYTHON);
  const finishes = await FinishCounter.start(redis.url, 'python');
  t.teardown(() => finishes.stop());

  // Both executors serve before the job is submitted; the one that takes it is killed mid-run.
  const second = await startSecondExecutor(t, url, env);
  const { body: job } = await postJson(`${url}/execute`, slowJob(3));
  const firstRun = await waitFor('the job to start', async () => {
    const { body } = await getJson(`${url}/job/${job.id}`);
    return body.status === 'active' ? body.timestamp : undefined;
  });
  const executors = [first.child.pid!, second.child.pid!];
  const holder = await waitFor('the executor running the job', () => ancestorOfRunning(executors, 'main.py'));
  const killedAt = Date.now();
  process.kill(holder, 'SIGKILL');
  const restartedAt = await waitFor('the job to run again', async () => {
    const { body } = await getJson(`${url}/job/${job.id}`);
    return body.status === 'active' && body.timestamp !== firstRun ? Date.now() : undefined;
  }, 40_000);
  const { body: done } = await getJson(`${url}/job/${job.id}?wait=30`);
  const completedAt = Date.now();

  t.like(done, { status: 'completed', verdict: 'WRONG_ANSWER', passed: 0, total: 1 });
  t.regex(done.testCases[0].actualOutput, /^done \d+\n$/);
  t.is(finishes.completed.get(job.id), 1, 'completed once');
  t.is(finishes.failed.get(job.id), undefined);
  const hash = await jobHash(job.id);
  t.is(hash.stalledCounter, '1');
  t.is(hash.failedReason, undefined, 'no attempt failed');
  const { lockDuration, lockRenewTime, stalledInterval } = CODE_RUN_QUEUE_SETTINGS;
  const runAgainMs = restartedAt - killedAt;
  t.true(runAgainMs <= lockDuration + stalledInterval + 3_000, `ran again ${runAgainMs} ms after the kill`);
  t.true(runAgainMs >= lockDuration - lockRenewTime - 500, `ran again ${runAgainMs} ms after the kill: before its lock expired?`);
  t.log(`recovery: running again ${runAgainMs} ms after SIGKILL, completed ${completedAt - killedAt} ms after it (job runs ~3 s)`);
});

test.serial('a frozen executor that wakes after its job completed elsewhere cannot finish it again', async (t) => {
  const { url, env, executor: stale } = await startStack(t, redis.url, ONLY_PYTHON);
  const finishes = await FinishCounter.start(redis.url, 'python');
  t.teardown(() => finishes.stop());

  const { body: job } = await postJson(`${url}/execute`, slowJob(1));
  await waitFor('the job to start', async () => ((await getJson(`${url}/job/${job.id}`)).body.status === 'active' ? true : undefined));
  // Frozen: it renews no lock and runs no stall check; its sandboxed program runs on and ends.
  stale.child.kill('SIGSTOP');
  t.teardown(() => void stale.child.kill('SIGCONT'));
  await startSecondExecutor(t, url, env);

  const { body: done } = await getJson(`${url}/job/${job.id}?wait=30`);
  t.like(done, { status: 'completed', verdict: 'WRONG_ANSWER' });
  const final = await jobHash(job.id);

  stale.child.kill('SIGCONT');
  // Its result is ready at once (the program ended long ago): Bull refuses it for want of the lock.
  await waitFor('the stale executor to be refused', async () => (stale.output().includes(`Missing lock for job ${job.id}`) ? true : undefined), 15_000);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const after = await jobHash(job.id);
  t.is(after.returnvalue, final.returnvalue, 'the late result did not overwrite the final one');
  t.is(after.finishedOn, final.finishedOn);
  t.is(after.processedOn, final.processedOn);
  t.is(finishes.completed.get(job.id), 1, 'completed once');
  t.is(finishes.failed.get(job.id), undefined, 'never reported failed');
  t.deepEqual((await getJson(`${url}/job/${job.id}`)).body, done, 'GET answers exactly what it answered before');
  // What the stale worker CAN still write: Bull 4's failure path (Job#moveToFailed) saves the
  // attempt's failedReason, stacktrace and attemptsMade with no lock check before its lock-checked
  // move is refused. The job stays completed and no answer shows them.
  t.is(after.failedReason, `Missing lock for job ${job.id} finished`);
});
