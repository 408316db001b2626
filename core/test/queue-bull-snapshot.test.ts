/**
 * readJobSnapshot against Bull itself, on a real Redis: for a job in each of Bull's states, the
 * state read in one MULTI is the one Bull's Job#getState answers, and the fields are Bull's.
 */
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import { Redis } from 'ioredis';
import { QueueFactory, queueKeys, type Queue, type QueueJob } from '../src/queue/index.js';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { readJobSnapshot } from '../src/queue/bull/snapshot.js';

let redis: TestRedis;
let queues: QueueFactory;
let db: Redis;
test.before(async () => {
  redis = await startRedis();
  queues = new QueueFactory(redis.url, 'test-snapshot');
  db = new Redis(redis.url, { maxRetriesPerRequest: 1 });
});
test.after.always(async () => {
  await queues?.close();
  db?.disconnect();
  await redis?.stop();
});

/** A queue of its own per test (the tests run at once). */
function freshQueue(): { queue: Queue; name: string } {
  const name = `snapshot-${randomUUID().slice(0, 8)}`;
  return { queue: queues.queue(name), name };
}

async function sameStateAsBull(t: ExecutionContext, name: string, job: QueueJob) {
  const snapshot = await readJobSnapshot(db, name, String(job.id));
  t.truthy(snapshot);
  t.is(snapshot!.state, await job.getState());
  return snapshot!;
}

test('waiting, then paused, then waiting again', async (t) => {
  const { queue, name } = freshQueue();
  const job = await queue.add({ n: 1 }, { timestamp: 1_700_000_000_000 } as object);
  const waiting = await sameStateAsBull(t, name, job);
  t.like(waiting, { state: 'waiting', timestamp: 1_700_000_000_000, processedOn: undefined, finishedOn: undefined });
  await queue.pause();
  t.is((await sameStateAsBull(t, name, job)).state, 'paused');
  await queue.resume();
  t.is((await sameStateAsBull(t, name, job)).state, 'waiting');
});

test('delayed', async (t) => {
  const { queue, name } = freshQueue();
  const job = await queue.add({ n: 2 }, { delay: 60_000 });
  t.is((await sameStateAsBull(t, name, job)).state, 'delayed');
});

test('active with its start time and progress, then completed with the parsed return value', async (t) => {
  const { queue, name } = freshQueue();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: (job: QueueJob) => void;
  const running = new Promise<QueueJob>((resolve) => (started = resolve));
  void queue.process(async (job: QueueJob) => {
    await job.progress(40);
    started(job);
    await released;
    return { verdict: 'ACCEPTED', passed: 1 };
  });
  const added = await queue.add({ n: 3 });
  const job = await running;
  const active = await sameStateAsBull(t, name, job);
  t.is(active.state, 'active');
  t.is(active.progress, 40);
  t.true(active.processedOn! >= active.timestamp);
  const finished = new Promise((resolve) => queue.once('completed', resolve));
  release();
  await finished;
  const done = await sameStateAsBull(t, name, added);
  t.is(done.state, 'completed');
  t.true(Buffer.isBuffer(done.returnvalue), 'the stored JSON text, unparsed');
  t.deepEqual(JSON.parse(done.returnvalue!.toString()), { verdict: 'ACCEPTED', passed: 1 });
  t.true(done.finishedOn! >= done.processedOn!);
});

test('failed with its reason', async (t) => {
  const { queue, name } = freshQueue();
  void queue.process(async () => {
    throw new Error('the executor could not run it');
  });
  const failed = new Promise((resolve) => queue.once('failed', resolve));
  const job = await queue.add({ n: 4 });
  await failed;
  const snapshot = await sameStateAsBull(t, name, job);
  t.like(snapshot, { state: 'failed', failedReason: 'the executor could not run it' });
});

test("stuck: a job in none of Bull's lists", async (t) => {
  const { queue, name } = freshQueue();
  const job = await queue.add({ n: 5 });
  await db.lrem(queueKeys(name).wait, 1, String(job.id));
  t.is((await sameStateAsBull(t, name, job)).state, 'stuck');
});

test('a job whose hash is gone (or never was) has no snapshot', async (t) => {
  const { queue, name } = freshQueue();
  const job = await queue.add({ n: 6 });
  await db.del(queueKeys(name).job(String(job.id)));
  t.is(await readJobSnapshot(db, name, String(job.id)), undefined);
  t.is(await readJobSnapshot(db, name, 'no-such-job'), undefined);
});

test('the payload is never read', async (t) => {
  const { queue, name } = freshQueue();
  const job = await queue.add({ code: 'x'.repeat(100_000) });
  const snapshot = await readJobSnapshot(db, name, String(job.id));
  t.false(JSON.stringify(snapshot).includes('xxxx'));
  t.deepEqual(Object.keys(snapshot!).sort(), ['failedReason', 'finishedOn', 'processedOn', 'progress', 'returnvalue', 'state', 'timestamp']);
});
