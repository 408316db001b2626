/**
 * The sandbox's seccomp filter: a classic-BPF program that bwrap installs (`--seccomp FD`: bwrap
 * reads the fd to EOF, sets PR_SET_NO_NEW_PRIVS and loads it right before exec'ing the command).
 *
 * The policy is a deny list on top of bwrap's namespaces: calls that reach kernel attack surface a
 * judged program never needs (namespaces, mounts, keyrings, eBPF, perf, modules, ptrace...) fail
 * with EPERM; io_uring and clone3 fail with ENOSYS so runtimes take their fallback paths (clone3's
 * flags sit in memory a filter cannot read, clone's are a register it can); sockets other than
 * AF_UNIX fail with EAFNOSUPPORT. A call from a foreign ABI (32-bit `int 0x80` on x86_64) kills the
 * process, since its numbers mean other syscalls and would slip past every check below.
 *
 * Shape: load arch, kill if foreign; load nr; then blocks of the form "jeq nr,... else skip the
 * body" whose body always returns, so every jump is short and local; the default is ALLOW. The
 * kernel can then cache ALLOW for every syscall whose path never reads an argument.
 */
import os from 'node:os';
import { SandboxUnavailableError, SentinelError } from '@sentinel/core';
import { SYSCALL_TABLES, type SeccompArch, type SyscallName } from './seccomp-syscalls.js';

export type { SeccompArch } from './seccomp-syscalls.js';

// Classic BPF opcodes (linux/bpf_common.h): an opcode ORs an instruction class with its size and
// addressing mode (loads) or its comparison and operand source (jumps).
const BPF_CLASS_MASK = 0x07; // the low 3 bits of an opcode are its class
const BPF_LD = 0x00; // class: load into the accumulator A
const BPF_JMP = 0x05; // class: compare A with k, then skip jt or jf instructions
const BPF_RET = 0x06; // class: stop and return a verdict
const BPF_W = 0x00; // load size: 32-bit word (seccomp accepts only word loads)
const BPF_ABS = 0x20; // load mode: from a fixed byte offset k into struct seccomp_data
const BPF_JEQ = 0x10; // jump test: A == k
const BPF_JGE = 0x30; // jump test: A >= k (unsigned)
const BPF_JSET = 0x40; // jump test: (A & k) != 0
const BPF_K = 0x00; // operand: the constant k (not the X register)

const LOAD_WORD = BPF_LD | BPF_W | BPF_ABS; // 0x20: A = u32 at seccomp_data + k
const JUMP_EQ = BPF_JMP | BPF_JEQ | BPF_K; // 0x15
const JUMP_GE = BPF_JMP | BPF_JGE | BPF_K; // 0x35
const JUMP_SET = BPF_JMP | BPF_JSET | BPF_K; // 0x45
const RETURN = BPF_RET | BPF_K; // 0x06: return k

/** jt and jf are u8 fields: a conditional jump can skip at most 255 instructions. */
const MAX_JUMP = 0xff;
/** The kernel refuses longer programs (BPF_MAXINSNS). */
const MAX_INSTRUCTIONS = 4096;
/** struct sock_filter: u16 code, u8 jt, u8 jf, u32 k. */
const INSTRUCTION_BYTES = 8;

// struct seccomp_data { int nr; u32 arch; u64 instruction_pointer; u64 args[6]; }
const NR_OFFSET = 0;
const ARCH_OFFSET = 4;
const ARGS_OFFSET = 16;
const ARG_BYTES = 8;

// Verdicts (linux/seccomp.h). ERRNO carries the errno in its low 16 bits (SECCOMP_RET_DATA).
const SECCOMP_RET_KILL_PROCESS = 0x80000000; // kill every thread, as by SIGSYS
const SECCOMP_RET_ERRNO = 0x00050000; // skip the call; it returns -1 with errno set
const SECCOMP_RET_DATA = 0x0000ffff;
const SECCOMP_RET_ALLOW = 0x7fff0000;

/** AUDIT_ARCH_* (linux/audit.h): ELF machine | __AUDIT_ARCH_64BIT 0x80000000 | __AUDIT_ARCH_LE 0x40000000. */
const AUDIT_ARCH: Readonly<Record<SeccompArch, number>> = Object.freeze({
  x86_64: 0xc000003e, // EM_X86_64 = 62
  aarch64: 0xc00000b7, // EM_AARCH64 = 183
});
/** x86_64 marks x32-ABI syscalls with this bit in nr; they share AUDIT_ARCH_X86_64. */
const X32_SYSCALL_BIT = 0x40000000;

// errno values (asm-generic/errno-base.h, errno.h; x86_64 and aarch64 share them).
const EPERM = 1;
const ENOSYS = 38;
const EAFNOSUPPORT = 97;

/** clone flags that create namespaces (linux/sched.h). clone() uses only the low 32 bits of flags. */
const CLONE_NAMESPACE_FLAGS =
  0x00000080 | // CLONE_NEWTIME (in clone()'s flags this bit is part of the exit signal; denied anyway)
  0x00020000 | // CLONE_NEWNS
  0x02000000 | // CLONE_NEWCGROUP
  0x04000000 | // CLONE_NEWUTS
  0x08000000 | // CLONE_NEWIPC
  0x10000000 | // CLONE_NEWUSER
  0x20000000 | // CLONE_NEWPID
  0x40000000; // CLONE_NEWNET
/** The one socket domain allowed (linux/socket.h). */
const SOCKET_DOMAINS = Object.freeze({ AF_UNIX: 1 });
/** ioctl requests refused (asm-generic/ioctls.h): push bytes into a terminal's input, console controls. */
const DENIED_IOCTLS = Object.freeze({ TIOCSTI: 0x5412, TIOCLINUX: 0x541c });
/**
 * personality(2) values a program may set (linux/personality.h): plain Linux, and Linux without
 * address-space randomisation (some runtimes re-exec so); 0xffffffff only reads the current one.
 * READ_IMPLIES_EXEC (made every readable mapping executable) and the other flags are refused.
 */
const PERSONAS = Object.freeze({ PER_LINUX: 0x0000000, ADDR_NO_RANDOMIZE: 0x0040000, QUERY: 0xffffffff });

const DENIED_EPERM: readonly SyscallName[] = Object.freeze<SyscallName[]>([
  'ptrace', 'mount', 'umount', 'umount2', 'pivot_root', 'chroot', 'unshare', 'setns',
  'keyctl', 'add_key', 'request_key', 'bpf', 'perf_event_open',
  'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module',
  'reboot', 'swapon', 'swapoff', 'acct', 'userfaultfd',
  'process_vm_readv', 'process_vm_writev', 'open_by_handle_at', 'name_to_handle_at',
  'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount', 'open_tree', 'mount_setattr',
  'quotactl', 'syslog', 'vhangup', 'lookup_dcookie', 'iopl', 'ioperm', 'uselib',
  // No bundled runtime needs these: x86 segment tables (Wine, DOS emulators), memory hidden even
  // from the kernel, comparing other processes' kernel objects, splicing user pages into pipes.
  'modify_ldt', 'memfd_secret', 'kcmp', 'vmsplice',
]);
const DENIED_ENOSYS: readonly SyscallName[] = Object.freeze<SyscallName[]>([
  'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'clone3',
]);

export interface SeccompPolicy {
  readonly default: string;
  readonly foreignArchitecture: string;
  readonly x32: string;
  /** Fail with EPERM (names absent on an architecture are skipped there). */
  readonly eperm: readonly SyscallName[];
  /** Fail with ENOSYS, so callers fall back as on an older kernel. */
  readonly enosys: readonly SyscallName[];
  readonly byArgument: readonly string[];
}

/** What the filter does, for /health and the docs. Generated from the same lists as the filter. */
export const SECCOMP_POLICY: SeccompPolicy = Object.freeze({
  default: 'allow',
  foreignArchitecture: 'process killed (e.g. 32-bit int 0x80 syscalls on x86_64)',
  x32: 'x86_64 x32-ABI syscalls (nr >= 0x40000000) fail with EPERM',
  eperm: DENIED_EPERM,
  enosys: DENIED_ENOSYS,
  byArgument: Object.freeze([
    'clone: EPERM when flags ask for a namespace (NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME); threads and fork allowed',
    'socket, socketpair: EAFNOSUPPORT for every domain but AF_UNIX',
    'ioctl: EPERM for TIOCSTI and TIOCLINUX',
    'personality: EPERM for anything but PER_LINUX, ADDR_NO_RANDOMIZE and the query (no READ_IMPLIES_EXEC)',
  ]),
});

/** The generator produced a program the kernel would reject or misread: a bug here, never retried. */
export class SeccompFilterError extends SentinelError {
  readonly code = 'SECCOMP_FILTER_INVALID';
  override readonly retryable = false;
}

interface Instruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}

/** Maps Node's process.arch to the filter's architecture; other hosts get no sandbox (fail closed). */
export function seccompArch(nodeArch: string = process.arch): SeccompArch {
  if (nodeArch === 'x64') return 'x86_64';
  if (nodeArch === 'arm64') return 'aarch64';
  throw new SandboxUnavailableError(`no seccomp filter for architecture ${nodeArch} (supported: x64, arm64)`);
}

/**
 * The filter as bwrap reads it: struct sock_filter[] in the host's byte order. Both supported
 * AUDIT_ARCH values are the little-endian variants, and the argument loads below read the low half
 * of a u64 at its first 4 bytes, so a big-endian host is refused rather than silently mis-filtered.
 */
export function buildSeccompFilter(arch: SeccompArch, endianness: 'LE' | 'BE' = os.endianness()): Buffer {
  if (endianness !== 'LE') throw new SandboxUnavailableError(`seccomp filter: big-endian ${arch} is not supported`);
  const table = SYSCALL_TABLES[arch];
  const numbers = (names: readonly SyscallName[]): number[] => names.flatMap((name) => table[name] ?? []);
  const program: Instruction[] = [
    // Jump offsets count instructions skipped: "1, 0" = on match skip the next one, else run it.
    statement(LOAD_WORD, ARCH_OFFSET),
    jump(JUMP_EQ, AUDIT_ARCH[arch], 1, 0),
    statement(RETURN, SECCOMP_RET_KILL_PROCESS),
    statement(LOAD_WORD, NR_OFFSET),
    ...(arch === 'x86_64' ? [jump(JUMP_GE, X32_SYSCALL_BIT, 0, 1), fail(EPERM)] : []),
    ...onSyscalls(numbers(DENIED_EPERM), [fail(EPERM)]),
    ...onSyscalls(numbers(DENIED_ENOSYS), [fail(ENOSYS)]),
    ...onSyscalls(numbers(['clone']), [
      loadArgLow32(0),
      jump(JUMP_SET, CLONE_NAMESPACE_FLAGS, 0, 1),
      fail(EPERM),
      ALLOW,
    ]),
    // The kernel takes domain as an int and the ioctl request as an unsigned int, so the low 32
    // bits are exactly what it acts on; high bits cannot smuggle a value past these checks.
    ...onSyscalls(numbers(['socket', 'socketpair']), argumentIn(0, Object.values(SOCKET_DOMAINS), ALLOW, fail(EAFNOSUPPORT))),
    ...onSyscalls(numbers(['ioctl']), argumentIn(1, Object.values(DENIED_IOCTLS), fail(EPERM), ALLOW)),
    // The kernel takes the persona as an unsigned int: the low 32 bits are all of it.
    ...onSyscalls(numbers(['personality']), argumentIn(0, Object.values(PERSONAS), ALLOW, fail(EPERM))),
    ALLOW,
  ];
  return encode(program);
}

/**
 * `if (nr is one of nrs) { body }`: one JEQ per number, each jumping to the body, the last one
 * skipping the body when nothing matched. The body must always return (it may clobber A, which
 * holds nr for the blocks that follow) and its jumps must stay inside it.
 */
function onSyscalls(nrs: readonly number[], body: readonly Instruction[]): Instruction[] {
  if (nrs.length === 0) return [];
  body.forEach((instruction, index) => {
    if (jumpsPast(instruction, index, body.length)) {
      throw new SeccompFilterError(`seccomp block body jumps out of itself at instruction ${index}`);
    }
  });
  if (body.at(-1)?.code !== RETURN) throw new SeccompFilterError('seccomp block body must end in a return');
  return oneOf(nrs, body);
}

/** `if (A is one of values) { body }`: one JEQ per value, the last one skipping the body when none matched. */
function oneOf(values: readonly number[], body: readonly Instruction[]): Instruction[] {
  const last = values.length - 1;
  const tests = values.map((value, index) => (index < last ? jump(JUMP_EQ, value, last - index, 0) : jump(JUMP_EQ, value, 0, body.length)));
  return [...tests, ...body];
}

/** Returns `ifIn` when the low 32 bits of args[index] are one of `values`, else `otherwise`. */
function argumentIn(index: number, values: readonly number[], ifIn: Instruction, otherwise: Instruction): Instruction[] {
  return [loadArgLow32(index), ...oneOf(values, [ifIn]), otherwise];
}

/** Whether a jump at `index` can land at or beyond `length` (only BPF_JMP instructions jump). */
function jumpsPast(instruction: Instruction, index: number, length: number): boolean {
  const isJump = (instruction.code & BPF_CLASS_MASK) === BPF_JMP;
  return isJump && index + 1 + Math.max(instruction.jt, instruction.jf) >= length;
}

function statement(code: number, k: number): Instruction {
  return { code, jt: 0, jf: 0, k };
}

function jump(code: number, k: number, jt: number, jf: number): Instruction {
  for (const offset of [jt, jf]) {
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_JUMP) {
      throw new SeccompFilterError(`seccomp jump offset ${offset} does not fit in u8 (0..${MAX_JUMP})`);
    }
  }
  return { code, jt, jf, k };
}

const ALLOW = statement(RETURN, SECCOMP_RET_ALLOW);

function fail(errno: number): Instruction {
  return statement(RETURN, SECCOMP_RET_ERRNO | (errno & SECCOMP_RET_DATA));
}

/** Loads the low 32 bits of args[index]: on a little-endian host they are the u64's first 4 bytes. */
function loadArgLow32(index: number): Instruction {
  return statement(LOAD_WORD, ARGS_OFFSET + ARG_BYTES * index);
}

/** Checks what the kernel's verifier would (length, in-range jumps, a final return) and serialises. */
function encode(program: readonly Instruction[]): Buffer {
  if (program.length > MAX_INSTRUCTIONS) throw new SeccompFilterError(`seccomp filter has ${program.length} instructions (max ${MAX_INSTRUCTIONS})`);
  if (program.at(-1)?.code !== RETURN) throw new SeccompFilterError('seccomp filter must end in a return');
  const buffer = Buffer.alloc(program.length * INSTRUCTION_BYTES);
  program.forEach((instruction, index) => {
    if (jumpsPast(instruction, index, program.length)) {
      throw new SeccompFilterError(`seccomp jump at instruction ${index} lands past the end of the filter`);
    }
    const offset = index * INSTRUCTION_BYTES;
    buffer.writeUInt16LE(instruction.code, offset);
    buffer.writeUInt8(instruction.jt, offset + 2);
    buffer.writeUInt8(instruction.jf, offset + 3);
    buffer.writeUInt32LE(instruction.k >>> 0, offset + 4);
  });
  return buffer;
}
