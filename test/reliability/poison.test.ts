/**
 * A poison job: one that takes its executor down every time it runs. Here the test plays the
 * poison (it SIGKILLs the executor each time that executor starts the job, and starts a new
 * executor as local mode or Kubernetes would): the job ends `failed` with a clear reason after
 * maxStalledCount + 1 runs, and the other jobs of its queue complete meanwhile.
 */
import test from 'ava';
import { CODE_RUN_QUEUE_SETTINGS, createRedis, queueKeys } from '@sentinel/core';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { executorEntry, getJson, postJson, startService, startStack, waitFor, waitForJob, type Service } from '../helpers/services.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

test('a job that kills its executor every time fails after maxStalledCount + 1 runs, and its queue goes on', async (t) => {
  const { url, env, executor: first } = await startStack(t, redis.url, { SENTINEL_PACKS: 'python' });
  const client = createRedis(redis.url, 'test-watcher');
  t.teardown(() => client.disconnect());

  const { body: poison } = await postJson(`${url}/execute`, { code: 'import time\ntime.sleep(4)\nprint(1)', language: 'python' });
  let executor: Service = first;
  const runs: string[] = [];
  let goodJobs: Promise<any[]> | undefined;
  const deadline = Date.now() + 90_000;
  for (;;) {
    t.true(Date.now() < deadline, 'the poison job did not end');
    const [active, hash] = await Promise.all([client.lrange(queueKeys('python').active, 0, -1), client.hmget(`bull:python:${poison.id}`, 'processedOn', 'finishedOn')]);
    const [processedOn, finishedOn] = hash;
    if (finishedOn) break;
    if (active.includes(poison.id) && processedOn && !runs.includes(processedOn)) {
      // An executor has just started the poison job: it dies, and a new one takes its place.
      runs.push(processedOn);
      executor.child.kill('SIGKILL');
      executor = startService(t, executorEntry, env);
      // While the poison job waits for its lock to expire, the queue serves other jobs.
      goodJobs ??= Promise.all(
        [1, 2, 3].map(async (n) => {
          const { body } = await postJson(`${url}/execute`, { code: `print(${n} * 7)`, language: 'python', testCases: [{ input: '', expected: String(n * 7) }] });
          return waitForJob(url, body.id, 40_000);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const { body } = await getJson(`${url}/job/${poison.id}`);
  t.like(body, { status: 'failed', verdict: 'INTERNAL_ERROR', error: 'job stalled more than allowable limit' });
  t.is(runs.length, CODE_RUN_QUEUE_SETTINGS.maxStalledCount + 1, 'runs of the poison job');
  const good = await goodJobs!;
  for (const done of good) {
    t.like(done, { status: 'completed', verdict: 'ACCEPTED' });
    t.true(done.timestamp < body.timestamp, 'completed while the poison job was still in its queue');
  }
});
