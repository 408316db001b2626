/** The session streams against a real Redis: order, the stdin bound across writers, TTLs and MAXLEN, the start claim. */
import test from 'ava';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SESSION_TTL_SECONDS, SessionStreams, sessionKeys, STREAM_MAXLEN } from '../src/interactive/index.js';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';

let server: TestRedis;
let redis: Redis;
let reader: Redis;
test.before(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  reader = new Redis(server.url);
});
test.after.always(async () => {
  redis?.disconnect();
  reader?.disconnect();
  await server?.stop();
});

const bounds = { wallMs: 1_000, idleMs: 1_000, stdinBytes: 10 };

test('input and output come back in order, typed, from the start; every key has a TTL', async (t) => {
  const streams = new SessionStreams(redis);
  const id = randomUUID();
  await streams.create(id, { language: 'python', bounds });
  t.deepEqual(await streams.record(id), { language: 'python', bounds });
  t.true(await streams.writeInput(id, { kind: 'data', data: 'héllo' }, 10));
  await streams.writeInput(id, { kind: 'eof' }, 10);
  await streams.writeInput(id, { kind: 'kill', reason: 'disconnected' }, 10);
  const input = await streams.readInput(reader, id, '0', 0);
  t.deepEqual(input.values, [{ kind: 'data', data: 'héllo' }, { kind: 'eof' }, { kind: 'kill', reason: 'disconnected' }]);
  t.deepEqual((await streams.readInput(reader, id, input.after, 0)).values, []);

  await streams.writeOutput(id, { kind: 'stage', stage: 'run' });
  await streams.writeOutput(id, { kind: 'stdout', data: 'a' });
  const exit = { verdict: 'ACCEPTED', exitCode: 0, signal: null, executionTime: 5, cpuTimeMs: 1, memoryKb: 2, limitExceeded: null, stdoutTruncated: false, stderrTruncated: false } as const;
  await streams.writeOutput(id, { kind: 'exit', exit });
  t.deepEqual((await streams.readOutput(reader, id, '0', 0)).values, [{ kind: 'stage', stage: 'run' }, { kind: 'stdout', data: 'a' }, { kind: 'exit', exit }]);

  for (const key of Object.values(sessionKeys(id))) {
    if (!(await redis.exists(key))) continue;
    const ttl = await redis.ttl(key);
    t.true(ttl > 0 && ttl <= SESSION_TTL_SECONDS, `${key}: TTL ${ttl}`);
  }
});

test('the stdin bound holds across writers: past it nothing is taken and an overflow entry is appended', async (t) => {
  const streams = new SessionStreams(redis);
  const other = new SessionStreams(reader);
  const id = randomUUID();
  t.true(await streams.writeInput(id, { kind: 'data', data: '123456' }, 10));
  t.false(await other.writeInput(id, { kind: 'data', data: '12345' }, 10), '6 + 5 bytes pass 10');
  t.deepEqual((await streams.readInput(reader, id, '0', 0)).values, [{ kind: 'data', data: '123456' }, { kind: 'overflow' }]);
});

test('a blocking read waits for the next entry; a read of 0 ms does not wait', async (t) => {
  const streams = new SessionStreams(redis);
  const id = randomUUID();
  // A read of 0 ms answers at once; XREAD BLOCK 0 would block for good, which the race turns into a failure.
  const blocked = new Promise((resolve) => setTimeout(() => resolve('blocked'), 10_000).unref());
  t.deepEqual(await Promise.race([streams.readOutput(reader, id, '0', 0).then((batch) => batch.values), blocked]), []);
  const waiting = streams.readOutput(reader, id, '0', 5_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await streams.writeOutput(id, { kind: 'stderr', data: 'late' });
  t.deepEqual((await waiting).values, [{ kind: 'stderr', data: 'late' }]);
});

test('streams are trimmed to about MAXLEN entries', async (t) => {
  const streams = new SessionStreams(redis);
  const id = randomUUID();
  const pipeline = redis.pipeline();
  for (let index = 0; index < STREAM_MAXLEN + 500; index++) pipeline.xadd(sessionKeys(id).output, '*', 'k', 'stdout', 'd', 'x');
  await pipeline.exec();
  await streams.writeOutput(id, { kind: 'stdout', data: 'y' });
  const length = await redis.xlen(sessionKeys(id).output);
  t.true(length <= STREAM_MAXLEN + 200, `${length} entries`);
});

test('the run is claimed once (a second claim is a re-delivery), and its heartbeat expires', async (t) => {
  const streams = new SessionStreams(redis);
  const id = randomUUID();
  t.deepEqual(await streams.runState(id), { started: false, alive: false });
  t.true(await streams.claimStart(id, 'executor-1'));
  t.false(await streams.claimStart(id, 'executor-2'));
  await streams.beat(id, 200);
  t.deepEqual(await streams.runState(id), { started: true, alive: true });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.deepEqual(await streams.runState(id), { started: true, alive: false });
});
