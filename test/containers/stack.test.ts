/**
 * Sentinel as its operators run it: the images built from this checkout, the root
 * docker-compose.yml up with Kubernetes' security settings (uid 10001, read-only root, all
 * capabilities dropped, no-new-privileges, the executor seccomp profile, never privileged), and
 * every request through the master's published port. Skipped, saying why, where no engine or
 * base image is available; SENTINEL_CONTAINER_TESTS=1 (CI) makes that a failure.
 */
import test from 'ava';
import { containerSupport, DOCKER, must, run } from './engine.js';
import { hostFilesOf, processesOf } from './host.js';
import { eventually, getJson, submit, type Health, type JobView } from './http.js';
import { buildImages, EXECUTORS, startStack, type Stack } from './stack.js';

const required = process.env.SENTINEL_CONTAINER_TESTS === '1';
const support = await containerSupport();
const ready = support.ready;
const skipped = support.ready ? '' : ` (skipped: ${support.reason})`;
const serial = (title: string, body: Parameters<typeof test.serial>[1]) =>
  ready ? test.serial(title, body) : test.skip(`${title}${skipped}`, body);

if (!support.ready && required) {
  test('SENTINEL_CONTAINER_TESTS=1: the container suite can run here', (t) => t.fail(support.reason));
}

const state: { stack?: Stack; ids: string[]; filesBefore: string[] } = { ids: [], filesBefore: [] };
const stack = () => {
  if (!state.stack) throw new Error('the stack did not start (see the before hook)');
  return state.stack;
};
const py = (code: string, extra: object = {}) => submit(stack().url, { language: 'python', code, ...extra });
const verdictOf = (job: JobView) => ({ verdict: job.verdict, limitExceeded: job.limitExceeded ?? job.testCases?.[0]?.limitExceeded ?? null });

if (ready) {
  test.before('build the images and bring the compose stack up', async (t) => {
    t.timeout(40 * 60_000, 'cold image builds take minutes');
    state.filesBefore = await hostFilesOf(10001);
    let started = Date.now();
    // CI builds the images before the tests (.ci/run): a build here would only load the machine
    // while other test files run.
    if (process.env.SENTINEL_CONTAINER_IMAGES === 'built') t.log('images built before the tests (SENTINEL_CONTAINER_IMAGES=built)');
    else {
      await buildImages();
      t.log(`images built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    started = Date.now();
    state.stack = await startStack(support.compose);
    state.ids = await state.stack.containerIds();
    await eventually('both executors on /health', 180_000, async () => {
      const { body } = await getJson<Health>(stack().url, '/health');
      return body.executors.length === EXECUTORS.length ? body : undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await state.stack?.logs()}`);
    });
    t.log(`stack ${state.stack.project} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test.afterEach.always(async (t) => {
    if (!t.passed && state.stack) t.log(await state.stack.logs());
  });

  test.after.always('tear the stack down', async (t) => {
    t.timeout(5 * 60_000);
    await state.stack?.down();
  });
}

serial('/health: the python and c executors, sandboxed by bwrap, limits by rlimits (no writable cgroup in an unprivileged container)', async (t) => {
  const { status, body } = await getJson<Health>(stack().url, '/health');
  t.is(status, 200);
  t.is(body.status, 'ok');
  t.deepEqual(body.executors.map((e) => e.languages.join(',')).sort(), ['c', 'python']);
  for (const executor of body.executors) {
    t.is(executor.sandbox.mode, 'bwrap');
    t.is(executor.sandbox.limitsMode, 'rlimits');
  }
});

serial("README's first example: POST /execute, then GET /job/:id until completed, both tests passed", async (t) => {
  const response = await fetch(`${stack().url}/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'n = int(input())\nprint(n * 2)', language: 'python', testCases: [{ input: '5', expected: '10' }, { input: '100', expected: '200' }] }),
  });
  t.is(response.status, 200);
  const queued = (await response.json()) as JobView;
  t.is(queued.status, 'queued');
  const done = await eventually('the job completes', 60_000, async () => {
    const { body } = await getJson<JobView>(stack().url, `/job/${queued.id}`);
    return body.status === 'completed' ? body : undefined;
  });
  t.is(done.verdict, 'ACCEPTED');
  t.deepEqual(done.testCases?.map((c) => [c.passed, c.actualOutput]), [[true, '10\n'], [true, '200\n']]);
});

serial('verdicts: ACCEPTED, WRONG_ANSWER, RUNTIME_ERROR', async (t) => {
  const tests = { testCases: [{ input: '4', expected: '8' }] };
  t.is((await py('print(int(input()) * 2)', tests)).verdict, 'ACCEPTED');
  t.is((await py('print(int(input()) * 3)', tests)).verdict, 'WRONG_ANSWER');
  const crashed = await py('raise SystemExit(3)');
  t.is(crashed.verdict, 'RUNTIME_ERROR');
  t.is(crashed.exitCode, 3);
});

serial('TIME_LIMIT: cpu for a spin, wall for a sleep', async (t) => {
  t.deepEqual(verdictOf(await py('while True: pass', { limits: { cpuMs: 500 } })), { verdict: 'TIME_LIMIT', limitExceeded: 'cpu' });
  t.deepEqual(verdictOf(await py('import time\ntime.sleep(30)', { limits: { wallMs: 1000 } })), { verdict: 'TIME_LIMIT', limitExceeded: 'wall' });
});

serial('MEMORY_LIMIT: a 1 GiB bytearray under memoryMb 64, in the unprivileged container', async (t) => {
  t.deepEqual(verdictOf(await py('x = bytearray(1 << 30)\nprint(len(x))', { limits: { memoryMb: 64 } })), { verdict: 'MEMORY_LIMIT', limitExceeded: 'memory' });
});

serial('OUTPUT_LIMIT: an output flood under outputKb 64', async (t) => {
  t.deepEqual(verdictOf(await py("while True: print('x' * 1000)", { limits: { outputKb: 64 } })), { verdict: 'OUTPUT_LIMIT', limitExceeded: 'output' });
});

serial('c executor: ACCEPTED, and COMPILATION_ERROR with the compiler output', async (t) => {
  const ok = await submit(stack().url, { language: 'c', code: '#include <stdio.h>\nint main(void) { int n; scanf("%d", &n); printf("%d\\n", n * 2); return 0; }\n', testCases: [{ input: '21', expected: '42' }] });
  t.is(ok.verdict, 'ACCEPTED');
  const broken = await submit(stack().url, { language: 'c', code: 'int main( {\n' });
  t.is(broken.verdict, 'COMPILATION_ERROR');
  t.regex(broken.error ?? '', /error/);
});

serial('a fork bomb is contained: a verdict, nothing of it left, the executor healthy, the next job fine', async (t) => {
  const bomb = await py('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n', { limits: { processes: 16, wallMs: 3000 } });
  t.true(['TIME_LIMIT', 'RUNTIME_ERROR', 'MEMORY_LIMIT'].includes(bomb.verdict ?? ''), `verdict ${bomb.verdict}`);
  const executor = await stack().container('executor-python');
  await eventually('no python process left in the executor container', 15_000, async () => {
    const top = await must([DOCKER, 'top', executor, '-o', 'pid,comm']);
    return /python3/.test(top) ? undefined : true;
  });
  const { body } = await getJson<Health>(stack().url, '/health');
  t.true(body.executors.some((e) => e.languages.includes('python')));
  t.is((await py('print(int(input()) * 2)', { testCases: [{ input: '1', expected: '2' }] })).verdict, 'ACCEPTED');
});

serial("no network from a job: Redis's and the master's addresses are unreachable from the sandbox, reachable from the executor container", async (t) => {
  const redis = await stack().address('redis', 'jobs');
  const master = await stack().address('master', 'queue');
  t.regex(redis, /^\d+\.\d+\.\d+\.\d+$/);
  // Control: the executor process itself reaches Redis at that address (it serves jobs through it).
  const control = await run([DOCKER, 'exec', await stack().container('executor-python'), 'node', '-e',
    `require('net').connect(6379, '${redis}').on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(1); })`]);
  t.is(control.stdout.trim(), 'connected');
  const code = [
    'import socket',
    `for host, port in (('${redis}', 6379), ('${master}', 8910)):`,
    '    try:',
    '        socket.create_connection((host, port), timeout=3).close()',
    "        print('connected')",
    '    except OSError as error:',
    "        print('blocked', type(error).__name__)",
  ].join('\n');
  const job = await py(code);
  t.is(job.verdict, 'ACCEPTED');
  t.regex(job.output ?? '', /^blocked \w+\nblocked \w+\n$/);
});

serial('judging programs in a container: a checker and an interactor in the image\'s language; another language is CHECKER_ERROR saying it is not installed there', async (t) => {
  const halves = 'import sys\ngot, want = int(open(sys.argv[2]).read()), int(open(sys.argv[3]).read())\nprint("score 0.5") if got != want else None\nsys.exit(7 if got != want else 0)';
  const checked = await py('print(int(input()) * 2)', { testCases: [{ input: '2', expected: '4', points: 2 }, { input: '3', expected: '7', points: 2 }], checker: { type: 'program', language: 'python', code: halves } });
  t.like(checked, { verdict: 'PARTIAL', score: 3, maxScore: 4 });
  const interactor = 'import sys\nsecret = open(sys.argv[1]).read().strip()\nprint("guess", flush=True)\nsys.exit(0 if sys.stdin.readline().strip() == secret else 1)';
  const interacted = await py('input()\nprint(42, flush=True)', { testCases: [{ input: '42', expected: '' }, { input: '7', expected: '' }], interactor: { language: 'python', code: interactor } });
  t.deepEqual(interacted.testCases?.map((c) => c.verdict), ['ACCEPTED', 'WRONG_ANSWER']);
  const compiled = await submit(stack().url, { language: 'c', code: 'int main(void) { return 0; }', testCases: [{ input: '', expected: '' }], checker: { type: 'program', language: 'c', code: 'int main(void) { return 0; }' } });
  t.like(compiled, { verdict: 'ACCEPTED', checkerCompile: { success: true } });
  // The python image has neither the c pack nor a C compiler: the job author's checker cannot run there.
  const foreign = await py('print(1)', { testCases: [{ input: '', expected: '1' }], checker: { type: 'program', language: 'c', code: 'int main(void) { return 0; }' } });
  t.like(foreign, { status: 'completed', verdict: 'CHECKER_ERROR', error: 'the checker is written in c, which is not installed where python jobs run: write it in python, or run python on executors that have both' });
});

serial('the host is unchanged: nothing written in any container layer, no file of uid 10001 on the host, no process left after teardown', async (t) => {
  t.timeout(5 * 60_000);
  // A job that writes where it can: its working directory and /tmp (both tmpfs in the sandbox).
  await py("open('out.txt', 'w').write('x' * 1000)\nopen('/tmp/t.txt', 'w').write('y')\nprint('ok')");
  for (const id of state.ids) t.is((await must([DOCKER, 'diff', id])).trim(), '', `docker diff ${id}`);
  await stack().down();
  t.deepEqual(await processesOf(state.ids), [], 'no host process in a cgroup of the stack');
  t.deepEqual((await must([DOCKER, 'ps', '--all', '--quiet', '--filter', `label=com.docker.compose.project=${stack().project}`])).trim(), '');
  t.deepEqual((await must([DOCKER, 'volume', 'ls', '--quiet', '--filter', `name=${stack().project}`])).trim(), '');
  t.deepEqual((await must([DOCKER, 'network', 'ls', '--quiet', '--filter', `name=${stack().project}`])).trim(), '');
  const after = await hostFilesOf(10001);
  t.deepEqual(after.filter((file) => !state.filesBefore.includes(file)), [], 'new files of uid 10001 on the host');
});
