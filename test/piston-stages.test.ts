/**
 * Each Piston status from a real program through the real stack (master, executor, Redis, the
 * sandbox): RE, SG, TO, OL, EL, the memory limit, and a failed compile whose `run` copies `compile`.
 */
import test from 'ava';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { postJson, startStack } from './helpers/services.js';

let redis: TestRedis;
let url: string;
const cleanups: Array<() => unknown> = [];
test.before(async () => {
  redis = await startRedis();
  ({ url } = await startStack({ teardown: (fn) => void cleanups.push(fn) }, redis.url, { SENTINEL_PACKS: 'python,cpp' }));
});
test.after.always(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await redis?.stop();
});

async function run(language: string, code: string, extra: Record<string, unknown> = {}) {
  const reply = await postJson(`${url}/api/v2/execute`, { language, version: '*', files: [{ content: code }], ...extra });
  if (reply.status !== 200) throw new Error(`POST /api/v2/execute answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

test.serial('null: a clean exit, with stdout, stderr and output', async (t) => {
  const { run: stage } = await run('python', 'import sys\nprint("out")\nprint("err", file=sys.stderr)');
  t.like(stage, { stdout: 'out\n', stderr: 'err\n', output: 'out\nerr\n', code: 0, signal: null, message: null, status: null });
  t.true(stage.cpu_time >= 0 && stage.wall_time >= 0 && stage.memory > 0);
});

test.serial('RE: a non-zero exit status', async (t) => {
  const { run: stage } = await run('python', 'import sys\nprint("before")\nsys.exit(3)');
  t.like(stage, { stdout: 'before\n', code: 3, signal: null, status: 'RE', message: 'Exited with error status 3' });
});

test.serial('SG: killed by a signal', async (t) => {
  const { run: stage } = await run('cpp', 'int main() { volatile int *p = nullptr; return *p; }');
  t.like(stage, { code: null, signal: 'SIGSEGV', status: 'SG', message: 'Killed by signal SIGSEGV' });
});

test.serial('TO: the wall-clock and the CPU time limits, signal SIGKILL', async (t) => {
  const wall = await run('python', 'import time\ntime.sleep(10)', { run_timeout: 500 });
  t.like(wall.run, { code: null, signal: 'SIGKILL', status: 'TO', message: 'Wall-clock time limit exceeded' });
  t.true(wall.run.wall_time < 5_000);
  const cpu = await run('python', 'while True: pass', { run_cpu_time: 300 });
  t.like(cpu.run, { signal: 'SIGKILL', status: 'TO', message: 'CPU time limit exceeded' });
});

test.serial('OL and EL: stdout or stderr past the output limit, signal SIGKILL', async (t) => {
  const stdout = await run('python', 'import sys\nwhile True: sys.stdout.write("x" * 4096)');
  t.like(stdout.run, { signal: 'SIGKILL', status: 'OL', message: 'stdout length exceeded' });
  t.true(stdout.run.stdout.length > 0);
  const stderr = await run('python', 'import sys\nwhile True: sys.stderr.write("x" * 4096)');
  t.like(stderr.run, { signal: 'SIGKILL', status: 'EL', message: 'stderr length exceeded' });
});

test.serial('a failed compile: compile has the compiler\'s output, run is a copy of it', async (t) => {
  const body = await run('c++', 'int main( { return 0; }');
  t.like(body, { language: 'c++', version: '12.2.0' });
  t.like(body.compile, { stdout: '', code: 1, signal: null, status: 'RE', message: 'Compilation failed' });
  t.regex(body.compile.stderr, /error/);
  t.is(body.compile.output, body.compile.stderr);
  t.deepEqual(body.run, body.compile);
});

test.serial('a compile with warnings succeeds: compile stage status null, then the run', async (t) => {
  const body = await run('c++', '#include <cstdio>\nint main() { int unused; puts("ok"); }', { args: [] });
  t.like(body.compile, { code: 0, status: null, message: null });
  t.like(body.run, { stdout: 'ok\n', code: 0, status: null });
});
