import test from 'ava';
import { readFileSync } from 'node:fs';
import { SandboxUnavailableError } from '@sentinel/core';
import { buildSeccompFilter, SECCOMP_POLICY, seccompArch, type SeccompArch } from '../src/sandbox/seccomp.js';
import { SYSCALL_TABLES } from '../src/sandbox/seccomp-syscalls.js';
import { decode, evaluate, type Verdict } from './helpers/bpf.js';

const ARCHES: readonly SeccompArch[] = ['x86_64', 'aarch64'];
const AUDIT_ARCH = { x86_64: 0xc000003e, aarch64: 0xc00000b7, i386: 0x40000003, arm: 0x40000028 } as const;
const EPERM = 1;
const ENOSYS = 38;
const EAFNOSUPPORT = 97;
const HEADERS = { x86_64: '/usr/include/x86_64-linux-gnu/asm/unistd_64.h', aarch64: '/usr/include/asm-generic/unistd.h' } as const;

/** The policy, written out independently of the generator (x86_64-only names are skipped on aarch64). */
const DENIED_EPERM = [
  'ptrace', 'mount', 'umount2', 'pivot_root', 'chroot', 'unshare', 'setns', 'keyctl', 'add_key', 'request_key',
  'bpf', 'perf_event_open', 'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module',
  'reboot', 'swapon', 'swapoff', 'acct', 'userfaultfd', 'process_vm_readv', 'process_vm_writev',
  'open_by_handle_at', 'name_to_handle_at', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount',
  'open_tree', 'mount_setattr', 'quotactl', 'syslog', 'vhangup', 'lookup_dcookie', 'iopl', 'ioperm', 'uselib',
  'modify_ldt', 'memfd_secret', 'kcmp', 'vmsplice',
];
const DENIED_ENOSYS = ['io_uring_setup', 'io_uring_enter', 'io_uring_register', 'clone3'];
const NAMESPACE_FLAGS = { CLONE_NEWNS: 0x20000n, CLONE_NEWCGROUP: 0x02000000n, CLONE_NEWUTS: 0x04000000n, CLONE_NEWIPC: 0x08000000n, CLONE_NEWUSER: 0x10000000n, CLONE_NEWPID: 0x20000000n, CLONE_NEWNET: 0x40000000n, CLONE_NEWTIME: 0x80n };

/** `#define __NR_<name> <number>` from this machine's kernel headers: the numbers the tests trust. */
function headerNumbers(arch: SeccompArch): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const match of readFileSync(HEADERS[arch], 'utf8').matchAll(/^#define __NR_(\w+)\s+(\d+)\s*$/gm)) numbers.set(match[1]!, Number(match[2]));
  return numbers;
}

function nr(arch: SeccompArch, name: string): number {
  const number = headerNumbers(arch).get(name);
  if (number === undefined) throw new Error(`${name} is not a syscall on ${arch}`);
  return number;
}

function run(arch: SeccompArch, name: string | number, args: readonly bigint[] = []): Verdict {
  return evaluate(buildSeccompFilter(arch), { nr: typeof name === 'number' ? name : nr(arch, name), arch: AUDIT_ARCH[arch], args });
}

const denial = (errno: number) => ({ action: 'ERRNO', errno });
const summary = ({ action, errno }: Verdict) => (errno === undefined ? { action } : { action, errno });

test('the syscall tables match the kernel headers on this machine, name for name', (t) => {
  const names = new Set([...SECCOMP_POLICY.eperm, ...SECCOMP_POLICY.enosys, ...ARCHES.flatMap((arch) => Object.keys(SYSCALL_TABLES[arch]))]);
  for (const arch of ARCHES) {
    const header = headerNumbers(arch);
    t.true(header.size > 300, `${HEADERS[arch]} parsed`);
    for (const name of names) t.is((SYSCALL_TABLES[arch] as Record<string, number | undefined>)[name], header.get(name), `${arch} ${name}`);
  }
  const errno = readFileSync('/usr/include/asm-generic/errno-base.h', 'utf8') + readFileSync('/usr/include/asm-generic/errno.h', 'utf8');
  for (const [name, value] of Object.entries({ EPERM, ENOSYS, EAFNOSUPPORT })) t.regex(errno, new RegExp(`#define\\s+${name}\\s+${value}\\b`));
});

test('seccompArch maps Node architectures and refuses the rest', (t) => {
  t.is(seccompArch('x64'), 'x86_64');
  t.is(seccompArch('arm64'), 'aarch64');
  t.is(seccompArch(), process.arch === 'arm64' ? 'aarch64' : 'x86_64');
  for (const other of ['ia32', 'riscv64', 'ppc64']) {
    const error = t.throws(() => seccompArch(other), { instanceOf: SandboxUnavailableError });
    t.is(error?.message, `no seccomp filter for architecture ${other} (supported: x64, arm64)`);
    t.is(error?.code, 'SANDBOX_UNAVAILABLE');
  }
  t.throws(() => buildSeccompFilter('x86_64', 'BE'), { instanceOf: SandboxUnavailableError, message: 'seccomp filter: big-endian x86_64 is not supported' });
});

test('SECCOMP_POLICY is frozen and lists exactly the planned denials', (t) => {
  t.true(Object.isFrozen(SECCOMP_POLICY) && Object.isFrozen(SECCOMP_POLICY.eperm) && Object.isFrozen(SECCOMP_POLICY.byArgument));
  t.deepEqual([...SECCOMP_POLICY.eperm].filter((name) => name !== 'umount').sort(), [...DENIED_EPERM].sort());
  t.deepEqual([...SECCOMP_POLICY.enosys], DENIED_ENOSYS);
  t.deepEqual(JSON.parse(JSON.stringify(SECCOMP_POLICY)), { ...SECCOMP_POLICY });
});

for (const arch of ARCHES) {
  test(`${arch}: the filter is well formed: whole instructions, in-range jumps, a final return, deterministic`, (t) => {
    const filter = buildSeccompFilter(arch);
    const program = decode(filter);
    t.true(program.length < 4096);
    program.forEach(({ code, jt, jf }, index) => {
      if ((code & 0x07) === 0x05) t.true(index + 1 + Math.max(jt, jf) < program.length, `jump at ${index}`);
    });
    t.is(program.at(-1)?.code, 0x06);
    t.deepEqual(buildSeccompFilter(arch), filter);
  });

  test(`${arch}: a foreign architecture is killed`, (t) => {
    const filter = buildSeccompFilter(arch);
    const other = arch === 'x86_64' ? AUDIT_ARCH.aarch64 : AUDIT_ARCH.x86_64;
    for (const foreign of [other, AUDIT_ARCH.i386, AUDIT_ARCH.arm, 0]) {
      for (const number of [0, nr(arch, 'read'), nr(arch, 'ptrace')]) {
        t.is(evaluate(filter, { nr: number, arch: foreign }).action, 'KILL_PROCESS', `arch 0x${foreign.toString(16)} nr ${number}`);
      }
    }
  });

  test(`${arch}: each denied syscall gets EPERM, io_uring and clone3 get ENOSYS`, (t) => {
    const header = headerNumbers(arch);
    const present = (names: string[]) => names.filter((name) => header.has(name));
    t.is(present(DENIED_EPERM).length, arch === 'x86_64' ? DENIED_EPERM.length : DENIED_EPERM.length - 4, 'aarch64 has no iopl, ioperm, uselib, modify_ldt');
    for (const name of present(DENIED_EPERM)) t.deepEqual(summary(run(arch, name)), denial(EPERM), name);
    for (const name of DENIED_ENOSYS) t.deepEqual(summary(run(arch, name)), denial(ENOSYS), name);
  });

  test(`${arch}: every other syscall number is allowed, whatever its arguments`, (t) => {
    const header = headerNumbers(arch);
    const denied = new Set([...DENIED_EPERM, ...DENIED_ENOSYS].flatMap((name) => header.get(name) ?? []));
    const byArgument = new Set(['clone', 'socket', 'socketpair', 'ioctl', 'personality'].map((name) => nr(arch, name)));
    const noisy = [0xffff_ffff_ffff_ffffn, 0x5412n, 0x10000000n, 2n, 0n, 1n];
    for (let number = 0; number < 1024; number += 1) {
      if (denied.has(number) || byArgument.has(number)) continue;
      t.is(run(arch, number).action, 'ALLOW', `nr ${number}`);
      t.is(run(arch, number, noisy).action, 'ALLOW', `nr ${number} with arguments`);
    }
    for (const name of ['read', 'write', 'openat', 'execve', 'exit_group', 'futex', 'getpid']) t.is(run(arch, name).action, 'ALLOW', name);
  });

  test(`${arch}: clone asking for any namespace gets EPERM; threads, fork and vfork are allowed`, (t) => {
    for (const [flag, bit] of Object.entries(NAMESPACE_FLAGS)) {
      t.deepEqual(summary(run(arch, 'clone', [bit | 17n])), denial(EPERM), flag);
      t.deepEqual(summary(run(arch, 'clone', [bit | 0x3d0f00n])), denial(EPERM), `${flag} with thread flags`);
    }
    const allowed = { thread: 0x3d0f00n, fork: 17n, vfork: 0x4111n, glibcFork: 0x01200011n, highBitsOnly: (1n << 32n) | 17n };
    for (const [what, flags] of Object.entries(allowed)) t.is(run(arch, 'clone', [flags]).action, 'ALLOW', what);
    t.is(run(arch, 'clone', [17n, 0n, 0n, 0n, 0n, NAMESPACE_FLAGS.CLONE_NEWUSER]).action, 'ALLOW', 'flags are argument 0 only');
  });

  test(`${arch}: socket and socketpair allow AF_UNIX only`, (t) => {
    for (const name of ['socket', 'socketpair']) {
      for (const domain of [0n, 2n, 10n, 16n, 17n, 40n]) t.deepEqual(summary(run(arch, name, [domain, 1n, 0n])), denial(EAFNOSUPPORT), `${name} ${domain}`);
      t.is(run(arch, name, [1n, 1n, 0n]).action, 'ALLOW', `${name} AF_UNIX`);
      // The kernel reads domain as an int: high bits are ignored by it, and so by the filter.
      t.is(run(arch, name, [0xffff_ffff_0000_0001n, 1n, 0n]).action, 'ALLOW', `${name} AF_UNIX with high bits`);
      t.deepEqual(summary(run(arch, name, [0x1_0000_0002n])), denial(EAFNOSUPPORT), `${name} AF_INET with high bits`);
    }
  });

  test(`${arch}: ioctl TIOCSTI and TIOCLINUX get EPERM, other requests are allowed`, (t) => {
    t.deepEqual(summary(run(arch, 'ioctl', [0n, 0x5412n])), denial(EPERM), 'TIOCSTI');
    t.deepEqual(summary(run(arch, 'ioctl', [0n, 0x541cn])), denial(EPERM), 'TIOCLINUX');
    t.deepEqual(summary(run(arch, 'ioctl', [0n, 0x1_0000_5412n])), denial(EPERM), 'TIOCSTI with high bits (the kernel truncates to unsigned int)');
    for (const request of [0x5401n, 0x541bn, 0x5413n]) t.is(run(arch, 'ioctl', [0n, request]).action, 'ALLOW', `request 0x${request.toString(16)}`);
    t.is(run(arch, 'ioctl', [0x5412n, 0x5401n]).action, 'ALLOW', 'the request is argument 1, not the fd');
  });

  test(`${arch}: personality allows plain Linux, no randomisation and the query; READ_IMPLIES_EXEC and the rest get EPERM`, (t) => {
    for (const persona of [0n, 0x40000n, 0xffffffffn, 0xffff_ffff_0000_0000n]) t.is(run(arch, 'personality', [persona]).action, 'ALLOW', `0x${persona.toString(16)}`);
    for (const persona of [0x400000n, 0x440000n, 0x8n, 0x0800000n, 0x1_0040_0000n]) t.deepEqual(summary(run(arch, 'personality', [persona])), denial(EPERM), `0x${persona.toString(16)}`);
  });
}

test('x86_64: x32-ABI syscall numbers are denied, aarch64 has no such range', (t) => {
  for (const number of [0x40000000, 0x40000000 + 1, 0x40000000 + 0x200, 0x7fffffff, -1]) t.deepEqual(summary(run('x86_64', number)), denial(EPERM), `nr ${number}`);
  t.is(run('x86_64', 0x3fffffff).action, 'ALLOW');
  t.is(run('aarch64', 0x40000000).action, 'ALLOW');
});
