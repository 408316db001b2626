import test, { type ExecutionContext } from 'ava';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ARGS_FD, INFO_FD, initSpec, nulSeparated, REPORT_FD, runArgs, SANDBOX_FILES_DIR, SANDBOX_INIT, SANDBOX_JOB_DIR, SECCOMP_FD, spareArgs, SPEC_FD, type SandboxLayout } from '../src/sandbox/bwrap-args.js';
import type { RunSpec } from '../src/sandbox/types.js';
import { realSandbox, TEST_LIMITS } from './helpers.js';

const env = { PATH: '/usr/bin:/bin' };

/** Python code run in the real sandbox as a test run is (the job's files linked into /box), or as a compile (copied, then collected). */
async function python(t: ExecutionContext, code: string, limits = TEST_LIMITS, compile = false) {
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  const collectInto = compile ? await workspace.build() : undefined;
  const outcome = await sandbox.run({ argv: ['/usr/bin/python3', '-c', code], files: workspace.files, collectInto, env, readOnlyPaths: [], stdin: '', limits, memoryRlimit: 'address-space' });
  return { outcome, workspace };
}

const layout: SandboxLayout = {
  system: ['--ro-bind', '/usr', '/usr'],
  procMasks: ['--ro-bind', '/dev/null', '/proc/kallsyms'],
  initPath: '/work/sentinel-init',
  tmpBytes: 1024,
  jobDirBytes: 4096,
  openFiles: 32,
  rlimits: false,
  seccomp: true,
  signalsPending: 100,
  messageQueueBytes: 2048,
};
const spec = (compile: boolean): RunSpec => ({
  argv: ['./main', 'a;b', '`x`', 'new\nline'],
  files: compile ? '/work/job-1/files' : '/work/job-1/build',
  ...(compile ? { collectInto: '/work/job-1/build' } : {}),
  env: { A: 'b c' },
  readOnlyPaths: ['/opt/tool'],
  stdin: '',
  limits: TEST_LIMITS,
  memoryRlimit: 'data',
});

test('a spare bwrap unshares every namespace, masks host figures in /proc, then reads the run from ARGS_FD and starts sentinel-init as pid 1', (t) => {
  const args = spareArgs(layout);
  t.deepEqual(args.slice(0, 9), ['--unshare-user', '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-cgroup-try', '--disable-userns', '--die-with-parent', '--new-session', '--as-pid-1']);
  t.deepEqual(args.slice(args.indexOf('--hostname'), args.indexOf('--hostname') + 2), ['--hostname', 'sentinel']);
  t.deepEqual(args.slice(args.indexOf('--seccomp'), args.indexOf('--seccomp') + 2), ['--seccomp', String(SECCOMP_FD)]);
  t.deepEqual(args.slice(args.indexOf('--info-fd'), args.indexOf('--info-fd') + 2), ['--info-fd', String(INFO_FD)]);
  t.deepEqual(args.slice(args.indexOf('--proc'), args.indexOf('--proc') + 5), ['--proc', '/proc', '--ro-bind', '/dev/null', '/proc/kallsyms']);
  t.deepEqual(args.slice(args.indexOf('--tmpfs') + 2), ['--ro-bind', '/work/sentinel-init', SANDBOX_INIT, '--args', String(ARGS_FD), '--', SANDBOX_INIT, String(SPEC_FD), String(REPORT_FD)]);
  t.false(spareArgs({ ...layout, seccomp: false }).includes('--seccomp'));
});

test('runArgs: the job files read-only at /job, a capped tmpfs /box, the pack paths, one argument each whatever the files', (t) => {
  for (const compile of [false, true]) {
    const args = runArgs(spec(compile), layout);
    t.is(args[0], '--unshare-uts', 'the UTS namespace comes with the run, so an empty ARGS_FD stops bwrap before it clones');
    t.false(args.includes('--bind'), 'nothing of the host is writable');
    const files = args.indexOf(SANDBOX_FILES_DIR);
    t.deepEqual(args.slice(files - 2, files + 5), ['--ro-bind', spec(compile).files, SANDBOX_FILES_DIR, '--size', '4096', '--tmpfs', SANDBOX_JOB_DIR]);
    t.is(args[args.indexOf('/opt/tool') - 1], '--ro-bind');
    t.deepEqual(args.slice(args.indexOf('--clearenv')), ['--clearenv', '--setenv', 'A', 'b c']);
    t.deepEqual(args.slice(args.indexOf('--remount-ro'), args.indexOf('--remount-ro') + 6), ['--remount-ro', '/dev', '--remount-ro', '/', '--chdir', SANDBOX_JOB_DIR]);
  }
});

test('sentinel-init: rlimits and per-run user counters, /box linked for a test run and copied then collected for a compile, then the argv word for word', (t) => {
  const common = [`fsize=${1024 * 1024}`, 'nofile=32', 'sigpending=100', 'msgqueue=2048', 'memlock=65536'];
  const argv = ['--', './main', 'a;b', '`x`', 'new\nline'];
  t.deepEqual(initSpec(spec(false), layout), [...common, `link-from=${SANDBOX_FILES_DIR}`, ...argv]);
  t.deepEqual(initSpec(spec(true), layout), [...common, `copy-from=${SANDBOX_FILES_DIR}`, 'collect=4096', 'disk-full-stop', 'watch-disk=/box', 'watch-disk=/tmp', ...argv]);
  t.deepEqual([...nulSeparated(['a b', ''])], [...Buffer.from('a b\0\0')]);
  t.throws(() => nulSeparated(['a\0b']), { message: /contains NUL/ });
});

test('without cgroups, the kernel bounds each process and sentinel-init watches the whole tree', (t) => {
  const limits = { ...TEST_LIMITS, cpuMs: 1500, memoryMb: 100, processes: 10 };
  const settings = initSpec({ ...spec(false), limits }, { ...layout, rlimits: true });
  const mb = 1024 * 1024;
  t.deepEqual(settings.slice(6, settings.indexOf('--')), [
    'cpu=3', // RLIMIT_CPU, a backstop at 3 s (SIGXCPU), SIGKILL a second later; the watcher stops the tree at 1.5 s
    'nproc=11',
    `data=${264 * mb}`, // the pack's choice; twice the limit and 64 MiB, a backstop behind the watcher
    `watch-memory=${100 * mb}`,
    'watch-cpu=1500',
    `guard-mapping=${100 * mb}`,
    'watch-inodes=4096',
    'watch-disk=/box',
    'watch-disk=/tmp',
  ]);
  t.true(initSpec({ ...spec(false), limits, memoryRlimit: 'address-space' }, { ...layout, rlimits: true }).includes(`as=${264 * mb}`));
});

test('the program sees no executor environment, and cannot read the memory or environment of the sandbox\'s pid 1', async (t) => {
  process.env.SENTINEL_CANARY_SECRET = 'canary-value';
  const code = `import os
print(sorted(os.environ), repr(open("/proc/self/environ").read()))
for name in ("environ", "mem"):
    try:
        open("/proc/1/" + name, "rb").read()
        print(name, "read")
    except OSError as error:
        print(name, error.errno)`;
  const { outcome } = await python(t, code);
  t.is(outcome.exitCode, 0, outcome.stderr);
  // PATH from the spec, PWD from bwrap's --chdir, LC_CTYPE from Python itself. sentinel-init, pid 1,
  // was started by bwrap with an empty environment too, and is not dumpable: its /proc files are not the program's.
  t.is(outcome.stdout, "['LC_CTYPE', 'PATH', 'PWD'] 'PATH=/usr/bin:/bin\\x00PWD=/box\\x00'\nenviron 13\nmem 13\n");
  t.false(outcome.stdout.includes('canary-value'));
});

test('there is no network: loopback Redis and outside addresses are unreachable', async (t) => {
  const { outcome } = await python(t, `
import socket
for host, port in (("127.0.0.1", 6379), ("10.0.0.1", 80), ("1.1.1.1", 53)):
    try:
        socket.create_connection((host, port), timeout=1)
        print(host, "connected")
    except OSError as error:
        print(host, type(error).__name__)
`);
  t.is(outcome.exitCode, 0, outcome.stderr);
  t.notRegex(outcome.stdout, /connected/);
  // seccomp refuses AF_INET sockets outright (EAFNOSUPPORT), before the empty network namespace would.
  t.is(outcome.stdout, '127.0.0.1 OSError\n10.0.0.1 OSError\n1.1.1.1 OSError\n');
});

test('the system is read-only and host secrets are not there', async (t) => {
  const { outcome } = await python(t, `
import os
for path in ("/usr/bin/evil", "/etc/evil", "/evil", "/dev/evil", "/proc/evil"):
    try:
        open(path, "w")
        print(path, "written")
    except OSError as error:
        print(path, error.errno)
open("/dev/null", "w").write("devices still work")
print(os.path.exists("/etc/shadow"), os.path.exists("/root"), os.path.exists("${process.cwd()}"))
`);
  t.is(outcome.exitCode, 0, outcome.stderr);
  t.notRegex(outcome.stdout, /written/);
  t.regex(outcome.stdout, /False False False\n$/);
});

test('the program is not root on the host, and nothing it writes reaches the host: a compile\'s files come back through the executor', async (t) => {
  const code = 'import os; open("made.txt", "w").write("x"); print(os.getuid(), os.getcwd())';
  const { outcome, workspace } = await python(t, code);
  t.is(outcome.exitCode, 0, outcome.stderr);
  t.regex(outcome.stdout, new RegExp(`^\\d+ ${SANDBOX_JOB_DIR}\\n$`));
  t.not(outcome.stdout.split(' ')[0], '0');
  t.deepEqual(await readdir(workspace.dir, { recursive: true }), ['files'], 'a test run leaves nothing');
  const compiled = await python(t, code, TEST_LIMITS, true);
  t.is(compiled.outcome.exitCode, 0, compiled.outcome.stderr);
  t.deepEqual((await readdir(compiled.workspace.dir, { recursive: true })).sort(), ['build', 'build/made.txt', 'files'], 'written by the executor from the report');
});

test('a program past its wall-clock limit is killed, with everything it started', async (t) => {
  const started = Date.now();
  const { outcome } = await python(t, 'import os, time\nos.fork()\nos.fork()\nwhile True: pass', { ...TEST_LIMITS, wallMs: 500 });
  t.is(outcome.exceeded, 'wall');
  t.is(outcome.signal, 'SIGKILL');
  t.true(Date.now() - started < 3_000);
});

test('output past the cap kills the program and keeps exactly the cap', async (t) => {
  const { outcome } = await python(t, 'import sys\nwhile True: sys.stdout.write("x" * 4096)', { ...TEST_LIMITS, outputKb: 8 });
  t.is(outcome.exceeded, 'output');
  t.is(outcome.stdout.length, 8 * 1024);
});

test('the job directory is removed afterwards, whatever the program left there', async (t) => {
  const { outcome, workspace } = await python(t, 'import os\nos.makedirs("a/b/c")\nos.symlink("/etc/passwd", "link")\nopen("a/b/c/f", "w").write("x")', TEST_LIMITS, true);
  t.is(outcome.exitCode, 0, outcome.stderr);
  await workspace.remove();
  const parent = await readdir(path.dirname(workspace.dir));
  t.false(parent.includes(path.basename(workspace.dir)));
});

test("a pack's read-only path under /tmp is visible over the sandbox's own /tmp, and read-only", async (t) => {
  const { mkdtemp, writeFile, chmod, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const shared = await mkdtemp(path.join(os.tmpdir(), 'sentinel-ro-'));
  t.teardown(() => rm(shared, { recursive: true, force: true }));
  await chmod(shared, 0o755);
  await writeFile(path.join(shared, 'types.d.ts'), 'declare const x: number;\n', { mode: 0o644 });
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  const code = `import os\nprint(open("${shared}/types.d.ts").read().strip())\ntry:\n    open("${shared}/new", "w")\nexcept OSError as error:\n    print(error.errno)\nopen("/tmp/scratch", "w").write("tmp is still writable")`;
  const outcome = await sandbox.run({ argv: ['/usr/bin/python3', '-c', code], files: workspace.files, env, readOnlyPaths: [shared], stdin: '', limits: TEST_LIMITS, memoryRlimit: 'address-space' });
  t.is(outcome.stdout, 'declare const x: number;\n30\n', outcome.stderr); // EROFS
});

test('a memory limit smaller than the program needs to start is MEMORY_LIMIT, not a fault of the sandbox', async (t) => {
  // The spare was moved into its cgroup before the run; what it had allocated stays charged to
  // the executor's group, so even a 1 MiB limit can be set when the run begins.
  const { outcome } = await python(t, 'print("never")', { ...TEST_LIMITS, memoryMb: 1 });
  t.is(outcome.exceeded, 'memory', JSON.stringify(outcome));
  t.is(outcome.stdout, '');
});
