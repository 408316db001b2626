/**
 * Two master processes on one Redis: a job submitted to one is read and waited for (?wait=) through
 * the other, and killing one (SIGKILL) loses none of the jobs it acknowledged.
 */
import test from 'ava';
import getPort from 'get-port';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { getJson, masterEntry, postJson, startService, startStack, waitFor } from '../helpers/services.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});

const job = (n: number, sleep = 0) => ({
  code: `import time\ntime.sleep(${sleep})\nprint(${n})`,
  language: 'python',
  testCases: [{ input: '', expected: String(n) }],
});

test('a job submitted to one master is waited for through the other; killing one loses nothing', async (t) => {
  const { url: first, env, master: firstMaster } = await startStack(t, redis.url, { SENTINEL_PACKS: 'python' });
  const port = await getPort();
  startService(t, masterEntry, { ...env, PORT: String(port) });
  const second = `http://127.0.0.1:${port}`;
  await waitFor('the second master', async () => ((await fetch(`${second}/health`)).ok ? true : undefined));

  // Submitted to one, waited for through the other, both ways.
  for (const [submitTo, waitOn] of [[first, second], [second, first]] as const) {
    const { body: submitted } = await postJson(`${submitTo}/execute`, job(7, 1));
    const started = Date.now();
    const { status, body } = await getJson(`${waitOn}/job/${submitted.id}?wait=20`);
    t.is(status, 200);
    t.like(body, { id: submitted.id, status: 'completed', verdict: 'ACCEPTED' });
    t.true(Date.now() - started < 10_000, 'answered when the job finished, not at the end of the wait');
  }

  // Acknowledged by the first master, which then dies at once: the second has every one.
  const accepted: string[] = [];
  for (let n = 0; n < 8; n++) {
    const { status, body } = await postJson(`${first}/execute`, job(n));
    t.is(status, 200);
    accepted.push(body.id);
  }
  firstMaster.child.kill('SIGKILL');
  for (const id of accepted) {
    const { body } = await getJson(`${second}/job/${id}?wait=20`);
    t.like(body, { id, status: 'completed', verdict: 'ACCEPTED' });
  }
  const { status } = await postJson(`${second}/execute`, job(9));
  t.is(status, 200, 'the surviving master still takes jobs');
});
