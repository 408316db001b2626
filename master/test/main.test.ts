/** The sentinel-master entry, run as a process. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { startRedis, type TestRedis } from '../../test/helpers/redis.js';
import { rawExchange, request } from './helpers/master.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(() => redis?.stop());

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import=tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, exited, output: () => stdout };
}

test('serves, then closes and exits 0 on SIGTERM', async (t) => {
  const run = runMain({ REDIS_URL: redis.url, PORT: '0', HOST: '127.0.0.1', SENTINEL_PACKS: 'python,javascript' });
  t.teardown(() => void run.child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000; // a start on a loaded machine, not a figure
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    url = /listening on (http:\/\/\S+)/.exec(run.output())?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.truthy(url, run.output());
  t.regex(run.output(), /\(languages: javascript, python\)/);
  t.is((await request(`${url!}/languages`)).status, 200);
  // Its server answers what Node's HTTP parser refuses with JSON too.
  const refused = await rawExchange(url!, 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
  t.is(refused.status, 400);
  t.is(refused.body.error, 'BAD_REQUEST');
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  t.is(code, 0);
});

test('a bad variable exits 1 naming it', async (t) => {
  const { code, stderr } = await runMain({ PORT: 'eighty' }).exited;
  t.is(code, 1);
  t.is(stderr.trim(), 'sentinel: invalid configuration: PORT: "PORT" must be a number');
});

test('a pack that is not installed exits 1 with the names tried', async (t) => {
  const { code, stderr } = await runMain({ REDIS_URL: redis.url, PORT: '0', SENTINEL_PACKS: 'klingon' }).exited;
  t.is(code, 1);
  t.is(
    stderr.trim(),
    'sentinel-master: cannot start: language pack "klingon" is not installed (tried: @sentinel/lang-klingon, sentinel-lang-klingon)',
  );
});
