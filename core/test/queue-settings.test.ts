import test from 'ava';
import type Bull from 'bull';
import { CODE_RUN_QUEUE_SETTINGS, QueueFactory, type Queue } from '../src/queue/index.js';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';

/** What Bull runs a queue with (set by its constructor, missing from its types). */
const settingsOf = (queue: Queue) => (queue as Queue & { settings: Bull.AdvancedSettings }).settings;

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

test('code-run settings: a short lock renewed often, a stall check within the lock time, one stall survived', (t) => {
  const { lockDuration, lockRenewTime, stalledInterval, maxStalledCount } = CODE_RUN_QUEUE_SETTINGS;
  t.deepEqual(CODE_RUN_QUEUE_SETTINGS, { lockDuration: 6_000, lockRenewTime: 1_000, stalledInterval: 1_000, maxStalledCount: 1 });
  t.true(lockDuration / lockRenewTime >= 4, 'three renewals may be missed before the lock expires');
  t.true(stalledInterval <= lockDuration);
  t.true(maxStalledCount >= 1, 'a job survives one crash of its executor');
});

test('every queue the factory makes runs with the code-run settings; a caller may add to them', async (t) => {
  const queues = new QueueFactory(redis.url, 'test');
  t.teardown(() => queues.close());
  const name = `settings-${Math.random().toString(36).slice(2)}`;
  t.like(settingsOf(queues.queue(name)), CODE_RUN_QUEUE_SETTINGS);
  t.like(settingsOf(queues.queue(`${name}-b`, { drainDelay: 1 })), { ...CODE_RUN_QUEUE_SETTINGS, drainDelay: 1 });
});

test('one process with a queue per pack (30 here) shares its connections without EventEmitter leak warnings', async (t) => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  const queues = new QueueFactory(redis.url, 'many-queues');
  t.teardown(() => queues.close());
  for (let i = 0; i < 30; i++) await queues.queue(`pack-${i}`).isReady();
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  t.deepEqual(warnings.filter((warning) => warning.startsWith('MaxListenersExceededWarning')), []);
});
