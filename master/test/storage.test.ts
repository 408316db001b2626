/**
 * Admission by Redis memory (issue 14): Redis runs with a maxmemory and noeviction, so past it
 * every write fails. Near it, POST /execute answers 503 STORAGE_FULL with Retry-After; a write
 * that still meets Redis's OOM refusal is the same 503, never a 500. A real Redis, its maxmemory
 * set with CONFIG SET around what it uses.
 */
import test from 'ava';
import { QueueFactory, queueKeys } from '@sentinel/core';
import { toHttpError } from '../src/http-errors.js';
import { parseMemoryInfo, RedisMemory } from '../src/redis-memory.js';
import { postJson, request, startTestMaster, submitJob, useMaster } from './helpers/master.js';

// A low bound, so that what the test itself adds to Redis never takes it to maxmemory.
const ctx = useMaster(test, { MAX_REDIS_MEMORY_PERCENT: '50' });

const PY = { code: 'print(1)', language: 'python' };
const FULL_HEAD = 'the job store (Redis) is full: ';

async function usedMemory(): Promise<number> {
  return parseMemoryInfo(await ctx.db.info('memory')).usedBytes;
}

/** Sets maxmemory so that Redis uses `fraction` of it now; undone when the test ends. */
async function fillTo(t: import('ava').ExecutionContext, fraction: number): Promise<void> {
  t.teardown(() => ctx.db.config('SET', 'maxmemory', '0'));
  await ctx.db.config('SET', 'maxmemory', String(Math.floor((await usedMemory()) / fraction)));
}

/** Polls until POST /execute answers `status` (the master's reading is up to a second old). */
async function untilSubmitAnswers(url: string, status: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const reply = await postJson(`${url}/execute`, PY);
    if (reply.status === status || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('parseMemoryInfo reads used_memory and maxmemory from INFO memory', (t) => {
  const info = '# Memory\r\nused_memory:1049000\r\nused_memory_human:1.00M\r\nmaxmemory:4194304\r\nmaxmemory_policy:noeviction\r\n';
  t.deepEqual(parseMemoryInfo(info), { usedBytes: 1_049_000, maxBytes: 4_194_304 });
  t.deepEqual(parseMemoryInfo('# Memory\r\nused_memory:5\r\nmaxmemory:0\r\n'), { usedBytes: 5, maxBytes: 0 });
});

test.serial('near maxmemory, POST /execute answers 503 STORAGE_FULL with Retry-After, reads still answer, and it admits again when memory frees', async (t) => {
  const id = await submitJob(ctx.master.url, PY);
  await fillTo(t, 0.7);
  const refused = await untilSubmitAnswers(ctx.master.url, 503);
  t.is(refused.status, 503);
  t.is(refused.headers.get('retry-after'), '30');
  t.is(refused.body.error, 'STORAGE_FULL');
  t.is(refused.body.retryAfter, 30);
  t.regex(String(refused.body.message), /^the job store \(Redis\) is full: it uses [5-9]\d% of its memory bound and takes no new jobs from 50% \(MAX_REDIS_MEMORY_PERCENT\); retry after 30 s$/);
  const waiting = await ctx.db.llen(queueKeys('python').wait);
  t.is((await postJson(`${ctx.master.url}/execute?wait=5`, PY)).body.error, 'STORAGE_FULL');
  t.is(await ctx.db.llen(queueKeys('python').wait), waiting, 'nothing was queued');
  // Bad input is still a 400; reading jobs and monitoring still work.
  t.is((await postJson(`${ctx.master.url}/execute`, { ...PY, code: '' })).status, 400);
  t.is((await request(`${ctx.master.url}/job/${id}`)).body.status, 'queued');
  const health = await request<{ status: string; redis: { memory: { usedBytes: number; maxBytes: number } }; warnings: string[] }>(`${ctx.master.url}/health`);
  t.is(health.status, 200);
  t.is(health.body.status, 'degraded');
  t.true(health.body.redis.memory.maxBytes > 0 && health.body.redis.memory.usedBytes > 0);
  t.true(health.body.warnings.some((warning) => /^redis uses \d+% of its maxmemory: POST \/execute answers 503 STORAGE_FULL from 50%$/.test(warning)), health.body.warnings.join('\n'));

  await ctx.db.config('SET', 'maxmemory', '0');
  t.is((await untilSubmitAnswers(ctx.master.url, 200)).status, 200);
});

test.serial('past maxmemory, a write Redis refuses (OOM) is a 503 STORAGE_FULL, never a 500', async (t) => {
  // No admission bound: the request goes on to Redis, which refuses its writes.
  const unbounded = await startTestMaster(ctx.redis.url, { MAX_REDIS_MEMORY_PERCENT: '0' });
  t.teardown(() => unbounded.close());
  const id = await submitJob(unbounded.url, PY);
  await fillTo(t, 2);
  for (const reply of [await postJson(`${unbounded.url}/execute`, PY), await request(`${unbounded.url}/job/${id}`)]) {
    t.is(reply.status, 503, unbounded.logs.join('\n'));
    t.is(reply.headers.get('retry-after'), '30');
    t.deepEqual(reply.body, { error: 'STORAGE_FULL', message: `${FULL_HEAD}it refuses writes and transactions at its memory bound (maxmemory); retry after 30 s`, retryAfter: 30 });
  }
  t.is((await request(`${unbounded.url}/health`)).status, 200, 'the health probe only reads');
});

test.serial("Bull's own add, a plain SET and a MULTI of reads, refused for OOM, become STORAGE_FULL", async (t) => {
  const queues = new QueueFactory(ctx.redis.url, 'test-oom');
  t.teardown(() => queues.close());
  await queues.queue('python').isReady();
  await fillTo(t, 2);
  const addError = await t.throwsAsync(queues.queue('python').add({ code: 'x' }));
  const setError = await t.throwsAsync(ctx.db.set('sentinel:test:oom', 'x'));
  const multiError = await t.throwsAsync(ctx.db.multi().get('x').llen('y').exec());
  t.regex(String(multiError?.message), /^EXECABORT/);
  for (const error of [addError, setError, multiError]) {
    t.regex(String(error?.message), /^(OOM command not allowed|EXECABORT)/);
    t.like(toHttpError(error)?.toJSON(), { error: 'STORAGE_FULL' });
    t.is(toHttpError(error)?.status, 503);
  }
});

test.serial('RedisMemory reads INFO at most once a second, whatever the number of requests', async (t) => {
  const memory = new RedisMemory(ctx.db, 90);
  const infoCalls = async () => Number(/cmdstat_info:calls=(\d+)/.exec(await ctx.db.info('commandstats'))?.[1] ?? 0);
  const before = await infoCalls(); // this INFO counts too: calls=N includes it
  await Promise.all(Array.from({ length: 50 }, () => memory.admit()));
  for (let index = 0; index < 50; index++) await memory.admit();
  const after = await infoCalls();
  t.true(after - before <= 3, `${after - before - 1} INFO memory reads for 100 admissions`);
  // A master with no bound never asks.
  const none = new RedisMemory(ctx.db, 0);
  const start = await infoCalls();
  await none.admit();
  t.is((await infoCalls()) - start, 1);
});
