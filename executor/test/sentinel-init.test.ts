/**
 * sentinel-init (executor/native/sentinel-init.c), run directly: how it reads its run, the limits
 * it sets, and the exit status it reports. Inside the sandbox it is also pid 1, which the hostile
 * suite and the sandbox tests cover (reaping, /proc, signals).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { nulSeparated } from '../src/sandbox/bwrap-args.js';
import { BUNDLED_INIT } from '../src/sandbox/native.js';

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs sentinel-init with `spec` (raw bytes, or strings NUL-terminated) on descriptor 3. */
function init(spec: Buffer | string[]): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(BUNDLED_INIT, ['3'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    (child.stdio[3] as Writable).end(Buffer.isBuffer(spec) ? spec : nulSeparated(spec));
  });
}

test('it runs the argv word for word and exits with the program\'s status', async (t) => {
  const ended = await init(['--', '/bin/sh', '-c', 'printf "%s|" "$@"; exit 7', 'sh', 'a b', '$(x);`y`', 'new\nline', '']);
  t.is(ended.code, 7, ended.stderr);
  t.is(ended.stdout, 'a b|$(x);`y`|new\nline||');
});

test('a program killed by a signal is reported as 128 + the signal, as a shell does', async (t) => {
  t.is((await init(['--', '/bin/sh', '-c', 'kill -SEGV $$'])).code, 128 + 11);
  t.is((await init(['--', '/bin/sh', '-c', 'kill -KILL $$'])).code, 128 + 9);
});

test('the program gets the file size, descriptor, core and CPU limits it was given', async (t) => {
  const ended = await init(['fsize=1048576', 'nofile=40', 'cpu=3', '--', '/bin/cat', '/proc/self/limits']);
  t.is(ended.code, 0, ended.stderr);
  const limit = (name: string) => ended.stdout.split('\n').find((line) => line.startsWith(name))?.split(/\s{2,}/).slice(1, 3);
  t.deepEqual(limit('Max file size'), ['1048576', '1048576']);
  t.deepEqual(limit('Max open files'), ['40', '40']);
  t.deepEqual(limit('Max core file size'), ['0', '0']);
  t.deepEqual(limit('Max cpu time'), ['3', '4']);
});

test('a program that cannot be started is 127 (not found) or 126, with a line saying why', async (t) => {
  const missing = await init(['--', '/no/such/program']);
  t.is(missing.code, 127);
  t.regex(missing.stderr, /^sentinel-init: cannot run \/no\/such\/program: No such file or directory\n$/);
  const notExecutable = await init(['--', '/etc/passwd']);
  t.is(notExecutable.code, 126);
  t.regex(notExecutable.stderr, /Permission denied/);
});

test('a run description it cannot trust is refused with 125, before anything runs', async (t) => {
  const cases: Array<[Buffer | string[], RegExp]> = [
    [Buffer.alloc(0), /must end with a NUL/], // the executor went away before sending the run
    [Buffer.from('--\0/bin/true'), /must end with a NUL/],
    [['--'], /no program to run/],
    [['nofile=-1', '--', '/bin/true'], /not a number: nofile/],
    [['fsize=12k', '--', '/bin/true'], /not a number: fsize/],
    [['umask=0', '--', '/bin/true'], /unknown setting: umask=0/],
    [['--', ...Array.from({ length: 4097 }, () => 'x')], /too many arguments/],
  ];
  for (const [spec, message] of cases) {
    const ended = await init(spec);
    t.is(ended.code, 125, String(spec));
    t.regex(ended.stderr, message);
    t.is(ended.stdout, '');
  }
});
