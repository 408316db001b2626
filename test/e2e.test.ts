/**
 * End to end, for real: a private Redis, the built master and executor processes, real HTTP, the
 * real bubblewrap sandbox and the installed language packs.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import getPort from 'get-port';
import { loadFixtures, loadPacks } from '@sentinel/core';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { executorEntry, getJson, masterEntry, postJson, startService, startStack as startStackOn, waitFor, waitForJob } from './helpers/services.js';

const seedExample = {
  code: 'n = int(input())\nprint(n * 2)',
  language: 'python',
  testCases: [{ input: '5', expected: '10' }, { input: '100', expected: '200' }],
};

let redis: TestRedis;
const startStack = (t: import('ava').ExecutionContext) => startStackOn(t, redis.url);
test.before(async () => {
  redis = await startRedis();
});
test.after.always(async () => {
  await redis?.stop();
});


test.serial('the seed example: queued, then completed with two passed test cases', async (t) => {
  const { url } = await startStack(t);
  const submitted = await postJson(`${url}/execute`, seedExample);
  t.is(submitted.status, 200);
  t.like(submitted.body, { status: 'queued', message: 'Job queued for python' });
  t.regex(submitted.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.is(new Date(submitted.body.timestamp).toISOString(), submitted.body.timestamp);

  const done = await waitForJob(url, submitted.body.id);
  t.like(done, { id: submitted.body.id, status: 'completed', progress: 100, output: '', error: '', verdict: 'ACCEPTED' });
  t.is(typeof done.executionTime, 'number');
  t.deepEqual(
    done.testCases.map((c: any) => ({ input: c.input, expected: c.expected, actualOutput: c.actualOutput.trim(), passed: c.passed })),
    [{ input: '5', expected: '10', actualOutput: '10', passed: true }, { input: '100', expected: '200', actualOutput: '200', passed: true }],
  );
  t.true(done.testCases.every((c: any) => typeof c.executionTime === 'number'));
  // Measured per run by the sandbox, beside the contract's fields.
  t.true(done.testCases.every((c: any) => c.cpuTimeMs >= 0 && c.memoryKb > 0 && c.limitExceeded === null));

  // /health says what the sandbox enforces on this host, and how.
  const { body: health } = await getJson(`${url}/health`);
  const enforced = health.executors[0].sandbox.enforced;
  t.like(health.executors[0].sandbox, { mode: 'bwrap', warnings: [] });
  t.regex(enforced.memoryMb, /cgroup v[12] memory/);
  t.regex(enforced.processes, /pids\.max/);
  t.regex(enforced.cpuMs, /cgroup v[12]/);
  t.regex(enforced.seccomp, /EPERM: ptrace, .*mount/);
  t.regex(enforced.user, /a host uid of its own, 61000\.\.6100\d/);
});

test.serial('a wrong program is a completed job with passed false, readable from a second master', async (t) => {
  const { url, env } = await startStack(t);
  const submitted = await postJson(`${url}/execute`, { ...seedExample, code: 'n = int(input())\nprint(n + 2)' });
  t.is(submitted.status, 200);
  const done = await waitForJob(url, submitted.body.id);
  t.is(done.status, 'completed');
  t.deepEqual(done.testCases.map((c: any) => c.passed), [false, false]);
  t.is(done.verdict, 'WRONG_ANSWER');

  const secondPort = await getPort();
  startService(t, masterEntry, { ...env, PORT: String(secondPort) });
  const second = `http://127.0.0.1:${secondPort}`;
  const fromSecond = await waitFor('the second master', async () => {
    const response = await fetch(`${second}/job/${submitted.body.id}`);
    return response.ok ? ((await response.json()) as any) : undefined;
  });
  t.deepEqual(fromSecond, done);
});

// Through the whole stack for an interpreted and a compiled pack; every pack's fixtures go through
// the judge and the real sandbox in test/packs.test.ts.
test.serial('the python and c packs pass their own fixtures through the master and the executor', async (t) => {
  const { url } = await startStack(t);
  const registry = await loadPacks({ names: ['python', 'c'] });
  for (const pack of registry.list()) {
    for (const fixture of await loadFixtures(pack)) {
      const label = `${pack.id}/${fixture.name}`;
      const submitted = await postJson(`${url}/execute`, {
        code: fixture.code,
        language: pack.id,
        testCases: fixture.testCases,
        ...(fixture.stdin === undefined ? {} : { stdin: fixture.stdin }),
        ...(fixture.limits === undefined ? {} : { limits: fixture.limits }),
      });
      t.is(submitted.status, 200, label);
      const done = await waitForJob(url, submitted.body.id);
      t.is(done.verdict, fixture.verdict, `${label}: ${JSON.stringify(done)}`);
      if (fixture.passed) t.deepEqual(done.testCases.map((c: any) => c.passed), fixture.passed, label);
      if (fixture.output !== undefined) t.is(done.output, fixture.output, label);
      if (fixture.testCases.length === 0) t.true(typeof done.cpuTimeMs === 'number' && typeof done.memoryKb === 'number' && 'exitCode' in done, label);
    }
  }
});

test.serial('the executor refuses to start when bubblewrap or the cgroup version asked for is unusable; without any cgroup it bounds runs with rlimits and says so', async (t) => {
  const env = { REDIS_URL: redis.url };
  const broken = startService(t, executorEntry, { ...env, SENTINEL_BWRAP: '/nonexistent/bwrap' });
  const code = await new Promise((resolve) => broken.child.once('exit', resolve));
  t.is(code, 1);
  t.regex(broken.output(), /executor: cannot run \/nonexistent\/bwrap: ENOENT: no such file or directory.* \(install bubblewrap, or set SENTINEL_SANDBOX=none/);

  const noV1 = startService(t, executorEntry, { ...env, SENTINEL_CGROUP: 'v1', SENTINEL_CGROUP_MOUNT: '/nonexistent' });
  t.is(await new Promise((resolve) => noV1.child.once('exit', resolve)), 1);
  t.regex(noV1.output(), /executor: cannot set up cgroup v1 under \/nonexistent: no cgroup v1 memory hierarchy is mounted at \/nonexistent\/memory; .*set SENTINEL_CGROUP=auto or off/);
  t.false(existsSync('/nonexistent'), 'nothing made where no cgroup is mounted');

  const noCgroups = startService(t, executorEntry, { ...env, SENTINEL_CGROUP_MOUNT: '/nonexistent', SENTINEL_LANGUAGES: 'python' });
  await waitFor('the executor in rlimits mode', async () => (/serving/.test(noCgroups.output()) ? true : undefined));
  t.regex(noCgroups.output(), /no writable cgroup \(no usable cgroup hierarchy under \/nonexistent.*\): memory, processes and CPU time are bounded by rlimits/);
  t.is(await noCgroups.stop('SIGTERM'), 0);

  const unsafe = startService(t, executorEntry, { ...env, SENTINEL_BWRAP: '/nonexistent/bwrap', SENTINEL_SANDBOX: 'none' });
  await waitFor('the unsandboxed executor', async () => (/serving/.test(unsafe.output()) ? true : undefined));
  t.regex(unsafe.output(), /WARNING: SENTINEL_SANDBOX=none: submitted code runs WITHOUT a sandbox/);
  t.is(await unsafe.stop('SIGTERM'), 0);
});

test.serial('SIGTERM just after the executor starts serving: it exits 0 every time', async (t) => {
  // Bull leaves promises nobody awaits (the worker's name, event subscriptions) that reject when
  // their connections close under them; while stopping, those are logged and ignored.
  for (const delayMs of [0, 5, 10, 20, 40, 80]) {
    const executor = startService(t, executorEntry, { REDIS_URL: redis.url, SENTINEL_LANGUAGES: 'python' });
    await waitFor('the executor to serve', async () => (/serving/.test(executor.output()) ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    t.is(await executor.stop('SIGTERM'), 0, `SIGTERM ${delayMs} ms after serving:\n${executor.output()}`);
  }
});

test.serial('a bad configuration value exits non-zero naming the variable', async (t) => {
  const master = startService(t, masterEntry, { REDIS_URL: 'http://not-redis', PORT: '1' });
  t.is(await new Promise((resolve) => master.child.once('exit', resolve)), 1);
  t.regex(master.output(), /REDIS_URL/);
  const executor = startService(t, executorEntry, { REDIS_URL: redis.url, SENTINEL_CONCURRENCY: 'many' });
  t.is(await new Promise((resolve) => executor.child.once('exit', resolve)), 1);
  t.regex(executor.output(), /invalid configuration: SENTINEL_CONCURRENCY: "SENTINEL_CONCURRENCY" must be a number/);
});

test.serial('SIGTERM: the executor finishes its active job, then exits 0', async (t) => {
  const { url, executor } = await startStack(t);
  const submitted = await postJson(`${url}/execute`, { code: 'import time\ntime.sleep(1)\nprint(10)', language: 'python', testCases: [{ input: '', expected: '10' }] });
  await waitFor('the job to start', async () => ((await getJson(`${url}/job/${submitted.body.id}`)).body.status === 'active' ? true : undefined));
  t.is(await executor.stop('SIGTERM'), 0);
  const { body } = await getJson(`${url}/job/${submitted.body.id}`);
  t.like(body, { status: 'completed', verdict: 'ACCEPTED' });
});
