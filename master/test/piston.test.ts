/**
 * The Piston adapter's pure parts (limits, stages) and Sentinel's policies on its routes, answered
 * in Piston's `{message}` shape: the rate limit, API keys and queue admission, on a real Redis.
 */
import test from 'ava';
import type { Redis } from 'ioredis';
import type { JobView, Limits } from '@sentinel/core';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { pistonLimits } from '../src/compat/piston/limits.js';
import { compileEnding, pistonStages } from '../src/compat/piston/stages.js';
import { isOpenPath } from '../src/open-paths.js';
import { limitClassOf } from '../src/rate-limit.js';
import { inspect, postJson, request, startTestMaster, submitJob } from './helpers/master.js';

let redis: TestRedis;
let db: Redis;
test.before(async () => {
  redis = await startRedis();
  db = inspect(redis.url);
});
test.beforeEach(async () => {
  await db.flushdb();
});
test.after.always(async () => {
  db?.disconnect();
  await redis?.stop();
});

const limits = (values: Partial<Limits> = {}): Limits => ({ wallMs: 5_000, cpuMs: 3_000, memoryMb: 256, processes: 64, outputKb: 1_024, fileSizeKb: 10_240, ...values });
const ceilings = { run: limits(), compile: limits({ wallMs: 15_000, cpuMs: 15_000, memoryMb: 1_024 }) };

test('limits: Piston\'s defaults for omitted fields, never above the language\'s; -1 and 0; bytes rounded up to MiB', (t) => {
  t.deepEqual(pistonLimits({}, ceilings), { run: { wallMs: 3_000, cpuMs: 3_000 }, compile: { wallMs: 10_000, cpuMs: 10_000 } });
  const tight = { run: limits({ wallMs: 2_000, cpuMs: 1_000 }), compile: limits({ wallMs: 5_000, cpuMs: 5_000 }) };
  t.deepEqual(pistonLimits({}, tight), { run: { wallMs: 2_000, cpuMs: 1_000 }, compile: { wallMs: 5_000, cpuMs: 5_000 } });
  t.deepEqual(pistonLimits({ run_timeout: -1, run_cpu_time: -1, compile_timeout: 0, compile_cpu_time: null }, ceilings), { run: {}, compile: { wallMs: 10_000, cpuMs: 10_000 } });
  t.deepEqual(pistonLimits({ run_memory_limit: 1, compile_memory_limit: 64 * 1024 * 1024 + 1, run_timeout: 0.5 }, ceilings).run, { memoryMb: 1, wallMs: 1, cpuMs: 3_000 });
  t.is(pistonLimits({ compile_memory_limit: 64 * 1024 * 1024 + 1 }, ceilings).compile.memoryMb, 65);
  t.is(pistonLimits({ run_memory_limit: 256 * 1024 * 1024 }, ceilings).run.memoryMb, 256);
  t.throws(() => pistonLimits({ run_memory_limit: 256 * 1024 * 1024 + 1 }, ceilings), { message: 'run_memory_limit cannot exceed the configured limit of 268435456' });
  t.throws(() => pistonLimits({ run_timeout: -2 }, ceilings), { message: 'run_timeout must be non-negative' });
  t.throws(() => pistonLimits({ compile_cpu_time: true }, ceilings), { message: 'If specified, compile_cpu_time must be a number' });
  // Piston's order: memory, then timeout, then CPU time; compile before run.
  t.throws(() => pistonLimits({ run_cpu_time: 99_999, compile_memory_limit: 2 ** 40 }, ceilings), { message: /^compile_memory_limit/ });
});

const done = (fields: Partial<JobView>): JobView => ({ id: 'x', status: 'completed', timestamp: '', language: 'python', output: '', error: '', executionTime: 50, exitCode: null, signal: null, cpuTimeMs: 10, memoryKb: 100, limitExceeded: null, outputTruncated: false, stderrTruncated: false, ...fields });

test('stages: each verdict\'s status, signal and message', (t) => {
  const run = (fields: Partial<JobView>) => pistonStages(done(fields)).run;
  t.like(run({ verdict: 'ACCEPTED', exitCode: 0, output: 'a', error: 'b' }), { stdout: 'a', stderr: 'b', output: 'ab', code: 0, status: null, message: null, cpu_time: 10, wall_time: 50, memory: 102_400 });
  t.like(run({ verdict: 'RUNTIME_ERROR', exitCode: 2 }), { code: 2, status: 'RE', message: 'Exited with error status 2' });
  t.like(run({ verdict: 'RUNTIME_ERROR', signal: 'SIGABRT' }), { signal: 'SIGABRT', status: 'SG' });
  t.like(run({ verdict: 'RUNTIME_ERROR', exitCode: 1, limitExceeded: 'processes' }), { status: 'RE', message: 'Exited with error status 1 after reaching its process limit' });
  t.like(run({ verdict: 'TIME_LIMIT', limitExceeded: 'wall' }), { status: 'TO', signal: 'SIGKILL', code: null });
  t.like(run({ verdict: 'MEMORY_LIMIT', limitExceeded: 'memory' }), { status: 'SG', signal: 'SIGKILL', message: 'Memory limit exceeded (Sentinel verdict MEMORY_LIMIT)' });
  t.like(run({ verdict: 'OUTPUT_LIMIT', outputTruncated: true, stderrTruncated: true }), { status: 'OL', signal: 'SIGKILL' });
  t.like(run({ verdict: 'OUTPUT_LIMIT', stderrTruncated: true }), { status: 'EL', signal: 'SIGKILL' });
  t.like(run({ verdict: 'OUTPUT_LIMIT', limitExceeded: 'disk' }), { status: 'SG', signal: 'SIGKILL', message: 'File size limit exceeded (Sentinel verdict OUTPUT_LIMIT)' });
  // A failed job is Sentinel's fault: XX, its reason as the message, never as the program's stderr.
  const failed: JobView = { id: 'x', status: 'failed', timestamp: '', language: 'python', verdict: 'INTERNAL_ERROR', error: 'job stalled more than allowable limit' };
  t.like(pistonStages(failed).run, { status: 'XX', message: 'job stalled more than allowable limit', stderr: '', code: null, cpu_time: null, memory: null });
});

test('stages: a compile\'s ending from the executor\'s note', (t) => {
  t.like(compileEnding(false, 'x\n[compilation stopped: wall-clock time limit]'), { status: 'TO', signal: 'SIGKILL' });
  t.like(compileEnding(false, 'x\n[compilation stopped: memory limit]'), { status: 'SG', signal: 'SIGKILL' });
  t.like(compileEnding(false, 'x\n[compiler killed by SIGSEGV]'), { status: 'SG', signal: 'SIGSEGV', code: null });
  t.like(compileEnding(false, 'main.cpp:1: error'), { status: 'RE', code: 1 });
  t.like(compileEnding(true, 'warning'), { status: null, code: 0 });
  const stages = pistonStages(done({ verdict: 'ACCEPTED', exitCode: 0, executionTime: 900, compile: { output: '', timeMs: 700, success: true } }));
  t.like(stages, { compile: { wall_time: 700, status: null }, run: { wall_time: 200 } });
});

test('rate-limit classes: execute is a submission, runtimes a read', (t) => {
  t.is(limitClassOf({ method: 'POST', path: '/api/v2/execute', query: {} }, isOpenPath), 'submit');
  t.is(limitClassOf({ method: 'GET', path: '/api/v2/runtimes', query: {} }, isOpenPath), 'read');
});

const body = { language: 'python', version: '*', files: [{ content: 'print(1)' }] };

test.serial('Sentinel\'s policies answer in Piston\'s shape: 429 with Retry-After, 503 QUEUE_FULL, 401 without a key', async (t) => {
  const limited = await startTestMaster(redis.url, { RATE_LIMIT_SUBMIT_PER_MINUTE: '1', RATE_LIMIT_READ_PER_MINUTE: '1', MAX_QUEUE_LENGTH: '1' });
  t.teardown(() => limited.close());
  // The first submission is counted though it is refused (no files).
  t.deepEqual((await postJson(`${limited.url}/api/v2/execute`, { language: 'python', version: '*' })).body, { message: 'files is required as an array' });
  const tooMany = await postJson(`${limited.url}/api/v2/execute`, body);
  t.is(tooMany.status, 429);
  t.regex(tooMany.body.message as string, /^too many submit requests: at most 1 per 60 s from one client; retry after \d+ s$/);
  t.deepEqual(Object.keys(tooMany.body), ['message']);
  t.truthy(tooMany.headers.get('retry-after'));
  t.is((await request(`${limited.url}/api/v2/runtimes`)).status, 200);
  t.is((await request(`${limited.url}/api/v2/runtimes`)).status, 429);

  const full = await startTestMaster(redis.url, { MAX_QUEUE_LENGTH: '1' });
  t.teardown(() => full.close());
  await submitJob(full.url); // no executor: it stays waiting
  const refused = await postJson(`${full.url}/api/v2/execute`, body);
  t.is(refused.status, 503);
  t.deepEqual(refused.body, { message: 'the python queue is full: 1 jobs are waiting and its bound is 1 (MAX_QUEUE_LENGTH); retry after 5 s' });
  t.is(refused.headers.get('retry-after'), '5');

  const keys = await startTestMaster(redis.url, { API_KEYS: 'on' });
  t.teardown(() => keys.close());
  const anonymous = await postJson(`${keys.url}/api/v2/execute`, body);
  t.is(anonymous.status, 401);
  t.deepEqual(Object.keys(anonymous.body), ['message']);
});
