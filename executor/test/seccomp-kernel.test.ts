/**
 * The seccomp filter in the real kernel: C probes, threads, fork, node, python and java run under
 * bwrap with the filter (and without it, as a control). The generator itself is tested against a
 * BPF interpreter in seccomp.test.ts.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile, spawn } from 'node:child_process';
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Writable } from 'node:stream';
import { buildSeccompFilter, seccompArch } from '../src/sandbox/seccomp.js';

const EPERM = 1;
const ENOSYS = 38;
const EAFNOSUPPORT = 97;

const FIXTURES = fileURLToPath(new URL('./fixtures/seccomp/', import.meta.url));
const execFileAsync = promisify(execFile);
/** When the tests run as root, the sandbox runs as nobody, as the executor does. */
const owner = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A private directory for compiled programs, readable by the sandbox uid, removed after the test. */
async function workDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-seccomp-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await chmod(dir, 0o755);
  return dir;
}

async function compileC(t: ExecutionContext, name: string): Promise<string> {
  const dir = await workDir(t);
  const binary = path.join(dir, name);
  await execFileAsync('/usr/bin/gcc', ['-O1', '-Wall', '-Wextra', '-Werror', '-pthread', '-o', binary, path.join(FIXTURES, `${name}.c`)]);
  return binary;
}

/** Top-level /lib, /lib64 and /bin as they are on this host: links into /usr (merged /usr) or directories. */
function systemLinks(): string[] {
  return ['/lib', '/lib64', '/bin'].flatMap((top) => {
    const stat = lstatSync(top, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) return ['--symlink', readlinkSync(top), top];
    return stat?.isDirectory() ? ['--ro-bind', top, top] : [];
  });
}

/** Runs argv under bwrap, with the filter on fd 3 (or, for control runs, without any filter). */
function sandboxed(argv: readonly string[], filter: Buffer | undefined, binds: readonly string[] = []): Promise<Exit> {
  const args = ['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session', '--ro-bind', '/usr', '/usr', ...systemLinks(), '--proc', '/proc', '--dev', '/dev'];
  for (const bind of binds) args.push('--ro-bind', bind, bind);
  if (filter) args.push('--seccomp', '3');
  args.push('--', ...argv);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/bwrap', args, { env: {}, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], ...owner });
    const output = { stdout: '', stderr: '' };
    child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...output });
    });
    child.stdin!.end();
    const filterPipe = child.stdio[3] as Writable;
    // If bwrap dies before reading the filter, its exit status is the report, not an EPIPE crash.
    filterPipe.on('error', (error) => (output.stderr += `filter pipe: ${error.message}\n`));
    filterPipe.end(filter ?? Buffer.alloc(0));
  });
}

const HOST_ARCH = seccompArch();
const HOST_FILTER = buildSeccompFilter(HOST_ARCH);

/** What probe.c must print under the filter (0: the call succeeded). */
const PROBE_EXPECTED: Record<string, number> = {
  ptrace: EPERM, mount: EPERM, umount2: EPERM, chroot: EPERM, unshare: EPERM, setns: EPERM, keyctl: EPERM,
  add_key: EPERM, request_key: EPERM, bpf: EPERM, perf_event_open: EPERM, userfaultfd: EPERM,
  process_vm_readv: EPERM, process_vm_writev: EPERM, open_tree: EPERM, mount_setattr: EPERM, lookup_dcookie: EPERM,
  io_uring_setup: ENOSYS, io_uring_enter: ENOSYS, io_uring_register: ENOSYS, clone3: ENOSYS,
  clone_newuser: EPERM, clone_fork: 0,
  socket_inet: EAFNOSUPPORT, socket_inet6: EAFNOSUPPORT, socket_netlink: EAFNOSUPPORT, socket_unix: 0,
  socketpair_unix: 0, socketpair_inet: EAFNOSUPPORT,
  tiocsti: EPERM, tiocsti_high_bits: EPERM, tioclinux: EPERM,
  memfd_secret: EPERM, kcmp: EPERM, vmsplice: EPERM,
  personality_read_implies_exec: EPERM, personality_linux: 0, personality_query: 0,
  ...(HOST_ARCH === 'x86_64' ? { modify_ldt: EPERM, iopl: EPERM, ioperm: EPERM, uselib: EPERM, x32_getpid: EPERM } : {}),
};

function parseProbe(exit: Exit): Record<string, number> {
  return Object.fromEntries(exit.stdout.trim().split('\n').map((line) => {
    const [name, errno] = line.split(' ');
    return [name!, Number(errno)];
  }));
}

test('kernel: under the filter every restricted call gets the planned errno', async (t) => {
  const probe = await compileC(t, 'probe');
  const exit = await sandboxed([probe], HOST_FILTER, [path.dirname(probe)]);
  t.is(exit.code, 0, exit.stderr);
  t.deepEqual(parseProbe(exit), PROBE_EXPECTED);
});

test('kernel: without the filter the same calls get other answers, so those answers were the filter', async (t) => {
  const probe = await compileC(t, 'probe');
  const exit = await sandboxed([probe], undefined, [path.dirname(probe)]);
  t.is(exit.code, 0, exit.stderr);
  const control = parseProbe(exit);
  t.deepEqual(Object.keys(control).sort(), Object.keys(PROBE_EXPECTED).sort());
  for (const [name, filtered] of Object.entries(PROBE_EXPECTED)) {
    if (filtered === 0) t.is(control[name], 0, name);
    else t.not(control[name], filtered, `${name} answers ${filtered} even without the filter`);
  }
});

test('kernel: threads, fork and posix_spawn work under the filter (clone3 falls back to clone)', async (t) => {
  const binary = await compileC(t, 'threads');
  const exit = await sandboxed([binary], HOST_FILTER, [path.dirname(binary)]);
  t.is(exit.code, 0, exit.stderr);
  t.is(exit.stdout, 'threads 4 sum 10 fork 7 spawn 0\n');
});

// The filter kills the process with SIGSYS; a kernel without 32-bit emulation answers SIGSEGV
// first. What matters is that the call never returns and the process dies of a signal.
(HOST_ARCH === 'x86_64' ? test : test.skip)('kernel: a 32-bit int 0x80 syscall kills the process, and only under the filter', async (t) => {
  const binary = await compileC(t, 'int80');
  const [filtered, control] = await Promise.all([sandboxed([binary], HOST_FILTER, [path.dirname(binary)]), sandboxed([binary], undefined, [path.dirname(binary)])]);
  t.is(filtered.stdout, 'before\n', 'the call did not return');
  const { SIGSYS, SIGSEGV } = os.constants.signals;
  t.true([128 + SIGSYS, 128 + SIGSEGV].includes(filtered.code ?? -1), `bwrap exits 128 + SIGSYS or SIGSEGV (got ${filtered.code})`);
  // Kernels without IA32 emulation (ia32_emulation=0, as here on 6.18) refuse the call themselves.
  if (control.stdout === 'before\n') t.log(`this kernel runs no 32-bit system calls at all (control exit ${control.code})`);
  else {
    t.regex(control.stdout, /^before\nafter \d+\n$/);
    t.is(control.code, 0, control.stderr);
  }
});

test('kernel: node runs, with a worker thread and a child process', async (t) => {
  const script = `
    const { Worker } = require('node:worker_threads');
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(6 * 7)', { eval: true });
    worker.on('message', (answer) => {
      console.log(answer, require('node:child_process').execFileSync('/usr/bin/echo', ['child']).toString().trim());
      worker.terminate();
    });`;
  const [simple, threaded] = await Promise.all([sandboxed(['/usr/bin/node', '-e', 'console.log(1+1)'], HOST_FILTER), sandboxed(['/usr/bin/node', '-e', script], HOST_FILTER)]);
  t.is(simple.stdout, '2\n', simple.stderr);
  t.is(threaded.stdout, '42 child\n', threaded.stderr);
  t.is(threaded.code, 0);
});

test('kernel: python runs, with a thread that starts a subprocess', async (t) => {
  const code = 'import threading, subprocess\nout = []\nthread = threading.Thread(target=lambda: out.append(subprocess.run(["/usr/bin/echo", "child"], capture_output=True, text=True).stdout))\nthread.start(); thread.join(); print(out[0], end="")';
  const exit = await sandboxed(['/usr/bin/python3', '-I', '-c', code], HOST_FILTER);
  t.is(exit.stdout, 'child\n', exit.stderr);
  t.is(exit.code, 0);
});

test('kernel: java runs, with a thread and a child process', async (t) => {
  const dir = await workDir(t);
  await execFileAsync('/usr/bin/javac', ['-d', dir, path.join(FIXTURES, 'Threads.java')]);
  await chmod(path.join(dir, 'Threads.class'), 0o644);
  const exit = await sandboxed([realpathSync('/usr/bin/java'), '-XX:-UsePerfData', '-cp', dir, 'Threads'], HOST_FILTER, [dir]);
  t.is(exit.stdout, 'thread 42 child 0\n', exit.stderr);
  t.is(exit.code, 0);
});
