import test, { type ExecutionContext } from 'ava';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ARGS_FD, INFO_FD, initSpec, nulSeparated, runArgs, SANDBOX_INIT, SANDBOX_JOB_DIR, SECCOMP_FD, spareArgs, SPEC_FD, type SandboxLayout } from '../src/sandbox/bwrap-args.js';
import type { JobDirMode } from '../src/sandbox/types.js';
import { owner, realSandbox, TEST_LIMITS } from './helpers.js';

const env = { PATH: '/usr/bin:/bin' };

async function python(t: ExecutionContext, code: string, limits = TEST_LIMITS, jobDirMode: JobDirMode = 'writable') {
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  const outcome = await sandbox.run({ argv: ['/usr/bin/python3', '-c', code], jobDir: workspace.dir, jobDirMode, env, readOnlyPaths: [], stdin: '', limits });
  return { outcome, workspace };
}

const layout: SandboxLayout = { system: ['--ro-bind', '/usr', '/usr'], initPath: '/opt/sentinel-init', tmpBytes: 1024, jobDirBytes: 4096, openFiles: 32, rlimitCpu: false, seccomp: true };
const spec = (jobDirMode: JobDirMode) => ({
  argv: ['./main', 'a;b', '`x`', 'new\nline'],
  jobDir: '/work/job-1',
  jobDirMode,
  env: { A: 'b c' },
  readOnlyPaths: ['/opt/tool'],
  stdin: '',
  limits: TEST_LIMITS,
});

test('a spare bwrap unshares every namespace, then reads the run from ARGS_FD and starts sentinel-init as pid 1', (t) => {
  const args = spareArgs(layout);
  t.deepEqual(args.slice(0, 9), ['--unshare-user', '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-cgroup-try', '--disable-userns', '--die-with-parent', '--new-session', '--as-pid-1']);
  t.deepEqual(args.slice(args.indexOf('--hostname'), args.indexOf('--hostname') + 2), ['--hostname', 'sentinel']);
  t.deepEqual(args.slice(args.indexOf('--seccomp'), args.indexOf('--seccomp') + 2), ['--seccomp', String(SECCOMP_FD)]);
  t.deepEqual(args.slice(args.indexOf('--info-fd'), args.indexOf('--info-fd') + 2), ['--info-fd', String(INFO_FD)]);
  t.deepEqual(args.slice(args.indexOf('--tmpfs') + 2), ['--ro-bind', '/opt/sentinel-init', SANDBOX_INIT, '--args', String(ARGS_FD), '--', SANDBOX_INIT, String(SPEC_FD)]);
  t.false(spareArgs({ ...layout, seccomp: false }).includes('--seccomp'));
});

test('runArgs binds the job directory and the pack paths, and clears the environment', (t) => {
  const args = runArgs(spec('writable'), [], layout);
  t.is(args[0], '--unshare-uts', 'the UTS namespace comes with the run, so an empty ARGS_FD stops bwrap before it clones');
  const bind = args.indexOf('--bind');
  t.deepEqual(args.slice(bind, bind + 3), ['--bind', '/work/job-1', SANDBOX_JOB_DIR]);
  t.is(args[args.indexOf('/opt/tool') - 1], '--ro-bind');
  t.deepEqual(args.slice(args.indexOf('--clearenv')), ['--clearenv', '--setenv', 'A', 'b c']);
  t.deepEqual(args.slice(args.indexOf('--remount-ro'), args.indexOf('--remount-ro') + 6), ['--remount-ro', '/dev', '--remount-ro', '/', '--chdir', SANDBOX_JOB_DIR]);
});

test('runArgs gives a test run a capped tmpfs /box holding the job files read-only', (t) => {
  const args = runArgs(spec('snapshot'), ['main', 'classes'], layout);
  t.false(args.includes('--bind'));
  const box = args.indexOf(SANDBOX_JOB_DIR);
  t.deepEqual(args.slice(box - 3, box + 1), ['--size', '4096', '--tmpfs', SANDBOX_JOB_DIR]);
  t.deepEqual(args.slice(box + 1, box + 7), ['--ro-bind', '/work/job-1/main', '/box/main', '--ro-bind', '/work/job-1/classes', '/box/classes']);
});

test('sentinel-init gets the file size and descriptor limits, then the argv word for word', (t) => {
  t.deepEqual(initSpec(spec('writable').argv, TEST_LIMITS, layout), [`fsize=${1024 * 1024}`, 'nofile=32', '--', './main', 'a;b', '`x`', 'new\nline']);
  t.deepEqual([...nulSeparated(['a b', ''])], [...Buffer.from('a b\0\0')]);
  t.throws(() => nulSeparated(['a\0b']), { message: /contains NUL/ });
});

test('without cgroups, sentinel-init also caps CPU seconds per process (SIGXCPU first, SIGKILL a second later)', (t) => {
  t.deepEqual(initSpec(['./main'], { ...TEST_LIMITS, cpuMs: 1500 }, { openFiles: 8, rlimitCpu: true }), [`fsize=${1024 * 1024}`, 'nofile=8', 'cpu=2', '--', './main']);
});

test('the program sees no executor environment, not even through /proc/1/environ', async (t) => {
  process.env.SENTINEL_CANARY_SECRET = 'canary-value';
  const { outcome } = await python(t, 'import os; print(sorted(os.environ)); print(repr(open("/proc/1/environ").read()))');
  t.is(outcome.exitCode, 0, outcome.stderr);
  // PATH from the spec, PWD from bwrap's --chdir, LC_CTYPE from Python itself; pid 1 is the
  // sandbox's sentinel-init, started by bwrap with the same cleared environment.
  t.is(outcome.stdout, "['LC_CTYPE', 'PATH', 'PWD']\n'PATH=/usr/bin:/bin\\x00PWD=/box\\x00'\n");
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

test('the program is not root on the host, and files it writes are not root-owned', async (t) => {
  const { outcome, workspace } = await python(t, 'import os; open("made.txt", "w").write("x"); print(os.getuid(), os.getcwd())');
  t.is(outcome.exitCode, 0, outcome.stderr);
  const made = await stat(path.join(workspace.dir, 'made.txt'));
  t.not(made.uid, 0);
  if (owner) t.is(made.uid, owner.uid);
  t.regex(outcome.stdout, new RegExp(`^\\d+ ${SANDBOX_JOB_DIR}\\n$`));
  await workspace.remove();
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
  const { outcome, workspace } = await python(t, 'import os\nos.makedirs("a/b/c")\nos.symlink("/etc/passwd", "link")\nopen("a/b/c/f", "w").write("x")');
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
  const outcome = await sandbox.run({ argv: ['/usr/bin/python3', '-c', code], jobDir: workspace.dir, jobDirMode: 'snapshot', env, readOnlyPaths: [shared], stdin: '', limits: TEST_LIMITS });
  t.is(outcome.stdout, 'declare const x: number;\n30\n', outcome.stderr); // EROFS
});

test('a memory limit smaller than the program needs to start is MEMORY_LIMIT, not a fault of the sandbox', async (t) => {
  // The spare was moved into its cgroup before the run; what it had allocated stays charged to
  // the executor's group, so even a 1 MiB limit can be set when the run begins.
  const { outcome } = await python(t, 'print("never")', { ...TEST_LIMITS, memoryMb: 1 }, 'snapshot');
  t.is(outcome.exceeded, 'memory', JSON.stringify(outcome));
  t.is(outcome.stdout, '');
});
