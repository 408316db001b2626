/**
 * The task port (TaskQueue, JobEnds) on Bull, on a real Redis, with a fresh queue per test:
 * one task per id, retries with growing backoff, a non-retryable error given up at once, and job
 * ends heard by every listener.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { Redis } from 'ioredis';
import { BullJobEnds, BullJobQueue, BullTaskQueue, QUEUE_PREFIX, type RunningTask } from '../src/queue/index.js';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

async function drop(name: string): Promise<void> {
  const db = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await db.keys(`${QUEUE_PREFIX}:${name}:*`);
    if (keys.length) await db.del(...keys);
  } finally {
    db.disconnect();
  }
}

function freshTasks<T>(t: ExecutionContext) {
  const name = `tasks.${randomUUID().slice(0, 8)}`;
  const producer = new BullTaskQueue<T>({ redisUrl: redis.url, name, role: 'test-producer' });
  const worker = new BullTaskQueue<T>({ redisUrl: redis.url, name, role: 'test-worker' });
  t.teardown(async () => {
    await worker.close();
    await producer.close();
    await drop(name);
  });
  return { producer, worker };
}

const until = async (what: string, done: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a task id is added once: a second add of the same id does nothing', async (t) => {
  const { producer, worker } = freshTasks<{ n: number }>(t);
  const ran: number[] = [];
  await producer.add({ n: 1 }, { id: 'callback:a', attempts: 3, backoffMs: 50 });
  await producer.add({ n: 2 }, { id: 'callback:a', attempts: 3, backoffMs: 50 });
  await worker.process({ concurrency: 2, handler: async ({ data }) => void ran.push(data.n) });
  await until('the task', () => ran.length > 0);
  await producer.add({ n: 3 }, { id: 'callback:a', attempts: 3, backoffMs: 50 }); // finished and kept: still a no-op
  await sleep(300);
  t.deepEqual(ran, [1]);
});

test('a failing task is retried with exponential backoff, then given up after its last attempt', async (t) => {
  const { producer, worker } = freshTasks<string>(t);
  const runs: { at: number; attempt: number; attempts: number }[] = [];
  const gaveUp: [RunningTask<string>, unknown][] = [];
  await worker.process({
    concurrency: 1,
    handler: async ({ attempt, attempts }) => {
      runs.push({ at: Date.now(), attempt, attempts });
      throw new Error('receiver answered 500');
    },
    onGaveUp: (task, error) => void gaveUp.push([task, error]),
  });
  await producer.add('x', { id: 'retry', attempts: 3, backoffMs: 200 });
  await until('the task given up', () => gaveUp.length > 0);
  t.deepEqual(runs.map(({ attempt, attempts }) => [attempt, attempts]), [[1, 3], [2, 3], [3, 3]]);
  const [first, second, third] = runs.map(({ at }) => at) as [number, number, number];
  t.true(second - first >= 180, `first gap ${second - first}`); // 200 x (2^1 - 1)
  t.true(third - second >= 580, `second gap ${third - second}`); // 200 x (2^2 - 1)
  t.is(gaveUp[0]?.[0].attempt, 3);
  t.is((gaveUp[0]?.[1] as Error).message, 'receiver answered 500');
});

test('an error with retryable false gives the task up at its first attempt', async (t) => {
  const { producer, worker } = freshTasks<string>(t);
  let runs = 0;
  const gaveUp: number[] = [];
  await worker.process({
    concurrency: 1,
    handler: async () => {
      runs += 1;
      throw Object.assign(new Error('host resolves to 127.0.0.1'), { retryable: false });
    },
    onGaveUp: (task) => void gaveUp.push(task.attempt),
  });
  await producer.add('x', { id: 'final', attempts: 5, backoffMs: 50 });
  await until('the task given up', () => gaveUp.length > 0);
  await sleep(300);
  t.is(runs, 1);
  t.deepEqual(gaveUp, [1]);
});

test('every JobEnds listener hears a job that ends for good, and not one that is retried', async (t) => {
  const language = `ends-${randomUUID().slice(0, 8)}`;
  const queue = new BullJobQueue({ redisUrl: redis.url, role: 'test-queue' });
  const ends = [new BullJobEnds({ redisUrl: redis.url, role: 'test-ends-1' }), new BullJobEnds({ redisUrl: redis.url, role: 'test-ends-2' })];
  t.teardown(async () => {
    await Promise.all(ends.map((e) => e.close()));
    await queue.close();
    await drop(language);
  });
  const heard: string[][] = [[], []];
  await Promise.all(ends.map((e, i) => e.listen([language], (lang, id) => void heard[i]!.push(`${lang}/${id}`))));
  let runs = 0;
  void queue.process(language, {
    concurrency: 1,
    handler: async ({ id }) => {
      runs += 1;
      if (id === 'flaky' && runs === 1) throw new Error('retry me');
      if (id === 'broken') throw Object.assign(new Error('forged'), { retryable: false });
      return { ok: true };
    },
  });
  const retention = { ageSeconds: 600, count: 100 };
  await queue.submit(language, {}, { id: 'flaky', submittedAt: Date.now(), attempts: 2, retention });
  await until('flaky heard', () => heard.every((h) => h.length === 1));
  await queue.submit(language, {}, { id: 'broken', submittedAt: Date.now(), attempts: 2, retention });
  await until('broken heard', () => heard.every((h) => h.length === 2));
  await sleep(200);
  for (const h of heard) t.deepEqual(h, [`${language}/flaky`, `${language}/broken`]);
});
