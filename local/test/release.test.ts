/**
 * Local mode's supervisor knows the instant its executor dies: that executor's running job goes
 * back to the queue at once (the queue port's releaseWorker), not when its lock expires.
 */
import test from 'ava';
import getPort from 'get-port';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CODE_RUN_QUEUE_SETTINGS } from '@sentinel/core';
import { getJson, postJson, repoRoot, startService, waitFor, waitForJob } from '../../test/helpers/services.js';

test.serial('a SIGKILLed executor: the supervisor releases its job, which runs again before any lock could expire, once', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-local-test-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const port = await getPort();
  const local = startService(t, path.join(repoRoot, 'local/dist/main.js'), { PORT: String(port), SENTINEL_DATA_DIR: dataDir, SENTINEL_PACKS: 'python' });
  const url = await waitFor('the local URL', async () => local.output().match(/Sentinel is running at (\S+)/)?.[1]);
  const executorPid = await waitFor('the executor', async () => (await getJson(`${url}/health`)).body.executors?.[0]?.pid as number | undefined, 30_000);

  const { body: job } = await postJson(`${url}/execute`, {
    code: 'import time\ntime.sleep(2)\nprint("done", time.time_ns())',
    language: 'python',
    testCases: [{ input: '', expected: 'anything' }],
  });
  const firstRun = await waitFor('the job to start', async () => {
    const { body } = await getJson(`${url}/job/${job.id}`);
    return body.status === 'active' ? body.timestamp : undefined;
  });
  const killedAt = Date.now();
  process.kill(executorPid, 'SIGKILL');
  const ranAgainAt = await waitFor('the job to run again', async () => {
    const { body } = await getJson(`${url}/job/${job.id}`);
    return body.status === 'active' && body.timestamp !== firstRun ? Date.now() : undefined;
  }, 30_000);

  // A lock renewed just before the kill lives lockDuration - lockRenewTime more: sooner is the release.
  const { lockDuration, lockRenewTime } = CODE_RUN_QUEUE_SETTINGS;
  t.true(ranAgainAt - killedAt < lockDuration - lockRenewTime, `ran again ${ranAgainAt - killedAt} ms after the kill`);
  t.regex(local.output(), /executor's 1 running job\(s\) released to run again/);
  const done = await waitForJob(url, job.id);
  t.like(done, { status: 'completed', verdict: 'WRONG_ANSWER', total: 1 });
  t.regex(done.testCases[0].actualOutput, /^done \d+\n$/);
  t.log(`ran again ${ranAgainAt - killedAt} ms after SIGKILL`);
});
