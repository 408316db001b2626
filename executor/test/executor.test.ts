import test from 'ava';
import { randomUUID } from 'node:crypto';
import { createJobQueue, createRedis, DEFAULT_LIMITS, executorStatusKey, QueueFactory, type JobPayload, type JobProgress, type JobResult, type QueueJob, type ResolvedPack } from '@sentinel/core';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { readExecutorConfig } from '../src/config.js';
import { Executor } from '../src/executor.js';
import { releasedPayload } from '../src/payload-release.js';
import { bundledPacks, payload, realSandbox, RecordingSandbox } from './helpers.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

function job(language: string, code: string, testCases = [{ input: '5', expected: '10' }]): JobPayload {
  return payload({ language, code, testCases });
}

async function startExecutor(t: import('ava').ExecutionContext, concurrency: number, packs?: ResolvedPack[]) {
  const { python, javascript } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const recording = new RecordingSandbox(sandbox);
  const config = readExecutorConfig({ REDIS_URL: redis.url, SENTINEL_CONCURRENCY: String(concurrency) });
  const executor = new Executor({
    config,
    packs: packs ?? [python, javascript],
    sandbox: recording,
    workspaces,
    queue: createJobQueue({ redisUrl: redis.url, role: 'test-executor' }),
    redis: createRedis(redis.url, 'test-executor-status'),
  });
  await executor.start();
  t.teardown(() => executor.stop());
  const client = new QueueFactory(redis.url, 'test-client');
  t.teardown(() => client.close());
  return { executor, recording, client };
}

function finished(job: QueueJob): Promise<JobResult> {
  return job.finished() as Promise<JobResult>;
}

test.serial('takes a job from its language queue and stores the result in the contract shape', async (t) => {
  const { client, executor } = await startExecutor(t, 2);
  const data = job('python', 'print(int(input()) * 2)');
  const watcher = createJobQueue({ redisUrl: redis.url, role: 'test-watcher' });
  t.teardown(() => watcher.close());
  const heard: JobProgress[] = [];
  await watcher.watch('python', data.id, (progress) => heard.push(progress));
  const queued = await client.queue('python').add(data, { jobId: data.id });
  const result = await finished(queued);
  t.like(result, { verdict: 'ACCEPTED', passed: 1, total: 1, output: '', error: '' });
  t.like(result.testCases[0], { input: '5', expected: '10', actualOutput: '10\n', passed: true });
  const stored = await client.queue('python').getJob(data.id);
  t.is(await stored?.getState(), 'completed');
  t.is(stored?.progress(), 100, 'the stored progress is a number: the last test stores it with its event');
  // Ready, then each finished test with its result and index, heard by any process.
  t.deepEqual(heard, [{ percent: 10 }, { percent: 100, detail: { ...result.testCases[0], index: 0 } }]);
  const reader = createRedis(redis.url, 'test-reader');
  t.teardown(() => reader.quit());
  const status = JSON.parse((await reader.get(executorStatusKey(executor.id))) ?? '{}');
  t.deepEqual(status.languages, ['python', 'javascript']);
  t.is(status.sandbox.mode, 'bwrap');
});

test.serial('a forged payload is rejected without running and is not retried', async (t) => {
  const { client, recording } = await startExecutor(t, 2);
  const forged = { ...job('python', 'print(1)'), language: 'python; rm -rf /', extra: '`id`' };
  const queued = await client.queue('python').add(forged, { jobId: forged.id, attempts: 3 });
  const error = await t.throwsAsync(finished(queued));
  t.regex(error.message, /^invalid job payload: language: "language" with value "python; rm -rf \/" fails to match the required pattern/);
  const stored = await client.queue('python').getJob(forged.id);
  t.is(await stored?.getState(), 'failed');
  t.is(stored?.attemptsMade, 1);
  t.is(recording.runs.length, 0);
});

test.serial('a job sent to the wrong language queue is rejected', async (t) => {
  const { client, recording } = await startExecutor(t, 2);
  const data = job('javascript', 'console.log(10)');
  const queued = await client.queue('python').add(data, { jobId: data.id });
  const error = await t.throwsAsync(finished(queued));
  t.is(error.message, 'invalid job payload: language: "javascript" sent to the python queue');
  t.is(recording.runs.length, 0);
});

test.serial('one concurrency bound is shared by all languages of the process', async (t) => {
  const { client, recording } = await startExecutor(t, 1);
  const slowPython = 'import time\ntime.sleep(0.3)\nprint(10)';
  const slowJs = 'setTimeout(() => console.log(10), 300)';
  const jobs = [job('python', slowPython), job('python', slowPython), job('javascript', slowJs), job('javascript', slowJs)];
  const queued = await Promise.all(jobs.map((data) => client.queue(data.language).add(data, { jobId: data.id })));
  const results = await Promise.all(queued.map(finished));
  t.deepEqual(results.map((r) => r.verdict), ['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
  t.is(recording.runs.length, 4);
  t.is(recording.maxRunning, 1);
});

test.serial('stop() finishes the active job before closing', async (t) => {
  const { client, executor } = await startExecutor(t, 1);
  const data = job('python', 'import time\ntime.sleep(0.8)\nprint(10)');
  const queued = await client.queue('python').add(data, { jobId: data.id });
  while ((await queued.getState()) !== 'active') await new Promise((resolve) => setTimeout(resolve, 20));
  await executor.stop();
  const stored = await client.queue('python').getJob(data.id);
  t.is(await stored?.getState(), 'completed');
  t.is((stored?.returnvalue as JobResult).verdict, 'ACCEPTED');
});

test.serial('the executor re-checks payloads against the same request bounds as the master', async (t) => {
  const { python } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const config = readExecutorConfig({ REDIS_URL: redis.url, MAX_TEST_CASES: '1' });
  const executor = new Executor({ config, packs: [python], sandbox, workspaces, queue: createJobQueue({ redisUrl: redis.url, role: 'bounds' }), redis: createRedis(redis.url, 'bounds-status') });
  await executor.start();
  t.teardown(() => executor.stop());
  const client = new QueueFactory(redis.url, 'bounds-client');
  t.teardown(() => client.close());
  const data = job('python', 'print(10)', [{ input: '', expected: '10' }, { input: '', expected: '10' }]);
  const error = await t.throwsAsync(finished(await client.queue('python').add(data, { jobId: data.id })));
  t.is(error.message, 'invalid job payload: testCases: "testCases" must contain less than or equal to 1 items');
});

test.serial("a pack's limits raise the run defaults (within the maximums); a request may lower them again", async (t) => {
  const { bash } = await bundledPacks();
  // 12 MiB is above the default per-file limit (10 MiB) and under this pack's own (20 MiB).
  const roomy: ResolvedPack = { ...bash, limits: { fileSizeKb: 20_480 } };
  t.true(DEFAULT_LIMITS.fileSizeKb < 12 * 1024);
  const { client } = await startExecutor(t, 1, [roomy]);
  const code = 'head -c 12582912 /dev/zero > /tmp/big && stat -c %s /tmp/big';
  const roomyRun = await finished(await client.queue('bash').add(payload({ language: 'bash', code })));
  t.is(roomyRun.output, '12582912\n', roomyRun.error);
  const lowered = await finished(await client.queue('bash').add(payload({ language: 'bash', code, limits: { fileSizeKb: 1_024 } })));
  t.is(lowered.verdict, 'RUNTIME_ERROR');
  t.regex(lowered.error, /File too large|file size/i);
});

test.serial("a finished job's large payload is released from Redis; a small one is kept", async (t) => {
  const { client } = await startExecutor(t, 2);
  const reader = createRedis(redis.url, 'test-payload-reader');
  t.teardown(() => reader.quit());
  const dataOf = async (id: string) => JSON.parse((await reader.hget(`bull:python:${id}`, 'data'))!) as Record<string, unknown>;

  const big = job('python', 'import sys\nprint(len(sys.stdin.read()))', [{ input: 'x'.repeat(20_000), expected: '20000' }]);
  const small = job('python', 'print(int(input()) * 2)');
  const results = await Promise.all([big, small].map(async (data) => finished(await client.queue('python').add(data, { jobId: data.id }))));
  t.deepEqual(results.map((result) => result.verdict), ['ACCEPTED', 'ACCEPTED']);
  // The release follows Bull's 'completed' event in the executor: wait for it, do not sleep.
  const deadline = Date.now() + 10_000;
  while (!(await dataOf(big.id)).released && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  t.deepEqual(await dataOf(big.id), { id: big.id, language: 'python', submittedAt: big.submittedAt, released: true });
  t.deepEqual(await dataOf(small.id), small as unknown as Record<string, unknown>);
  t.like((await client.queue('python').getJob(big.id))?.returnvalue, { verdict: 'ACCEPTED' });
});

test.serial('replaceFinishedPayload leaves a job that has not finished (or no longer exists) alone', async (t) => {
  const queue = createJobQueue({ redisUrl: redis.url, role: 'test-release' });
  t.teardown(() => queue.close());
  const reader = createRedis(redis.url, 'test-release');
  t.teardown(() => reader.quit());
  const id = randomUUID();
  const key = `bull:nowhere:${id}`;
  await reader.hset(key, 'data', '{"code":"x"}', 'processedOn', '1');
  t.false(await queue.replaceFinishedPayload('nowhere', id, { id: 'x' }));
  t.is(await reader.hget(key, 'data'), '{"code":"x"}');
  const gone = randomUUID();
  t.false(await queue.replaceFinishedPayload('nowhere', gone, { id: 'x' }));
  t.is(await reader.exists(`bull:nowhere:${gone}`), 0, 'no hash is made for a removed job');
  await reader.hset(key, 'finishedOn', '2');
  t.true(await queue.replaceFinishedPayload('nowhere', id, releasedPayload({ id: 'x', language: 'nowhere', submittedAt: 'then', code: 'y' })));
  t.deepEqual(JSON.parse((await reader.hget(key, 'data'))!), { id: 'x', language: 'nowhere', submittedAt: 'then', released: true });
  await reader.del(key);
});
