/**
 * Redis crashes (SIGKILL) and comes back on the same port with its append-only file: the master and
 * the executor reconnect on their own, every job acknowledged before the crash is processed, and
 * while Redis is down POST /execute answers 503 at once and /health reports the outage.
 */
import test from 'ava';
import { startRestartableRedis } from '../helpers/redis.js';
import { getJson, postJson, startStack, waitFor, waitForJob } from '../helpers/services.js';

const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
};

test('Redis killed and restarted: nothing acknowledged is lost, 503 while down, reconnection', async (t) => {
  const redis = await startRestartableRedis();
  t.teardown(() => redis.stop());
  const { url, master, executor } = await startStack(t, redis.url, { SENTINEL_PACKS: 'python' });

  const accepted: string[] = [];
  const { body: slow } = await postJson(`${url}/execute`, { code: 'import time\ntime.sleep(2)\nprint("slow")', language: 'python', testCases: [{ input: '', expected: 'slow' }] });
  accepted.push(slow.id);
  await waitFor('the slow job to start', async () => ((await getJson(`${url}/job/${slow.id}`)).body.status === 'active' ? true : undefined));
  for (let n = 0; n < 10; n++) {
    const { status, body } = await postJson(`${url}/execute`, { code: `print(${n})`, language: 'python', testCases: [{ input: '', expected: String(n) }] });
    t.is(status, 200);
    accepted.push(body.id);
  }

  await redis.kill('SIGKILL');
  const down = await timed(() => postJson(`${url}/execute`, { code: 'print(1)', language: 'python' }));
  t.is(down.value.status, 503);
  t.like(down.value.body, { error: 'REDIS_UNAVAILABLE' });
  t.true(down.ms < 1_500, `POST /execute answered in ${down.ms} ms while Redis was down`);
  // ioredis gives a queued command up only every second reconnection attempt, later and later
  // as the outage goes on: the master must not make requests wait for that.
  const probes: number[] = [];
  for (let n = 0; n < 4; n++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const probe = await timed(() => postJson(`${url}/execute`, { code: 'print(1)', language: 'python' }));
    t.is(probe.value.status, 503);
    t.is(probe.value.headers.get('retry-after'), '2');
    probes.push(probe.ms);
  }
  t.true(Math.max(...probes) < 500, `POST /execute answered in ${probes.join(', ')} ms during the outage`);
  const health = await timed(() => getJson(`${url}/health`));
  t.is(health.value.status, 503);
  t.like(health.value.body, { status: 'down', redis: { connected: false } });
  t.true(health.ms < 2_500, `/health answered in ${health.ms} ms`);
  t.log(`Redis down: POST /execute 503 in ${down.ms} ms, then ${probes.join(', ')} ms (1 s apart); /health 503 in ${health.ms} ms`);

  await redis.restart();
  const back = Date.now();
  for (const id of accepted) t.like(await waitForJob(url, id, 40_000), { status: 'completed', verdict: 'ACCEPTED' }, `job ${id}`);
  t.log(`every acknowledged job completed ${Date.now() - back} ms after Redis came back`);
  await waitFor('/health to recover', async () => ((await getJson(`${url}/health`)).status === 200 ? true : undefined));
  const { status, body } = await postJson(`${url}/execute`, { code: 'print(5)', language: 'python', testCases: [{ input: '', expected: '5' }] });
  t.is(status, 200);
  t.like(await waitForJob(url, body.id), { status: 'completed', verdict: 'ACCEPTED' });
  t.is(master.child.exitCode, null, 'the master stayed up');
  t.is(executor.child.exitCode, null, 'the executor stayed up');
});
