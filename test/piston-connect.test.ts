/**
 * Piston's WS /api/v2/connect through the real stack (master and executor processes, Redis, the
 * sandbox, a real WebSocket client): programs driven line by line, Piston's messages in Piston's
 * order, and each of Piston's close codes.
 */
import test from 'ava';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { getJson, startStack, waitFor } from './helpers/services.js';
import { openSession, wsUrl, type SessionSocket } from './helpers/session-socket.js';

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

const connect = () => openSession(wsUrl(url, '/api/v2/connect'));
const init = (language: string, code: string, extra: Record<string, unknown> = {}) => ({ type: 'init', language, version: '*', files: [{ content: code }], ...extra });
const streamed = (session: SessionSocket, stream: 'stdout' | 'stderr') =>
  session.messages.filter((message) => message.type === 'data' && message.stream === stream).map((message) => message.data).join('');

const TWO_LINES = 'a = input()\nprint("hello", a, flush=True)\nb = int(input())\nprint(b * 2, flush=True)';

test('a python program reads two lines and answers each, driven interactively; Piston\'s messages in order, then 4999', async (t) => {
  const session = await connect();
  session.send(init('python', TWO_LINES, { run_timeout: 20_000 }));
  t.deepEqual(await session.next('runtime'), { type: 'runtime', language: 'python', version: '3.11.2' });
  await session.next('stage', (message) => message.stage === 'run');
  session.send({ type: 'data', stream: 'stdin', data: 'world\n' });
  await session.next('data', () => streamed(session, 'stdout') === 'hello world\n');
  t.false(streamed(session, 'stdout').includes('42'), 'the second answer waits for the second line');
  session.send({ type: 'data', stream: 'stdin', data: '21\n' });
  t.deepEqual(await session.next('exit'), { type: 'exit', stage: 'run', code: 0, signal: null });
  t.is(streamed(session, 'stdout'), 'hello world\n42\n');
  t.deepEqual(await session.closed, { code: 4999, reason: 'Job Completed' });
  t.deepEqual(session.messages.map((message) => message.type), ['runtime', 'stage', 'data', 'data', 'exit']);
});

test('a C++ program: the compile stage and its exit, then the run stage, interactive', async (t) => {
  const session = await connect();
  session.send(init('c++', '#include <iostream>\nint main(){int n; while (std::cin >> n) std::cout << n * n << std::endl;}', { run_timeout: 20_000 }));
  await session.next('stage', (message) => message.stage === 'run');
  session.send({ type: 'data', stream: 'stdin', data: '7\n' });
  await session.next('data', () => streamed(session, 'stdout') === '49\n');
  session.send({ type: 'data', stream: 'stdin', data: '12\n' });
  await session.next('data', () => streamed(session, 'stdout') === '49\n144\n');
  session.send({ type: 'signal', signal: 'SIGTERM' });
  const exit = await session.next('exit', (message) => message.stage === 'run');
  t.is(exit.signal, 'SIGKILL'); // the sandbox ends a run with SIGKILL whatever the signal
  t.deepEqual(
    session.messages.filter((message) => message.type !== 'data'),
    [
      { type: 'runtime', language: 'c++', version: '12.2.0' },
      { type: 'stage', stage: 'compile' },
      { type: 'exit', stage: 'compile', code: 0, signal: null },
      { type: 'stage', stage: 'run' },
      exit,
    ],
  );
  t.is((await session.closed).code, 4999);
});

test('a compile error is the compile stage\'s exit with code 1 and the compiler output on stderr', async (t) => {
  const session = await connect();
  session.send(init('c++', 'int main() { return undefined_name; }'));
  const exit = await session.next('exit');
  t.like(exit, { stage: 'compile', code: 1, signal: null });
  t.regex(exit.error, /undefined_name/);
  t.is((await session.closed).code, 4999);
});

test('a time limit is the run\'s exit with SIGKILL', async (t) => {
  const session = await connect();
  session.send(init('python', 'while True: pass', { run_timeout: 1_000, run_cpu_time: 500 }));
  t.like(await session.next('exit'), { stage: 'run', code: null, signal: 'SIGKILL' });
  t.is((await session.closed).code, 4999);
});

const closeCodes: Array<[string, Array<Record<string, unknown> | string>, number, string]> = [
  ['no init within 1 s', [], 4001, 'Initialization Timeout'],
  ['data before init', [{ type: 'data', stream: 'stdin', data: 'x' }], 4003, 'Not yet initialized'],
  ['a signal before init', [{ type: 'signal', signal: 'SIGKILL' }], 4003, 'Not yet initialized'],
  ['init twice', [init('python', 'input()'), init('python', 'input()')], 4000, 'Already Initialized'],
  ['data for stdout', [init('python', 'input()'), { type: 'data', stream: 'stdout', data: 'x' }], 4004, 'Can only write to stdin'],
  ['an invalid signal', [init('python', 'input()'), { type: 'signal', signal: 'SIGNOPE' }], 4005, 'Invalid signal'],
  ['an unknown runtime', [init('intercal', 'x')], 4002, 'Notified Error'],
  ['a message that is not JSON', ['{nope'], 4002, 'Notified Error'],
];
for (const [what, messages, code, reason] of closeCodes) {
  test(`close ${code} (${reason}): ${what}`, async (t) => {
    const session = await connect();
    for (const message of messages) session.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    t.deepEqual(await session.closed, { code, reason });
    if (code === 4002) t.is(session.messages.at(-1).type, 'error');
  });
}

test('the unknown runtime\'s error message is Piston\'s', async (t) => {
  const session = await connect();
  session.send(init('intercal', 'x'));
  t.deepEqual(await session.next('error'), { type: 'error', message: 'intercal-* runtime is unknown' });
});

test('a dropped socket ends the run: the job is stored soon after with its verdict', async (t) => {
  const session = await connect();
  session.send(init('python', 'import time\nprint("up", flush=True)\ntime.sleep(60)', { run_timeout: 20_000 }));
  await session.next('data', () => streamed(session, 'stdout') === 'up\n');
  const before = (await getJson(`${url}/load`)).body;
  session.socket.terminate();
  const ended = Date.now();
  await waitFor('the session\'s job to end', async () => {
    const { body } = await getJson(`${url}/load`);
    return body.python?.active === 0 && body.python?.completed > (before.python?.completed ?? 0) ? true : undefined;
  });
  t.true(Date.now() - ended < 10_000, 'the run ended well before its 20 s wall limit');
});

test('GET /api/v2/connect without an Upgrade is a 426 in Piston\'s shape', async (t) => {
  const { status, body } = await getJson(`${url}/api/v2/connect`);
  t.is(status, 426);
  t.regex(body.message, /WebSocket/);
});
