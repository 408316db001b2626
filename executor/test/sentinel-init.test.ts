/**
 * sentinel-init (executor/native/init/), run directly: how it reads its run, the limits it sets,
 * how it fills and collects the working directory, its report, and the exit status it reports.
 * Inside the sandbox it is also pid 1, which the hostile suite and the sandbox tests cover
 * (reaping, the watcher, /proc, signals).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { closeInheritedFds } from '../src/fd-hygiene.js';
import { nulSeparated } from '../src/sandbox/bwrap-args.js';
import { readInitReport, type InitReport } from '../src/sandbox/init-report.js';
import { BUNDLED_INIT } from '../src/sandbox/native.js';

closeInheritedFds(); // the test runner's own descriptors would reach the program, as they would the executor's

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
  report: InitReport;
}

/** Runs sentinel-init with `spec` (raw bytes, or strings NUL-terminated) on descriptor 3, its report on 4. */
function init(spec: Buffer | string[], options: { cwd?: string; collectInto?: string } = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(BUNDLED_INIT, ['3', '4'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' }, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const collect = options.collectInto === undefined ? undefined : { into: options.collectInto, maxBytes: 1 << 20, maxEntries: 64 };
    const report = readInitReport(child.stdio[4] as Readable, collect);
    child.once('error', reject);
    child.once('close', (code) => void report.then((read) => resolve({ code, stdout, stderr, report: read }), reject));
    (child.stdio[3] as Writable).end(Buffer.isBuffer(spec) ? spec : nulSeparated(spec));
  });
}

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-init-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
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

test('the program gets every limit it was given, and no core dumps', async (t) => {
  const settings = ['fsize=1048576', 'nofile=40', 'cpu=3', 'nproc=70', 'sigpending=128', 'msgqueue=65536', 'memlock=65536', 'as=536870912', 'data=268435456'];
  const ended = await init([...settings, '--', '/bin/cat', '/proc/self/limits']);
  t.is(ended.code, 0, ended.stderr);
  const limit = (name: string) => ended.stdout.split('\n').find((line) => line.startsWith(name))?.split(/\s{2,}/).slice(1, 3);
  t.deepEqual(limit('Max file size'), ['1048576', '1048576']);
  t.deepEqual(limit('Max open files'), ['40', '40']);
  t.deepEqual(limit('Max core file size'), ['0', '0']);
  t.deepEqual(limit('Max cpu time'), ['3', '4']);
  t.deepEqual(limit('Max processes'), ['70', '70']);
  t.deepEqual(limit('Max pending signals'), ['128', '128']);
  t.deepEqual(limit('Max msgqueue size'), ['65536', '65536']);
  t.deepEqual(limit('Max locked memory'), ['65536', '65536']);
  t.deepEqual(limit('Max address space'), ['536870912', '536870912']);
  t.deepEqual(limit('Max data size'), ['268435456', '268435456']);
});

test('the report ends with the status, and the program never sees the report descriptor', async (t) => {
  const ended = await init(['--', '/bin/sh', '-c', 'ls /proc/self/fd; exit 3']);
  t.is(ended.code, 3, ended.stderr);
  t.deepEqual(ended.stdout.trim().split('\n').sort(), ['0', '1', '2', '3'], 'stdin, stdout, stderr and ls\'s own directory');
  t.like(ended.report.end, { exceeded: null, guard: 'off', box: '-' });
  t.true(ended.report.end!.cpuMs >= 0);
});

test('link-from puts a symlink to each of the job\'s files in the working directory', async (t) => {
  const dir = await tempDir(t);
  await mkdir(path.join(dir, 'job', 'pkg'), { recursive: true });
  await writeFile(path.join(dir, 'job', 'main.py'), 'print(1)');
  await mkdir(path.join(dir, 'box'));
  const ended = await init([`link-from=${path.join(dir, 'job')}`, '--', '/bin/sh', '-c', 'cat main.py'], { cwd: path.join(dir, 'box') });
  t.is(ended.code, 0, ended.stderr);
  t.is(ended.stdout, 'print(1)');
  t.deepEqual((await readdir(path.join(dir, 'box'))).sort(), ['main.py', 'pkg']);
  t.is(ended.report.end?.box, 'linked');
});

test('copy-from copies the job\'s files, and collect sends back what the working directory holds, links and all else left out', async (t) => {
  const dir = await tempDir(t);
  await mkdir(path.join(dir, 'job', 'src'), { recursive: true });
  await writeFile(path.join(dir, 'job', 'main.c'), 'int main;');
  await writeFile(path.join(dir, 'job', 'src', 'util.c'), 'int x;');
  await symlink('/etc/passwd', path.join(dir, 'job', 'planted')); // never in a job's files, but never followed either
  await mkdir(path.join(dir, 'box'));
  await mkdir(path.join(dir, 'out'));
  const script = 'printf "\\177ELF" > main && chmod 755 main && mkdir -p obj/deep && echo o > obj/deep/a.o && ln -s /etc/shadow leak && mkfifo pipe';
  const ended = await init([`copy-from=${path.join(dir, 'job')}`, 'collect=64', '--', '/bin/sh', '-c', script], { cwd: path.join(dir, 'box'), collectInto: path.join(dir, 'out') });
  t.is(ended.code, 0, ended.stderr);
  t.is(ended.report.end?.box, 'collected');
  const out = path.join(dir, 'out');
  t.deepEqual((await readdir(out, { recursive: true })).sort(), ['main', 'main.c', 'obj', 'obj/deep', 'obj/deep/a.o', 'src', 'src/util.c']);
  t.is(await readFile(path.join(out, 'main'), 'latin1'), '\x7fELF');
  t.is((await stat(path.join(out, 'main'))).mode & 0o777, 0o755, 'the executable bit survives');
  t.is(await readFile(path.join(out, 'src', 'util.c'), 'utf8'), 'int x;');
  t.is(ended.report.entries, 7, 'files and folders');
});

test('collect stops at its entry bound, and the executor at its own', async (t) => {
  const dir = await tempDir(t);
  await mkdir(path.join(dir, 'job'));
  await mkdir(path.join(dir, 'box'));
  await mkdir(path.join(dir, 'out'));
  const many = 'for i in $(seq 1 100); do : > f$i; done';
  const ended = await init([`copy-from=${path.join(dir, 'job')}`, 'collect=10', '--', '/bin/sh', '-c', many], { cwd: path.join(dir, 'box'), collectInto: path.join(dir, 'out') });
  t.is(ended.report.end?.box, 'too-many-entries');
  t.is((await readdir(path.join(dir, 'out'))).length, 10);
  await rm(path.join(dir, 'out'), { recursive: true });
  await mkdir(path.join(dir, 'out'));
  const bounded = await init([`copy-from=${path.join(dir, 'job')}`, 'collect=4096', '--', '/bin/true'], { cwd: path.join(dir, 'box'), collectInto: path.join(dir, 'out') });
  t.is(bounded.report.overflow, 'entries', 'the executor reads at most 64 here');
});

test('the watcher is refused outside a pid namespace of its own (there /proc lists the whole host)', async (t) => {
  for (const setting of ['watch-memory=1000000', 'watch-cpu=1000']) {
    const ended = await init([setting, '--', '/bin/true']);
    t.is(ended.code, 125);
    t.regex(ended.stderr, /need a pid namespace of their own/);
  }
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
    [['collect', '--', '/bin/true'], /unknown setting: collect/],
    [['guard-mapping=1k', '--', '/bin/true'], /not a number: guard-mapping/],
    [['--', ...Array.from({ length: 4097 }, () => 'x')], /too many arguments/],
  ];
  for (const [spec, message] of cases) {
    const ended = await init(spec);
    t.is(ended.code, 125, String(spec));
    t.regex(ended.stderr, message);
    t.is(ended.stdout, '');
  }
});
