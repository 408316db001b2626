/**
 * The Piston v2 API through the real stack (master and executor processes, Redis, the sandbox):
 * the unchanged npm piston-client, version selectors, aliases, files, stdin, limits and errors.
 * Every answer but the client's own is checked against the OpenAPI document.
 */
import test from 'ava';
import piston from 'piston-client';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { checkedBody } from './helpers/contract.js';
import { getJson, postJson, startStack } from './helpers/services.js';

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

const execute = (body: Record<string, unknown>) => postJson(`${url}/api/v2/execute`, body);
const python = (code: string, extra: Record<string, unknown> = {}) => execute({ language: 'python', version: '*', files: [{ content: code }], ...extra });

/** POST with a Content-Type of our choosing, the answer checked against the document. */
async function postAs(contentType: string | undefined, text: string) {
  const response = await fetch(`${url}/api/v2/execute`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body: text });
  return { status: response.status, body: (await checkedBody('POST', `${url}/api/v2/execute`, response)) as any };
}

test.serial('piston-client 1.0.2, unchanged: runtimes, then python and c++ programs that see its args', async (t) => {
  const client = piston({ server: url });
  const runtimes = await client.runtimes();
  t.deepEqual(runtimes, [
    { language: 'c++', version: '12.2.0', aliases: ['cpp', 'g++'] },
    { language: 'python', version: '3.11.2', aliases: ['py', 'py3', 'python3', 'python3.11'] },
  ]);

  const py = await client.execute('python', 'import sys\nprint("hello", sys.argv[1:])');
  t.like(py, { language: 'python', version: '3.11.2', run: { stdout: "hello ['1', '2', '3']\n", stderr: '', code: 0, signal: null, status: null } });
  t.is(py.compile, undefined);

  const cpp = await client.execute('c++', '#include <iostream>\nint main(int argc, char** argv) { for (int i = 1; i < argc; i++) std::cout << argv[i]; std::cout << "\\n"; }');
  t.like(cpp, { language: 'c++', version: '12.2.0', run: { stdout: '123\n', code: 0, status: null }, compile: { code: 0, status: null } });
  t.true(cpp.run.wall_time >= 0 && cpp.run.memory > 0 && cpp.run.cpu_time >= 0);
});

test.serial('GET /api/v2/runtimes is documented', async (t) => {
  const { status, body } = await getJson(`${url}/api/v2/runtimes`);
  t.is(status, 200);
  t.is(body.length, 2);
});

test.serial('version selectors: *, 3.x, exact, ^3; others are an unknown runtime', async (t) => {
  for (const version of ['*', '3.x', '3.11.2', '^3', '3']) {
    const { status, body } = await execute({ language: 'python', version, files: [{ content: 'print(1)' }] });
    t.is(status, 200, version);
    t.like(body, { language: 'python', version: '3.11.2', run: { stdout: '1\n' } });
  }
  for (const version of ['2.x', '3.12.0', 'latest']) {
    const { status, body } = await execute({ language: 'python', version, files: [{ content: 'print(1)' }] });
    t.is(status, 400);
    t.deepEqual(body, { message: `python-${version} runtime is unknown` });
  }
  const { body } = await execute({ language: 'intercal', version: '*', files: [{ content: 'x' }] });
  t.deepEqual(body, { message: 'intercal-* runtime is unknown' });
});

test.serial('aliases, Piston\'s and Sentinel\'s, answer with the runtime\'s own language', async (t) => {
  for (const language of ['py', 'py3', 'python3.11', 'cpp', 'g++']) {
    const code = language.startsWith('py') ? 'print(2)' : '#include <cstdio>\nint main() { puts("2"); }';
    const { status, body } = await execute({ language, version: '*', files: [{ content: code }] });
    t.is(status, 200, language);
    t.is(body.language, language.startsWith('py') ? 'python' : 'c++');
    t.is(body.run.stdout, '2\n');
  }
});

test.serial('415 unless application/json or text/plain holding JSON', async (t) => {
  const body = JSON.stringify({ language: 'python', version: '*', files: [{ content: 'print(3)' }] });
  const message = { message: 'requests must be of type application/json' };
  t.deepEqual(await postAs('application/xml', body), { status: 415, body: message });
  t.deepEqual(await postAs('application/x-www-form-urlencoded', body), { status: 415, body: message });
  t.deepEqual(await postAs('text/plain', 'language=python'), { status: 415, body: message });
  const plain = await postAs('text/plain;charset=UTF-8', body);
  t.is(plain.status, 200);
  t.is(plain.body.run.stdout, '3\n');
  const broken = await postAs('application/json', '{"language":');
  t.is(broken.status, 400);
  t.deepEqual(Object.keys(broken.body), ['message']);
});

test.serial('Piston\'s validation messages', async (t) => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ version: '*', files: [] }, 'language is required as a string'],
    [{ language: 'python', files: [] }, 'version is required as a string'],
    [{ language: 'python', version: '*' }, 'files is required as an array'],
    [{ language: 'python', version: '*', files: [{ name: 'a.py' }] }, 'files[0].content is required as a string'],
    [{ language: 'python', version: '*', files: [] }, 'files must include at least one utf8 encoded file'],
    [{ language: 'python', version: '*', files: [{ content: 'AA==', encoding: 'base64' }] }, 'files must include at least one utf8 encoded file'],
    [{ language: 'python', version: '*', files: [{ content: 'x' }, { content: 'zz', encoding: 'hex' }] }, 'files[1].content is not valid hex'],
    [{ language: 'python', version: '*', files: [{ content: 'x' }], run_timeout: '100' }, 'If specified, run_timeout must be a number'],
    [{ language: 'python', version: '*', files: [{ content: 'x' }], run_cpu_time: -5 }, 'run_cpu_time must be non-negative'],
  ];
  for (const [body, message] of cases) {
    const reply = await execute(body);
    t.is(reply.status, 400, message);
    t.deepEqual(reply.body, { message });
  }
  // Sentinel's own checks name Piston's file: its files[0] is Sentinel's code, files[1] Sentinel's files[0].
  const clash = await execute({ language: 'python', version: '*', files: [{ content: 'x' }, { name: 'main.py', content: 'y' }] });
  t.is(clash.status, 400);
  t.regex(clash.body.message, /"main\.py" is where python puts the submitted code/);
  const badName = await execute({ language: 'python', version: '*', files: [{ content: 'x' }, { name: '../x', content: 'y' }] });
  t.regex(badName.body.message, /files\[1\]\.name/);
});

test.serial('limits above the language\'s own are a 400 with Sentinel\'s figure; -1 is the language\'s own', async (t) => {
  const over: Array<[string, number, number]> = [
    ['run_timeout', 5001, 5000],
    ['run_cpu_time', 3001, 3000],
    ['run_memory_limit', 256 * 1024 * 1024 + 1, 256 * 1024 * 1024],
    ['compile_timeout', 15_001, 15_000],
    ['compile_memory_limit', 2 ** 31, 1024 * 1024 * 1024],
  ];
  for (const [name, value, configured] of over) {
    const reply = await python('print(1)', { [name]: value });
    t.is(reply.status, 400, name);
    t.deepEqual(reply.body, { message: `${name} cannot exceed the configured limit of ${configured}` });
  }
  // -1 memory is the language's own 256 MiB, not unlimited: 200 MB fits, 400 MB does not. The whole
  // wall clock (5 s, not Piston's 3 s default): zeroing 200 MB is slow on a loaded machine.
  const fits = await python('x = bytearray(200 * 1024 * 1024)\nprint(len(x) > 0)', { run_memory_limit: -1, compile_memory_limit: -1, run_timeout: 5_000, run_cpu_time: 3_000 });
  t.like(fits.body, { run: { stdout: 'True\n', status: null } });
  const over256 = await python('x = bytearray(400 * 1024 * 1024)\nprint(len(x))', { run_memory_limit: -1 });
  t.like(over256.body, { run: { status: 'SG', signal: 'SIGKILL' } });
  t.regex(over256.body.run.message, /Memory limit exceeded/);
  // A lower memory limit in bytes applies (rounded up to whole MiB).
  const lowered = await python('x = bytearray(100 * 1024 * 1024)\nprint(len(x))', { run_memory_limit: 64 * 1024 * 1024 - 5 });
  t.like(lowered.body, { run: { status: 'SG', signal: 'SIGKILL', message: 'Memory limit exceeded (Sentinel verdict MEMORY_LIMIT)' } });
});

test.serial('several files: names, base64, hex, and Piston\'s file${i}.code for a nameless one', async (t) => {
  const code = [
    'import util',
    'print(util.greet())',
    'print(open("data.bin", "rb").read())',
    'print(open("dir/data.hex", "rb").read())',
    'print(open("file4.code").read())',
  ].join('\n');
  const { status, body } = await python(code, {
    files: [
      { name: 'main.py', content: code },
      { name: 'util.py', content: 'def greet():\n    return "hi"\n' },
      { name: 'data.bin', content: Buffer.from([0, 1, 255]).toString('base64'), encoding: 'base64' },
      { name: 'dir/data.hex', content: '00ff10', encoding: 'hex' },
      { content: 'nameless', encoding: 'utf8' },
    ],
  });
  t.is(status, 200);
  t.is(body.run.stdout, "hi\nb'\\x00\\x01\\xff'\nb'\\x00\\xff\\x10'\nnameless\n");
});

test.serial('stdin gets Piston\'s newline unless it ends in one, an empty or absent stdin too', async (t) => {
  const code = 'import sys\nprint(repr(sys.stdin.read()))';
  t.is((await python(code, { stdin: 'abc' })).body.run.stdout, "'abc\\n'\n");
  t.is((await python(code, { stdin: 'two\nlines' })).body.run.stdout, "'two\\nlines\\n'\n");
  t.is((await python(code, { stdin: 'done\n' })).body.run.stdout, "'done\\n'\n");
  t.is((await python(code, { stdin: '' })).body.run.stdout, "'\\n'\n");
  t.is((await python(code)).body.run.stdout, "'\\n'\n");
});
