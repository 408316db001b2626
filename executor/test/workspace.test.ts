/** Job directories: each executor's own under the work root, and what a killed executor left is removed by the next. */
import test from 'ava';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Workspaces } from '../src/workspace.js';

test('an executor sweeps what executors that are gone left, and keeps what live or starting ones hold', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sentinel-workspace-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const leftover = async (name: string, owner: string | undefined, ageMs = 0) => {
    const dir = path.join(root, name);
    await mkdir(path.join(dir, 'job-abc', 'files'), { recursive: true });
    if (owner !== undefined) await writeFile(path.join(dir, 'owner'), owner);
    const when = (Date.now() - ageMs) / 1000;
    await utimes(dir, when, when);
  };
  const alive = new Workspaces(root);
  await alive.init(); // this very process: alive
  await leftover('executor-killed', '999999999 12345'); // no such process
  await leftover('executor-reused', `${process.pid} 1`); // our pid, another start time: a pid reused
  await leftover('executor-starting', undefined); // made a moment ago, no owner written yet
  await leftover('executor-stale', undefined, 120_000);
  await leftover('not-an-executor', '999999999 1');

  const next = new Workspaces(root);
  await next.init();
  const remaining = (await readdir(root)).sort();
  t.deepEqual(remaining, [path.basename(alive.dir), path.basename(next.dir), 'executor-starting', 'not-an-executor'].sort());

  const job = await next.create();
  t.is(path.dirname(job.dir), next.dir);
  await next.close();
  await alive.close();
  t.deepEqual((await readdir(root)).sort(), ['executor-starting', 'not-an-executor']);
});
