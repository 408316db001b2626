import test from 'ava';
import getPort from 'get-port';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { QueueFactory, queueKeys, createRedis, loadPacks } from '@sentinel/core';
import { readLocalConfig } from '../src/config.js';
import { LocalRedis } from '../src/redis-server.js';
import { getJson, postJson, repoRoot, startService, waitFor, waitForJob } from '../../test/helpers/services.js';

async function tempDir(t: import('ava').ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-local-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** pids whose parent is `pid`. */
async function childrenOf(pid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) pids.push(Number(entry));
  }
  return pids;
}

const alive = (pid: number) => readFile(`/proc/${pid}/stat`, 'utf8').then((s) => !/^\d+ \([^)]*\) Z/.test(s), () => false);

test.serial('npm start: serves the seed example, restarts a dead executor, and stops everything on SIGTERM', async (t) => {
  const dataDir = await tempDir(t);
  const port = await getPort();
  const local = startService(t, path.join(repoRoot, 'local/dist/main.js'), { PORT: String(port), SENTINEL_DATA_DIR: dataDir });
  const url = await waitFor('the local URL', async () => local.output().match(/Sentinel is running at (\S+)/)?.[1]);
  t.is(url, `http://localhost:${port}`);

  const submitted = await postJson(`${url}/execute`, {
    code: 'n = int(input())\nprint(n * 2)',
    language: 'python',
    testCases: [{ input: '5', expected: '10' }, { input: '100', expected: '200' }],
  });
  const done = await waitForJob(url, submitted.body.id);
  t.deepEqual(done.testCases.map((c: any) => c.passed), [true, true]);

  const health = await getJson(`${url}/health`);
  const executors: any[] = health.body.executors;
  t.is(executors.length, 1, 'one executor process serves every installed pack');
  const installed = (await loadPacks({})).ids();
  t.deepEqual([...executors[0].languages].sort(), [...installed].sort());
  t.true(installed.includes('python') && installed.includes('javascript'));
  const firstPid: number = executors[0].pid;
  process.kill(firstPid, 'SIGKILL');
  await waitFor('a restarted executor', async () => {
    const { body } = await getJson(`${url}/health`);
    return body.executors?.some((e: any) => e.pid !== firstPid) ? true : undefined;
  }, 30_000);
  t.regex(local.output(), /executor exited \(SIGKILL\); restarting/);

  const children = await childrenOf(local.child.pid!);
  t.is(children.length, 3, 'redis-server, master and executor');
  t.is(await local.stop('SIGTERM'), 0);
  for (const pid of children) t.false(await alive(pid), `process ${pid} outlived local mode`);
});

test.serial('the private Redis keeps queued jobs across a restart (append-only file)', async (t) => {
  const dataDir = await tempDir(t);
  const first = new LocalRedis(dataDir, 'redis-server', 64);
  const url = await first.start();
  const queues = new QueueFactory(url, 'test');
  await queues.queue('python').add({ hello: 'world' }, { jobId: 'kept' });
  await queues.close();
  await first.stop();

  const second = new LocalRedis(dataDir, 'redis-server', 64);
  const secondUrl = await second.start();
  t.teardown(() => second.stop());
  const client = createRedis(secondUrl, 'test');
  t.teardown(() => client.quit());
  t.deepEqual(await client.lrange(queueKeys('python').wait, 0, -1), ['kept']);
});

test.serial('the private Redis has a memory bound and never evicts (noeviction); the bound is SENTINEL_REDIS_MAXMEMORY_MB', async (t) => {
  t.is(readLocalConfig({}).SENTINEL_REDIS_MAXMEMORY_MB, 1_024);
  t.throws(() => readLocalConfig({ SENTINEL_REDIS_MAXMEMORY_MB: '8' }), { message: /SENTINEL_REDIS_MAXMEMORY_MB/ });
  const redis = new LocalRedis(await tempDir(t), 'redis-server', 48);
  const client = createRedis(await redis.start(), 'test');
  t.teardown(async () => {
    await client.quit();
    await redis.stop();
  });
  t.deepEqual(await client.config('GET', 'maxmemory'), ['maxmemory', String(48 * 1024 * 1024)]);
  t.deepEqual(await client.config('GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
});
