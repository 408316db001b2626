/**
 * The run cgroups on this host's real hierarchy (cgroup v1 memory, pids, cpuacct and freezer
 * here; v2 is chosen on hosts that mount a pure unified hierarchy) and the parsing around them.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SandboxUnavailableError } from '@sentinel/core';
import { detectCgroups } from '../src/sandbox/cgroup/detect.js';
import { parseProcCgroup, sweepStaleGroups } from '../src/sandbox/cgroup/files.js';
import { cgroupDirOf } from './helpers.js';

test('parseProcCgroup reads v1 controller lists and the v2 line', (t) => {
  const paths = parseProcCgroup('12:cpu,cpuacct:/a\n4:memory:/process_api/x\n1:name=systemd:/\n0::/user.slice/u.scope\n');
  t.is(paths.get('cpu'), '/a');
  t.is(paths.get('cpuacct'), '/a');
  t.is(paths.get('memory'), '/process_api/x');
  t.is(paths.get(''), '/user.slice/u.scope');
  t.is(paths.get('pids'), undefined);
});

test('detection fails closed with a message naming the way out', async (t) => {
  const error = await t.throwsAsync(detectCgroups({ mode: 'auto', mount: '/nonexistent', name: 'sentinel-test' }), { instanceOf: SandboxUnavailableError });
  t.regex(error!.message, /no usable cgroup hierarchy under \/nonexistent .*SENTINEL_CGROUP=auto or off to bound runs with rlimits/);
  const v2 = await t.throwsAsync(detectCgroups({ mode: 'v2', mount: '/nonexistent', name: 'sentinel-test' }), { instanceOf: SandboxUnavailableError });
  t.regex(v2!.message, /cannot set up cgroup v2 under \/nonexistent/);
});

test('a run cgroup takes its limits at begin, counts CPU from there, and kills everything in it', async (t) => {
  const cgroups = await detectCgroups({ mode: 'auto', mount: '/sys/fs/cgroup', name: 'sentinel-test-cgroup' });
  const run = await cgroups.create();
  t.teardown(() => run.remove());
  // Like a spare sandbox: the adopted process first burns ~200 ms of CPU that is not the run's,
  // then, once the run begins, leads a pid namespace (unshare --kill-child stands in for bwrap)
  // holding a background spinner and a sleeper, all started after the adoption.
  const before = 'timeout 0.2 bash -c "while :; do :; done"';
  const tree = 'exec /usr/bin/unshare --pid --fork --kill-child /usr/bin/bash -c "(while :; do :; done) & sleep 600 & wait"';
  const child = spawn('/usr/bin/bash', ['-c', `${before}; read go; ${tree}`], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await run.adopt(child.pid!);
  await new Promise((resolve) => setTimeout(resolve, 400));
  await run.begin({ memoryMb: 48, processes: 7 });
  t.true((await run.cpuMs()) < 50, 'CPU used before begin() is not the run\'s');
  child.stdin.write('go\n');

  const own = parseProcCgroup(await readFile(`/proc/${child.pid}/cgroup`, 'utf8'));
  if (cgroups.version === 'v1') {
    const memory = `/sys/fs/cgroup/memory${own.get('memory')}`;
    t.is((await readFile(`${memory}/memory.limit_in_bytes`, 'utf8')).trim(), String(48 * 1024 * 1024));
    t.is((await readFile(`/sys/fs/cgroup/pids${own.get('pids')}/pids.max`, 'utf8')).trim(), '7');
  } else {
    const dir = `/sys/fs/cgroup${own.get('')}`;
    t.is((await readFile(`${dir}/memory.max`, 'utf8')).trim(), String(48 * 1024 * 1024));
    t.is((await readFile(`${dir}/pids.max`, 'utf8')).trim(), '7');
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.true((await run.cpuMs()) > 100, 'the background spinner is counted');

  await run.killAll(child.pid);
  t.is(await exited, 'SIGKILL');
  const usage = await run.usage();
  t.false(usage.oomKilled);
  t.true(usage.memoryPeakKb > 0 && usage.memoryPeakKb < 48 * 1024);
  await run.remove();
  const gone = await access(`/sys/fs/cgroup/pids${own.get('pids') ?? ''}`).then(() => false, () => true);
  t.true(cgroups.version === 'v2' || gone, 'the group is removed');
});

test('stale run groups are swept at start: an empty one goes, one with a process stays', async (t) => {
  const cgroups = await detectCgroups({ mode: 'auto', mount: '/sys/fs/cgroup', name: 'sentinel-test-sweep' });
  const busy = await cgroups.create();
  const idle = await cgroups.create();
  const child = spawn('/usr/bin/sleep', ['30'], { stdio: 'ignore' });
  t.teardown(async () => {
    await busy.killAll(child.pid);
    await busy.remove();
    await idle.remove();
  });
  await busy.adopt(child.pid!);
  const parent = path.dirname(await cgroupDirOf(child.pid!));
  t.is(await sweepStaleGroups(parent, 60_000), 0, 'nothing is old enough');
  t.is(await sweepStaleGroups(parent, 0), 1);
  const left = await readdir(parent);
  t.true(left.includes(busy.name));
  t.false(left.includes(idle.name));
});
