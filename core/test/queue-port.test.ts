/**
 * The queue port's conformance test: what any JobQueue adapter must do, on a real Redis, with a
 * fresh queue (random language name) per test, dropped after it. Each adapter of
 * helpers/queue-adapters.ts runs every case.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import type { JobProgress, JobQueue, JobRecord, RunningJob, SubmitOptions, WorkerIdentity } from '../src/queue/index.js';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { adapters, type AdapterUnderTest } from './helpers/queue-adapters.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

const retention = { ageSeconds: 600, count: 100 };
const options = (id = randomUUID(), attempts = 1): SubmitOptions => ({ id, submittedAt: Date.now(), attempts, retention });

/** A fresh queue for one test: its language, a client and a worker side, all closed and dropped at the end. */
function fresh(t: ExecutionContext, adapter: AdapterUnderTest) {
  const language = `port-${randomUUID().slice(0, 8)}`;
  const client = adapter.create(redis.url, 'test-client');
  const worker = adapter.create(redis.url, 'test-worker');
  t.teardown(async () => {
    await worker.close();
    await client.close();
    await adapter.drop(redis.url, language);
  });
  return { language, client, worker };
}

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusIs = (queue: JobQueue, language: string, id: string, status: JobRecord['status']) =>
  until(`job ${id} ${status}`, async () => {
    const record = await queue.view(language, id);
    return record?.status === status ? record : undefined;
  });

class Retryable extends Error {}
class Final extends Error {
  readonly retryable = false;
}

for (const [name, adapter] of Object.entries(adapters)) {
  test(`${name}: submit, then queued, active with progress, completed with the result text`, async (t) => {
    const { language, client, worker } = fresh(t, adapter);
    const { id, ...rest } = options();
    await client.submit(language, { n: 1 }, { id, ...rest });
    t.like(await client.view(language, id), { status: 'queued', submittedAt: rest.submittedAt, progress: 0 });
    t.is(await client.view(language, randomUUID()), undefined);
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    void worker.process(language, {
      concurrency: 1,
      handler: async (job: RunningJob) => {
        await job.progress(40);
        await finishing;
        return { answer: (job.data as { n: number }).n + 1 };
      },
    });
    const active = await until('progress', async () => ((await client.view(language, id))?.progress === 40 ? client.view(language, id) : undefined));
    t.like(active, { status: 'active' });
    t.true(active!.startedAt! >= rest.submittedAt);
    t.like(await client.counts(language), { waiting: 0, active: 1 });
    finish();
    const done = await statusIs(client, language, id, 'completed');
    t.is(done.result?.toString('utf8'), '{"answer":2}');
    t.true(done.finishedAt! >= done.startedAt!);
  });

  test(`${name}: a watcher hears each progress with its detail, in order and before the end; the view keeps the number`, async (t) => {
    const { language, client, worker } = fresh(t, adapter);
    await client.listen([language]);
    const { id } = options();
    const heard: JobProgress[] = [];
    const order: string[] = [];
    const unwatch = await client.watch(language, id, (progress) => {
      heard.push(progress);
      order.push(`progress ${progress.percent}`);
    });
    const other = await client.watch(language, randomUUID(), () => t.fail('another job was reported'));
    t.is(client.pendingWatches, 2);
    const ended = client.waitForEnd(language, id, 10_000).then(() => order.push('end'));
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    await client.submit(language, {}, options(id));
    void worker.process(language, {
      concurrency: 1,
      handler: async (job: RunningJob) => {
        await job.progress(10);
        await job.progress(55, { index: 0, verdict: 'ACCEPTED', output: 'é'.repeat(3) });
        await finishing;
        await job.progress(100, { index: 1, verdict: 'WRONG_ANSWER' });
        return {};
      },
    });
    await until('two progresses heard', async () => (heard.length === 2 ? true : undefined));
    t.deepEqual(heard, [{ percent: 10 }, { percent: 55, detail: { index: 0, verdict: 'ACCEPTED', output: 'ééé' } }]);
    t.like(await client.view(language, id), { status: 'active', progress: 55 }, 'the view stores the number only');
    finish();
    await ended;
    t.deepEqual(order, ['progress 10', 'progress 55', 'progress 100', 'end'], 'the last progress is heard before the end');
    t.deepEqual(heard[2], { percent: 100, detail: { index: 1, verdict: 'WRONG_ANSWER' } });
    unwatch();
    unwatch();
    other();
    t.is(client.pendingWatches, 0, 'each watch dropped once');
  });

  test(`${name}: an unwatched job is no longer reported; endWaits drops every watch`, async (t) => {
    const { language, client, worker } = fresh(t, adapter);
    const { id } = options();
    const heard: number[] = [];
    const unwatch = await client.watch(language, id, ({ percent }) => heard.push(percent));
    let step!: () => void;
    const stepped = new Promise<void>((resolve) => (step = resolve));
    await client.submit(language, {}, options(id));
    void worker.process(language, {
      concurrency: 1,
      handler: async (job: RunningJob) => {
        await job.progress(20);
        await stepped;
        await job.progress(40);
        return {};
      },
    });
    await until('the first progress', async () => (heard.length === 1 ? true : undefined));
    unwatch();
    step();
    await statusIs(client, language, id, 'completed');
    t.deepEqual(heard, [20]);
    await client.watch(language, randomUUID(), () => {});
    t.is(client.pendingWatches, 1);
    client.endWaits();
    t.is(client.pendingWatches, 0);
  });

  test(`${name}: counts and admission follow the waiting jobs`, async (t) => {
    const { language, client } = fresh(t, adapter);
    for (let n = 0; n < 3; n++) await client.submit(language, { n }, options());
    t.like(await client.counts(language), { waiting: 3, active: 0, completed: 0, failed: 0 });
    t.deepEqual(await client.admit(language, 4), { admitted: true });
    t.deepEqual(await client.admit(language, 3), { admitted: false, waiting: 3 });
    t.deepEqual(await client.admit(language, 0), { admitted: true }, '0: no bound');
    t.is(typeof client.describeWaiting(language), 'string');
  });

  test(`${name}: a wait ends at the job's end, at once for a finished job, and at its timeout`, async (t) => {
    const { language, client, worker } = fresh(t, adapter);
    await client.listen([language]);
    const { id } = options();
    const waited = client.waitForEnd(language, id, 10_000);
    await client.submit(language, {}, options(id));
    void worker.process(language, { concurrency: 1, handler: async () => ({}) });
    await waited;
    t.is((await client.view(language, id))?.status, 'completed');
    t.is(client.pendingWaits, 0);
    let started = Date.now();
    await client.waitForEnd(language, randomUUID(), 200);
    t.true(Date.now() - started >= 190, 'an unknown job waits to the timeout');
    started = Date.now();
    const pending = client.waitForEnd(language, randomUUID(), 60_000);
    client.endWaits();
    await pending;
    t.true(Date.now() - started < 100);
  });

  test(`${name}: a retryable error runs the job again; one with retryable false fails it at once`, async (t) => {
    const { language, client, worker } = fresh(t, adapter);
    const runs = new Map<string, number>();
    void worker.process(language, {
      concurrency: 2,
      handler: async (job) => {
        const run = (runs.get(job.id) ?? 0) + 1;
        runs.set(job.id, run);
        if ((job.data as { final: boolean }).final) throw new Final('cannot succeed');
        if (run === 1) throw new Retryable('first run fails');
        return { run };
      },
    });
    const retried = randomUUID();
    const final = randomUUID();
    await client.submit(language, { final: false }, options(retried, 2));
    await client.submit(language, { final: true }, options(final, 2));
    t.is((await statusIs(client, language, retried, 'completed')).result?.toString(), '{"run":2}');
    t.like(await statusIs(client, language, final, 'failed'), { failedReason: 'cannot succeed' });
    t.is(runs.get(final), 1);
  });

  /** A worker process that takes job `id` of `language` and is SIGKILLed then: answers its identity. */
  const doomedWorker = async (t: ExecutionContext, language: string, id: string): Promise<WorkerIdentity> => {
    const doomed = fork(fileURLToPath(new URL('./fixtures/queue-worker.ts', import.meta.url)), [name, redis.url, language], { execArgv: ['--import=tsx'], stdio: 'ignore' });
    t.teardown(() => void doomed.kill('SIGKILL'));
    const identity = await new Promise<WorkerIdentity>((resolve) => {
      let told: WorkerIdentity | undefined;
      doomed.on('message', (message: { worker?: WorkerIdentity; started?: string }) => {
        if (message.worker) told = message.worker;
        if (message.started === id) resolve(told!);
      });
    });
    doomed.kill('SIGKILL');
    return identity;
  };

  test(`${name}: a dead worker's running job is released at once, and runs again`, async (t) => {
    const { language, client, worker } = fresh(t, adapter);
    const { id } = options();
    await client.submit(language, { n: 1 }, options(id, 1));
    const identity = await doomedWorker(t, language, id);
    t.deepEqual(identity.languages, [language]);
    t.is((await client.view(language, id))?.status, 'active');
    t.is(await client.releaseWorker(identity), 1);
    t.is(await client.releaseWorker(identity), 0, 'released once');
    const releasedAt = Date.now();
    void worker.process(language, { concurrency: 1, handler: async () => ({ again: true }) });
    const done = await statusIs(client, language, id, 'completed');
    t.is(done.result?.toString(), '{"again":true}');
    t.true(Date.now() - releasedAt < 2_000, 'ran again at once, not at the lock expiry');
  });

  test(`${name}: a release counts as a stall: a job whose worker dies twice fails, it never loops`, async (t) => {
    const { language, client } = fresh(t, adapter);
    const { id } = options();
    await client.submit(language, {}, options(id, 2));
    t.is(await client.releaseWorker(await doomedWorker(t, language, id)), 1);
    t.is((await client.view(language, id))?.status, 'queued');
    t.is(await client.releaseWorker(await doomedWorker(t, language, id)), 1);
    t.like(await statusIs(client, language, id, 'failed'), { failedReason: 'job stalled more than allowable limit' });
  });
}
