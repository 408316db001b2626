/**
 * Live progress (GET /job/:id/events) and batch (POST /batch, GET /jobs) through the real stack: a
 * private Redis, the built master and executor processes, a second master replica, real HTTP.
 */
import test from 'ava';
import getPort from 'get-port';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { getJson, masterEntry, postJson, startService, startStack, waitFor, waitForJob } from './helpers/services.js';
import { allMessages, openEvents } from './helpers/sse.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

/** Three tests of at least 0.4 s each: the stream is open before the first one ends. */
const SLOW_JOB = {
  code: 'import time\nn = int(input())\ntime.sleep(0.4)\nprint(n * 2)',
  language: 'python',
  testCases: [
    { input: '1', expected: '2' },
    { input: '2', expected: '5' },
    { input: '3', expected: '6' },
  ],
};

test.serial('events from a second master replica: one progress per test, then the result GET /job answers', async (t) => {
  const { url, env } = await startStack(t, redis.url);
  const secondPort = await getPort();
  startService(t, masterEntry, { ...env, PORT: String(secondPort) });
  const second = `http://127.0.0.1:${secondPort}`;
  await waitFor('the second master', async () => ((await fetch(`${second}/health`)).ok ? true : undefined));

  const { body: submitted } = await postJson(`${url}/execute`, SLOW_JOB);
  const stream = await openEvents(`${second}/job/${submitted.id}/events`);
  t.is(stream.status, 200);
  t.regex(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
  const messages = await allMessages(stream);
  const events = messages.filter((message) => message.event !== 'comment');
  const last = events.pop()!;
  t.is(last.event, 'result');
  t.true(events.every((event) => event.event === 'progress'));
  const progress = events.map((event) => JSON.parse(event.data));
  const withTests = progress.filter((event) => event.test);
  t.deepEqual(withTests.map((event) => event.test.index), [0, 1, 2], 'one progress event per test, in order');
  t.deepEqual(withTests.map((event) => event.progress), [40, 70, 100]);
  t.true(progress.every((event) => event.id === submitted.id && event.status === 'active'));
  t.is(progress.length - withTests.length, 1, 'one more, first: the job runs');
  t.falsy(progress[0].test);

  const done = await waitForJob(url, submitted.id);
  t.deepEqual(JSON.parse(last.data), done, 'the result event is the GET /job/:id body');
  t.deepEqual((await getJson(`${second}/job/${submitted.id}`)).body, done);
  // Each test event is that test's result as GET /job/:id shows it, with its index.
  t.deepEqual(withTests.map(({ test: { index, ...result } }) => result), done.testCases);
  t.like(done, { verdict: 'WRONG_ANSWER', passed: 2, total: 3 });

  // A finished job answers its result at once, and the stream ends.
  const again = await allMessages(await openEvents(`${url}/job/${submitted.id}/events`));
  t.deepEqual(again.map((message) => message.event), ['result']);
  t.deepEqual(JSON.parse(again[0]!.data), done);
});

test.serial('a batch with a bad item among good ones: the error in place, ids for the rest, which run; GET /jobs in order', async (t) => {
  const { url } = await startStack(t, redis.url);
  const good = { code: 'print(input())', language: 'python', stdin: 'hi' };
  const reply = await postJson(`${url}/batch`, { jobs: [good, { ...good, language: 'cobol-75' }, { ...good, limits: { timeoutMs: -1 } }, good] });
  t.is(reply.status, 200);
  const [first, unknown, invalid, fourth] = reply.body.jobs;
  t.like(first, { status: 'queued' });
  t.like(fourth, { status: 'queued' });
  t.like(unknown, { error: 'UNKNOWN_LANGUAGE', field: 'jobs[1].language' });
  t.like(invalid, { error: 'INVALID_REQUEST' });
  t.regex(invalid.field, /^jobs\[2\]\.limits/);
  // The same errors POST /execute answers, the field aside.
  const alone = await postJson(`${url}/execute`, { ...good, language: 'cobol-75' });
  t.is(alone.status, 400);
  t.deepEqual(unknown, { ...alone.body, field: 'jobs[1].language' });

  const done = [await waitForJob(url, first.id), await waitForJob(url, fourth.id)];
  t.true(done.every((job) => job.status === 'completed' && job.output === 'hi\n'));
  const missing = '00000000-0000-4000-8000-000000000000';
  const read = await getJson(`${url}/jobs?ids=${first.id},${missing},${fourth.id}`);
  t.is(read.status, 200);
  t.deepEqual(read.body.jobs[0], done[0]);
  t.like(read.body.jobs[1], { id: missing, error: 'JOB_NOT_FOUND' });
  t.deepEqual(read.body.jobs[2], done[1]);
});
