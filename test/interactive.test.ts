/**
 * Interactive runs through the real stack: a private Redis, two built masters, a built executor
 * with the real sandbox, real HTTP and real WebSockets. Bounds are set low so each is reached fast.
 */
import test from 'ava';
import getPort from 'get-port';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { getJson, masterEntry, postJson, startService, startStack, waitFor, waitForJob, type Service } from './helpers/services.js';
import { openSession, wsUrl, type SessionSocket } from './helpers/session-socket.js';

let redis: TestRedis;
const cleanups: Array<() => unknown> = [];
let a: string;
let b: string;
let executor: Service;
let masters: Service[] = [];
const IDLE_MS = 2_500;
const STDIN_BYTES = 4_096;

test.before(async () => {
  redis = await startRedis();
  const teardown = { teardown: (fn: () => unknown) => void cleanups.push(fn) };
  const stack = await startStack(teardown, redis.url, { INTERACTIVE_IDLE_MS: String(IDLE_MS), INTERACTIVE_STDIN_BYTES: String(STDIN_BYTES) });
  a = stack.url;
  executor = stack.executor;
  masters.push(stack.master);
  const port = await getPort();
  masters.push(startService(teardown, masterEntry, { ...stack.env, PORT: String(port) }));
  b = `http://127.0.0.1:${port}`;
  await waitFor('the second master', async () => ((await fetch(`${b}/health`)).ok ? true : undefined));
});
test.afterEach.always((t) => {
  // The stack's services print nothing into a test's log: say when one has died.
  if (!t.passed) for (const service of [executor, ...masters]) if (service.child.exitCode !== null) t.log(service.output().slice(-3_000));
});
test.after.always(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await redis?.stop();
});

const TWO_LINES = 'a = input()\nprint("hello", a, flush=True)\nb = int(input())\nprint(b * 2, flush=True)';

/** A session on master B of a job submitted through master A's POST /interactive. */
async function submitAndAttach(body: object): Promise<{ id: string; session: SessionSocket }> {
  const { status, body: queued, headers } = await postJson(`${a}/interactive`, body);
  if (status !== 201) throw new Error(`POST /interactive answered ${status}: ${JSON.stringify(queued)}`);
  if (headers.get('location') !== queued.attach) throw new Error('Location is not the attach path');
  return { id: queued.id, session: await openSession(wsUrl(b, queued.attach)) };
}

test.serial('a python program answers two lines, driven through two masters (POST on one, socket on the other)', async (t) => {
  const { id, session } = await submitAndAttach({ language: 'python', code: TWO_LINES });
  t.is((await session.next('attached')).id, id);
  await session.next('stage', (message) => message.stage === 'run');
  session.send({ type: 'stdin', data: 'world\n' });
  await session.next('stdout', () => session.stdout().includes('hello world\n'));
  t.false(session.stdout().includes('42'), 'the second answer waits for the second line');
  session.send({ type: 'stdin', data: '21\n' });
  const exit = await session.next('exit');
  t.is(session.stdout(), 'hello world\n42\n');
  t.like(exit, { verdict: 'ACCEPTED', exitCode: 0, signal: null, limitExceeded: null });
  t.is((await session.closed).code, 1000);
  const job = await waitForJob(a, id);
  t.like(job, { status: 'completed', verdict: 'ACCEPTED', output: 'hello world\n42\n', exitCode: 0 });
});

test.serial('output written before the socket attached is delivered from the start', async (t) => {
  const { status, body } = await postJson(`${a}/interactive`, { language: 'python', code: 'print("early", flush=True)\nprint(input())' });
  t.is(status, 201);
  await waitFor('the early output', async () => ((await getJson(`${a}/job/${body.id}`)).body.status === 'active' ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const session = await openSession(wsUrl(b, body.attach));
  await session.next('stdout', () => session.stdout() === 'early\n');
  session.send({ type: 'stdin', data: 'late' });
  session.send({ type: 'eof' });
  t.like(await session.next('exit'), { verdict: 'ACCEPTED' });
  t.is(session.stdout(), 'early\nlate\n');
});

test.serial('a C program compiles once, then runs interactively over one WebSocket (WS /interactive)', async (t) => {
  const code = '#include <stdio.h>\nint main(void) { int x; while (scanf("%d", &x) == 1) { printf("%d\\n", x * x); fflush(stdout); } return 0; }';
  const session = await openSession(wsUrl(a, '/interactive'));
  session.send({ type: 'init', language: 'c', code });
  session.send({ type: 'stdin', data: '3\n' });
  await session.next('stage', (message) => message.stage === 'compile');
  await session.next('stdout', () => session.stdout() === '9\n');
  session.send({ type: 'stdin', data: '12\n' });
  await session.next('stdout', () => session.stdout() === '9\n144\n');
  session.send({ type: 'eof' });
  const exit = await session.next('exit');
  t.like(exit, { verdict: 'ACCEPTED', exitCode: 0 });
  const stages = session.messages.filter((message) => message.type === 'stage').map((message) => message.stage);
  t.deepEqual(stages, ['compile', 'run']);
  const { id } = await session.next('attached');
  const job = await waitForJob(a, id);
  t.true(job.compile.success);
});

test.serial('the idle bound stops a run that neither reads input nor writes output: TIME_LIMIT, "idle"', async (t) => {
  const { session } = await submitAndAttach({ language: 'python', code: 'input()' });
  const started = Date.now();
  const exit = await session.next('exit');
  t.like(exit, { verdict: 'TIME_LIMIT', limitExceeded: 'idle' });
  t.true(Date.now() - started >= IDLE_MS - 500 && Date.now() - started < IDLE_MS + 5_000, `${Date.now() - started} ms`);
});

test.serial('the wall clock (limits.wallMs lowers the session\'s) stops a busy run: TIME_LIMIT, "wall"', async (t) => {
  const code = 'import time\nwhile True:\n    print("tick", flush=True)\n    time.sleep(0.3)';
  const { session } = await submitAndAttach({ language: 'python', code, limits: { wallMs: 2_000 } });
  const exit = await session.next('exit');
  t.like(exit, { verdict: 'TIME_LIMIT', limitExceeded: 'wall' });
  t.true(session.stdout().startsWith('tick\n'));
});

test.serial('the stdin bound: a write past it is refused and the run stops, limitExceeded "input"', async (t) => {
  const { id, session } = await submitAndAttach({ language: 'python', code: 'import sys\nfor line in sys.stdin: print(len(line), flush=True)' });
  session.send({ type: 'stdin', data: `${'x'.repeat(3_000)}\n` });
  await session.next('stdout', () => session.stdout() === '3001\n');
  session.send({ type: 'stdin', data: `${'y'.repeat(2_000)}\n` });
  const refused = await session.next('error');
  t.is(refused.code, 'STDIN_LIMIT');
  t.like(await session.next('exit'), { verdict: 'RUNTIME_ERROR', limitExceeded: 'input' });
  t.is(session.stdout(), '3001\n', 'nothing past the bound reached the program');
  t.like(await waitForJob(a, id), { status: 'completed', limitExceeded: 'input' });
});

test.serial('verdicts: a crash is RUNTIME_ERROR with its signal, a busy loop TIME_LIMIT "cpu"; kill ends the run', async (t) => {
  const crash = (await submitAndAttach({ language: 'python', code: 'import os, signal\nprint("bye", flush=True)\nos.kill(os.getpid(), signal.SIGSEGV)' })).session;
  t.like(await crash.next('exit'), { verdict: 'RUNTIME_ERROR', signal: 'SIGSEGV' });
  const busy = (await submitAndAttach({ language: 'python', code: 'while True: pass', limits: { cpuMs: 500 } })).session;
  t.like(await busy.next('exit'), { verdict: 'TIME_LIMIT', limitExceeded: 'cpu' });
  const killed = (await submitAndAttach({ language: 'python', code: 'input()' })).session;
  await killed.next('stage', (message) => message.stage === 'run');
  killed.send({ type: 'kill' });
  t.like(await killed.next('exit', undefined, 5_000), { verdict: 'RUNTIME_ERROR', signal: 'SIGKILL', limitExceeded: null });
});

test.serial('a dropped socket ends the run: the job ends soon after, its verdict stored', async (t) => {
  const { id, session } = await submitAndAttach({ language: 'python', code: 'print("ready", flush=True)\ninput()' });
  await session.next('stdout', () => session.stdout() === 'ready\n');
  const dropped = Date.now();
  session.socket.terminate();
  const job = await waitForJob(a, id, 10_000);
  t.like(job, { status: 'completed', verdict: 'RUNTIME_ERROR', signal: 'SIGKILL' });
  t.true(Date.now() - dropped < IDLE_MS, `ended ${Date.now() - dropped} ms after the drop, before the idle bound`);
});

test.serial('refusals name what is wrong: a bad init, a bad body, a bad message, an unknown session, no upgrade', async (t) => {
  const init = await openSession(wsUrl(a, '/interactive'));
  init.send({ type: 'init', language: 'python', code: 'print(1)', testCases: [] });
  t.like(await init.next('error'), { code: 'INVALID_REQUEST', field: 'testCases' });
  t.is((await init.closed).code, 4400);

  const notInit = await openSession(wsUrl(a, '/interactive'));
  notInit.send({ type: 'stdin', data: 'x' });
  t.like(await notInit.next('error'), { code: 'INVALID_REQUEST', field: 'type' });
  t.is((await notInit.closed).code, 4400);

  const language = await openSession(wsUrl(b, '/interactive'));
  language.send({ type: 'init', language: 'intercal', code: 'x' });
  t.like(await language.next('error'), { code: 'UNKNOWN_LANGUAGE', field: 'language' });
  t.is((await language.closed).code, 4400);

  const { status, body } = await postJson(`${a}/interactive`, { language: 'python', code: 'x', stdin: '1' });
  t.is(status, 400);
  t.like(body, { error: 'INVALID_REQUEST', field: 'stdin' });

  const unknown = await openSession(wsUrl(b, '/job/00000000-0000-4000-8000-000000000000/interactive'));
  t.like(await unknown.next('error'), { code: 'JOB_NOT_FOUND' });
  t.is((await unknown.closed).code, 4404);

  const { status: noUpgrade, body: upgrade } = await getJson(`${a}/interactive`);
  t.is(noUpgrade, 426);
  t.is(upgrade.error, 'UPGRADE_REQUIRED');

  const message = (await submitAndAttach({ language: 'python', code: 'input()' })).session;
  message.send({ type: 'stdin', data: 5 });
  t.like(await message.next('error'), { code: 'INVALID_REQUEST', field: 'data' });
  t.is((await message.closed).code, 4400);
});

test.serial('an upgrade with a bad API key is refused with 401 before switching protocols', async (t) => {
  const port = await getPort();
  startService({ teardown: (fn) => void cleanups.push(fn) }, masterEntry, { REDIS_URL: redis.url, PORT: String(port), API_KEYS: 'on', RATE_LIMIT_MAX: '1000000' });
  const keyed = `http://127.0.0.1:${port}`;
  await waitFor('the keyed master', async () => ((await fetch(`${keyed}/health`)).ok ? true : undefined));
  const refused = await openSession(wsUrl(keyed, '/interactive')).catch((error: { status: number; body: string }) => error);
  t.like(refused, { status: 401 });
  t.is(JSON.parse((refused as { body: string }).body).error, 'UNAUTHORIZED');
  const forbidden = await openSession(wsUrl(keyed, '/interactive'), { Authorization: 'Bearer not-a-key' }).catch((error: { status: number }) => error);
  t.like(forbidden, { status: 403 });
});

// Last: it kills the stack's executor.
test.serial('a dead executor ends the session with a clear error, not a hang and not a re-run', async (t) => {
  const { id, session } = await submitAndAttach({ language: 'python', code: 'print("ready", flush=True)\nwhile True: print(input(), flush=True)' });
  await session.next('stdout', () => session.stdout() === 'ready\n');
  const killed = Date.now();
  executor.child.kill('SIGKILL');
  const error = await session.next('error', undefined, 20_000);
  t.is(error.code, 'SESSION_LOST');
  t.regex(error.message, /executor running this session stopped/);
  t.is((await session.closed).code, 1011);
  t.log(`error ${Date.now() - killed} ms after the executor was killed`);
  t.is(session.messages.filter((message) => message.type === 'stage' && message.stage === 'run').length, 1, 'never run again');
  t.pass(id);
});
