/**
 * Hostile programs that try to get out: read what is not theirs, reach the network, gain
 * privileges, touch host processes, outlive their run, or leave something for the next job. Each
 * test asserts what the program got AND that the host is unchanged afterwards.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { processesWith, useHostile } from './harness.js';

const canary = `canary-${randomUUID()}`;
process.env.SENTINEL_TEST_CANARY = canary; // in the executor's environment, which no program may read
const hostile = useHostile(61_110, 'sentinel-hostile-escape');

const repoRoot = path.resolve(import.meta.dirname, '../../..');

test.serial('host secrets, the app source and config are not there to read', async (t) => {
  const result = await hostile().run('python', `
for p in ("/etc/shadow", "/etc/passwd", "/root/.ssh", "${repoRoot}/package.json", "${repoRoot}/executor/dist/main.js", "/proc/1/root/etc/shadow"):
    try:
        open(p).read()
        print(p, "READ")
    except OSError as error:
        print(p, type(error).__name__)
`);
  t.notRegex(result.output!, /READ/);
  t.regex(result.output!, /\/etc\/shadow FileNotFoundError/);
});

test.serial("the executor's environment is unreadable: /proc/1/environ, /proc/self/environ, printenv", async (t) => {
  // sentinel-init (pid 1) is not dumpable: its environ (empty anyway) is not the program's to read.
  const python = await hostile().run('python', 'import os\ntry:\n    open("/proc/1/environ").read()\nexcept OSError as error:\n    print("pid 1", error.errno)\nprint(open("/proc/self/environ").read(), dict(os.environ))');
  const bash = await hostile().run('bash', 'cat /proc/1/environ 2>/dev/null || echo "pid 1 unreadable"; cat /proc/self/environ; echo; printenv');
  for (const result of [python, bash]) {
    t.is(result.verdict, 'ACCEPTED', result.error);
    t.regex(result.output!, /^pid 1 (13|unreadable)\n/);
    t.false(result.output!.includes(canary));
    t.false(result.output!.includes('REDIS_URL'));
  }
  const printed = bash.output!.split('\n').slice(2).filter(Boolean);
  t.deepEqual(printed.map((line) => line.split('=')[0]).sort(), ['LANG', 'PATH', 'PWD', 'SHLVL', '_']);
});

test.serial("the host's processes are invisible: only the sandbox's own are in /proc", async (t) => {
  const result = await hostile().run('python', `
import os
pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
names = [open(f"/proc/{p}/comm").read().strip() for p in pids if os.path.exists(f"/proc/{p}/comm")]
print(pids, names, os.uname().nodename)
`);
  t.is(result.output, "[1, 2] ['sentinel-init', 'python3'] sentinel\n");
});

test.serial("another job's directory and the work root are out of reach", async (t) => {
  const other = await hostile().real.workspaces.create();
  await writeFile(path.join(other.dir, 'secret'), canary);
  try {
    const result = await hostile().run('python', `
import os
for p in ("${other.dir}/secret", "${path.dirname(other.dir)}"):
    try:
        print(p, open(p).read() if p.endswith("secret") else os.listdir(p))
    except OSError as error:
        print(p, type(error).__name__)
print(sorted(os.listdir("/")))
`);
    t.false(result.output!.includes(canary));
    t.regex(result.output!, /secret FileNotFoundError/);
    t.regex(result.output!, /\['bin', 'box', 'dev', 'etc', 'job', 'lib', 'lib64', 'proc', 'sbin', 'sentinel-init', 'tmp', 'usr'\]\n$/);
  } finally {
    await other.remove();
  }
});

test.serial('Redis on loopback and outside addresses cannot be reached', async (t) => {
  const port = new URL(hostile().redis.url).port;
  const result = await hostile().run('python', `
import socket
for host, port in (("127.0.0.1", ${port}), ("1.1.1.1", 53), ("169.254.169.254", 80)):
    try:
        socket.create_connection((host, port), timeout=1).close()
        print(host, "CONNECTED")
    except OSError as error:
        print(host, error.errno)
try:
    socket.socket(socket.AF_INET6).close()
    print("inet6 OPEN")
except OSError as error:
    print("inet6", error.errno)
`);
  t.is(result.output, '127.0.0.1 97\n1.1.1.1 97\n169.254.169.254 97\ninet6 97\n'); // EAFNOSUPPORT from seccomp
});

test.serial('user namespaces, ptrace and mount are refused', async (t) => {
  const code = `#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <unistd.h>
int main(void) {
  printf("unshare %d\\n", unshare(CLONE_NEWUSER) ? errno : 0);
  printf("ptrace-attach %d\\n", ptrace(PTRACE_ATTACH, 1, 0, 0) ? errno : 0);
  printf("ptrace-traceme %d\\n", ptrace(PTRACE_TRACEME, 0, 0, 0) ? errno : 0);
  printf("mount %d\\n", mount("none", "/tmp", "tmpfs", 0, "") ? errno : 0);
  printf("chroot %d\\n", chroot("/tmp") ? errno : 0);
}`;
  const c = await hostile().run('c', code);
  t.is(c.output, 'unshare 1\nptrace-attach 1\nptrace-traceme 1\nmount 1\nchroot 1\n'); // EPERM
  const bash = await hostile().run('bash', 'unshare -Ur id || echo refused');
  t.regex(bash.output!, /refused\n$/);
  t.notRegex(bash.output!, /uid=0/);
});

test.serial('a program cannot kill a host process, even with kill(-1)', async (t) => {
  const victim = spawn('/usr/bin/sleep', ['3600'], { stdio: 'ignore' });
  t.teardown(() => victim.kill('SIGKILL'));
  const result = await hostile().run('python', `
import os, signal
for target in (${victim.pid}, -1):
    try:
        os.kill(target, signal.SIGKILL)
        print(target, "sent")
    except OSError as error:
        print(target, error.errno)
`);
  t.is(result.verdict, 'ACCEPTED');
  t.regex(result.output!, new RegExp(`^${victim.pid} 3\\n`)); // ESRCH: not in the sandbox's pid namespace
  t.is(victim.exitCode, null);
  t.is(victim.signalCode, null);
});

test.serial('a daemonized child (setsid, double fork) does not outlive its run', async (t) => {
  const marker = String(600_000 + Math.floor(Math.random() * 99_999));
  const bash = await hostile().run('bash', `setsid sleep ${marker} </dev/null >/dev/null 2>&1 &\n( ( sleep ${marker} & ) & )\necho started`);
  t.is(bash.output, 'started\n');
  const c = await hostile().run('c', `#include <unistd.h>
int main(void) { if (fork() == 0) { setsid(); if (fork() == 0) { char *argv[] = {"sleep", "${marker}", 0}; execv("/usr/bin/sleep", argv); } } return 0; }`);
  t.is(c.verdict, 'ACCEPTED');
  t.deepEqual(await processesWith(`sleep ${marker}`), []);
});

test.serial('nothing a job leaves behind is visible to the next job, or to its own next test', async (t) => {
  const first = await hostile().run('python', 'open("/tmp/leftover", "w").write("x")\nopen("leftover", "w").write("x")\nprint("ok")', {
    testCases: [{ input: '', expected: 'ok' }],
  });
  t.is(first.verdict, 'ACCEPTED');
  const check = 'import os\nprint(os.path.exists("/tmp/leftover"), os.path.exists("leftover"))\nopen("leftover", "w")';
  const second = await hostile().run('python', check, { testCases: [{ input: '', expected: 'False False' }, { input: '', expected: 'False False' }] });
  t.deepEqual(second.testCases.map((run) => run.verdict), ['ACCEPTED', 'ACCEPTED']);
});

test.serial('only stdin, stdout and stderr are open in the program', async (t) => {
  const result = await hostile().run('bash', 'ls /proc/self/fd');
  t.is(result.output, '0\n1\n2\n3\n'); // 3 is ls's own handle on /proc/self/fd
});

test.serial('newlines, semicolons, backticks and $() in code and input are data, never shell', async (t) => {
  const input = 'a;b `id` $(id) \'q\' "d"\nline two; rm -rf /';
  const result = await hostile().run('python', 'import sys\nsys.stdout.write(sys.stdin.read())', { testCases: [{ input, expected: input }] });
  t.is(result.verdict, 'ACCEPTED');
  t.is(result.testCases[0]!.actualOutput, input);
});

test.serial('the host stays out of /proc: kernel command line, symbols and load figures are masked, and mountinfo names no install path', async (t) => {
  const result = await hostile().run('python', `
for name in ("cmdline", "kallsyms", "loadavg", "uptime"):
    try:
        print(name, len(open("/proc/" + name).read()))
    except OSError as error:
        print(name, error.errno)
print(open("/proc/self/mountinfo").read())
`);
  t.is(result.verdict, 'ACCEPTED', result.error);
  const [masks, mountinfo] = [result.output!.split('\n').slice(0, 4), result.output!.split('\n').slice(4).join('\n')];
  t.deepEqual(masks, ['cmdline 13', 'kallsyms 13', 'loadavg 13', 'uptime 13'], 'EACCES: /dev/null over each, on a nodev mount');
  t.false(mountinfo.includes(repoRoot), 'where the executor is installed');
  t.regex(mountinfo, / \/sentinel-init ro,/);
  t.notRegex(mountinfo, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no job id: job directories have random names');
});

test.serial('request args reach the program as sent: placeholders are the pack command\'s, never the request\'s', async (t) => {
  const result = await hostile().run('python', 'import sys\nprint(sys.argv[1:])', { args: ['{memoryMb}', '$HOME', '`id`'] });
  t.is(result.output, "['{memoryMb}', '$HOME', '`id`']\n");
});
