/**
 * Every verdict, produced by a real program through the real stack: the master and executor
 * processes, Redis, the sandbox and the installed packs, over HTTP with POST /execute?wait=.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { createRedis, jobLanguageKey, QueueFactory } from '@sentinel/core';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { getJson, postJson, startStack } from './helpers/services.js';

let redis: TestRedis;
let url: string;
const cleanups: Array<() => unknown> = [];
test.before(async () => {
  redis = await startRedis();
  ({ url } = await startStack({ teardown: (fn) => void cleanups.push(fn) }, redis.url));
});
test.after.always(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await redis?.stop();
});

async function run(body: Record<string, unknown>) {
  const started = Date.now();
  const reply = await postJson(`${url}/execute?wait=30`, body);
  if (reply.status !== 200) throw new Error(`POST /execute answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return { ...reply.body, seconds: (Date.now() - started) / 1000 };
}

const one = [{ input: '5', expected: '10' }];

test.serial('ACCEPTED, answered in the same round trip', async (t) => {
  const job = await run({ code: 'print(int(input()) * 2)', language: 'python', testCases: one });
  t.like(job, { status: 'completed', verdict: 'ACCEPTED', passed: 1, total: 1, message: 'Job queued for python' });
  t.true(job.seconds < 15);
});

test.serial('WRONG_ANSWER', async (t) => {
  const job = await run({ code: 'print(int(input()) * 3)', language: 'python', testCases: one });
  t.like(job, { verdict: 'WRONG_ANSWER', passed: 0 });
  t.like(job.testCases[0], { actualOutput: '15\n', passed: false });
});

test.serial('TIME_LIMIT on CPU time', async (t) => {
  const job = await run({ code: 'while True: pass', language: 'python', testCases: one, limits: { cpuMs: 500 } });
  t.like(job.testCases[0], { verdict: 'TIME_LIMIT', limitExceeded: 'cpu' });
});

test.serial('MEMORY_LIMIT', async (t) => {
  const job = await run({ code: 'x = bytearray(400 * 1024 * 1024)\nprint(len(x))', language: 'python', testCases: one, limits: { memoryMb: 64 } });
  t.like(job.testCases[0], { verdict: 'MEMORY_LIMIT', limitExceeded: 'memory' });
});

test.serial('OUTPUT_LIMIT', async (t) => {
  const job = await run({ code: 'while True: print("x" * 1000)', language: 'python', testCases: one, limits: { outputKb: 8 } });
  t.like(job.testCases[0], { verdict: 'OUTPUT_LIMIT', limitExceeded: 'output', outputTruncated: true });
});

test.serial('RUNTIME_ERROR with the signal name', async (t) => {
  const job = await run({ code: 'int main(void) { volatile int *p = 0; return *p; }', language: 'c', testCases: one });
  t.like(job.testCases[0], { verdict: 'RUNTIME_ERROR', signal: 'SIGSEGV', exitCode: null });
});

test.serial('COMPILATION_ERROR with the compiler output, and no test run', async (t) => {
  const job = await run({ code: 'int main(void) { return }', language: 'cpp', testCases: [...one, ...one] });
  t.like(job, { verdict: 'COMPILATION_ERROR', compile: { success: false } });
  t.regex(job.error, /error: expected/);
  t.deepEqual(job.testCases.map((c: { verdict: string }) => c.verdict), ['COMPILATION_ERROR', 'COMPILATION_ERROR']);
});

test.serial('SKIPPED after the first failure, with stopOnFirstFailure; hidden tests echo nothing', async (t) => {
  const secret = `S${randomUUID()}`;
  const testCases = [
    { input: '1', expected: '1' },
    { input: secret, expected: 'nope', hidden: true },
    { input: '3', expected: '3' },
  ];
  const job = await run({ code: 'print(input())', language: 'python', testCases, stopOnFirstFailure: true });
  t.deepEqual(job.testCases.map((c: { verdict: string }) => c.verdict), ['ACCEPTED', 'WRONG_ANSWER', 'SKIPPED']);
  t.is(job.verdict, 'WRONG_ANSWER');
  const { body } = await getJson(`${url}/job/${job.id}`);
  t.false(JSON.stringify(body).includes(secret), 'the hidden input is in no answer');
  t.false(JSON.stringify(job).includes(secret));
});

test.serial('INTERNAL_ERROR: a job the executor refuses (forged on the queue) reads as failed with the reason', async (t) => {
  const id = randomUUID();
  const redisClient = createRedis(redis.url, 'forger');
  const queues = new QueueFactory(redis.url, 'forger');
  t.teardown(async () => {
    await queues.close();
    redisClient.disconnect();
  });
  await redisClient.set(jobLanguageKey(id), 'python', 'EX', 600);
  await queues.queue('python').add({ id, language: 'python', code: 'print(1)', testCases: 'not a list' }, { jobId: id, attempts: 2 });
  const { status, body } = await getJson(`${url}/job/${id}?wait=20`);
  t.is(status, 200);
  t.like(body, { status: 'failed', verdict: 'INTERNAL_ERROR' });
  t.regex(body.error, /invalid job payload: testCases/);
});
