/**
 * Spare sandboxes (executor/src/sandbox/spare.ts) through the real sandbox: a spare waits inside
 * its own cgroup having started nothing, is used by exactly one run, is replaced when it dies
 * while waiting, and is gone with its cgroup once the sandbox closes.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { access, readFile } from 'node:fs/promises';
import { SANDBOX_ID } from '../src/config.js';
import { spareArgs } from '../src/sandbox/bwrap-args.js';
import { createSpareSpawner, startSpare } from '../src/sandbox/spare.js';
import { cgroupDirOf, createRealSandbox, handLayout, processEnds, TEST_LIMITS, type RealSandbox } from './helpers.js';

const UID = SANDBOX_ID + 7; // this file's own sandbox uid, so its processes can be told apart
const hello = (real: RealSandbox, files: string, stdin = '') =>
  real.sandbox.run({ argv: ['/bin/sh', '-c', 'cat; echo " pid $$"'], files, env: { PATH: '/usr/bin:/bin' }, readOnlyPaths: [], stdin, limits: TEST_LIMITS, memoryRlimit: 'address-space' });

async function setUp(spares: number) {
  const real = await createRealSandbox({ uid: UID, cgroupName: 'sentinel-test-spare', spares });
  const workspace = await real.workspaces.create();
  return { real, dir: workspace.files };
}

const alive = (pid: number) => access(`/proc/${pid}`).then(() => true, () => false);

test.serial('a spare waits in its own cgroup, having started nothing, and serves exactly one run', async (t) => {
  const { real, dir } = await setUp(1);
  t.teardown(() => real.remove());
  const first = await hello(real, dir, 'one');
  t.is(first.stdout, 'one pid 2\n', first.stderr); // pid 1 is sentinel-init
  const [spare] = await real.sandbox.idleSpares();
  t.truthy(spare);
  t.is((await readFile(`/proc/${spare!.pid}/task/${spare!.pid}/children`, 'utf8')).trim(), '', 'nothing started yet');
  t.regex(await readFile(`/proc/${spare!.pid}/cgroup`, 'utf8'), new RegExp(`/sentinel-test-spare/${spare!.cgroup}\\n`), 'already in its run cgroup');

  const second = await hello(real, dir, 'two');
  t.is(second.stdout, 'two pid 2\n');
  t.false(await alive(spare!.pid), 'the spare ended with its run');
  const [next] = await real.sandbox.idleSpares();
  t.not(next!.pid, spare!.pid, 'a new spare waits for the next run');
});

test.serial('a spare killed while it waits is replaced, and the run still succeeds', async (t) => {
  const { real, dir } = await setUp(1);
  t.teardown(() => real.remove());
  await hello(real, dir);
  const [spare] = await real.sandbox.idleSpares();
  process.kill(spare!.pid, 'SIGKILL');
  while (await alive(spare!.pid)) await new Promise((resolve) => setTimeout(resolve, 5));
  const outcome = await hello(real, dir, 'after');
  t.is(outcome.stdout, 'after pid 2\n', outcome.stderr);
});

test.serial('closing the sandbox ends its spares and removes their cgroups; later runs are refused', async (t) => {
  const { real, dir } = await setUp(2);
  t.teardown(() => real.remove());
  await hello(real, dir);
  const spares = await real.sandbox.idleSpares();
  t.is(spares.length, 2);
  const groups = await Promise.all(spares.map((spare) => cgroupDirOf(spare.pid)));
  await real.sandbox.close();
  for (const spare of spares) t.false(await alive(spare.pid));
  for (const group of groups) {
    t.regex(group, /\/sentinel-test-spare\/run-/);
    t.false(await access(group).then(() => true, () => false), `${group} removed`);
  }
  await t.throwsAsync(hello(real, dir), { message: /the sandbox is closed/ });
});

test.serial('with no spares, nothing waits between runs', async (t) => {
  const { real, dir } = await setUp(0);
  t.teardown(() => real.remove());
  t.is((await hello(real, dir, 'cold')).stdout, 'cold pid 2\n');
  t.deepEqual(await real.sandbox.idleSpares(), []);
});

test.serial('a spare whose run never comes (its options close empty) stops before it makes a sandbox', async (t) => {
  const { real } = await setUp(0);
  t.teardown(() => real.remove());
  const spawner = createSpareSpawner({
    bwrapPath: '/usr/bin/bwrap',
    argv: spareArgs(handLayout()),
    uids: { first: UID, count: 1 },
    gid: UID,
  });
  t.teardown(() => spawner.close());
  const spare = await startSpare({ spawner, scratchDir: real.root });
  let stderr = '';
  spare.child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = once(spare.child, 'exit');
  spare.args.end(); // what the executor's death looks like to a waiting spare
  const [code] = await exited;
  t.is(code, 1);
  t.regex(stderr, /Specifying --hostname requires --unshare-uts/);
  await spare.dispose();
});

test.serial('a waiting spare dies with the process that started it (SIGKILL)', async (t) => {
  const { real } = await setUp(0);
  t.teardown(() => real.remove());
  const script = fileURLToPath(new URL('./fixtures/spare/start-and-wait.ts', import.meta.url));
  const starter = spawn(process.execPath, ['--import=tsx', script, real.root, String(UID)], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void starter.kill('SIGKILL'));
  const [line] = (await once(starter.stdout, 'data')) as [Buffer];
  const pid = Number(line.toString().trim());
  t.true(pid > 0 && (await alive(pid)), 'the spare is waiting');
  starter.kill('SIGKILL');
  t.true(await processEnds(pid, 3_000), 'the spare outlived the process that started it');
});
