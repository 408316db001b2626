import test, { type ExecutionContext } from 'ava';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { bwrapArgs, SANDBOX_JOB_DIR } from '../src/sandbox/bwrap.js';
import { owner, realSandbox, TEST_LIMITS } from './helpers.js';

const env = { PATH: '/usr/bin:/bin' };

async function python(t: ExecutionContext, code: string, limits = TEST_LIMITS) {
  const { sandbox, workspaces } = await realSandbox(t);
  const workspace = await workspaces.create();
  const outcome = await sandbox.run({ argv: ['/usr/bin/python3', '-c', code], jobDir: workspace.dir, env, readOnlyPaths: [], stdin: '', limits });
  return { outcome, workspace };
}

test('bwrapArgs unshares every namespace, clears the environment and ends with the argv', (t) => {
  const args = bwrapArgs(
    { argv: ['./main', 'a;b', '`x`'], jobDir: '/work/job-1', env: { A: 'b c' }, readOnlyPaths: ['/opt/tool'], stdin: '', limits: TEST_LIMITS },
    ['--ro-bind', '/usr', '/usr'],
    1024,
  );
  t.deepEqual(args.slice(0, 5), ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session']);
  t.true(args.includes('--clearenv'));
  t.deepEqual(args.slice(-4), ['--', './main', 'a;b', '`x`']);
  const bind = args.indexOf('--bind');
  t.deepEqual(args.slice(bind, bind + 3), ['--bind', '/work/job-1', SANDBOX_JOB_DIR]);
  const ro = args.indexOf('/opt/tool');
  t.is(args[ro - 1], '--ro-bind');
  const setenv = args.indexOf('--setenv');
  t.deepEqual(args.slice(setenv, setenv + 3), ['--setenv', 'A', 'b c']);
});

test('the program sees no executor environment, not even through /proc/1/environ', async (t) => {
  process.env.SENTINEL_CANARY_SECRET = 'canary-value';
  const { outcome } = await python(t, 'import os; print(sorted(os.environ)); print(repr(open("/proc/1/environ").read()))');
  t.is(outcome.exitCode, 0, outcome.stderr);
  // PATH from the spec, PWD from bwrap's --chdir, LC_CTYPE from Python itself.
  t.is(outcome.stdout, "['LC_CTYPE', 'PATH', 'PWD']\n''\n");
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
  t.regex(outcome.stdout, /127\.0\.0\.1 ConnectionRefusedError/);
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
  t.true(outcome.wallTimeExceeded);
  t.is(outcome.signal, 'SIGKILL');
  t.true(Date.now() - started < 3_000);
});

test('output past the cap kills the program and keeps exactly the cap', async (t) => {
  const { outcome } = await python(t, 'import sys\nwhile True: sys.stdout.write("x" * 4096)', { ...TEST_LIMITS, outputKb: 8 });
  t.true(outcome.outputExceeded);
  t.is(outcome.stdout.length, 8 * 1024);
});

test('the job directory is removed afterwards, whatever the program left there', async (t) => {
  const { outcome, workspace } = await python(t, 'import os\nos.makedirs("a/b/c")\nos.symlink("/etc/passwd", "link")\nopen("a/b/c/f", "w").write("x")');
  t.is(outcome.exitCode, 0, outcome.stderr);
  await workspace.remove();
  const parent = await readdir(path.dirname(workspace.dir));
  t.false(parent.includes(path.basename(workspace.dir)));
});
