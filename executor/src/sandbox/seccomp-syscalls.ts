/**
 * System call numbers for the syscalls the seccomp filter names, per architecture.
 *
 * A seccomp filter sees only a number, and the same name has a different number on each
 * architecture, so a wrong number here silently lets a syscall through. The numbers were copied
 * from the kernel's UAPI headers (linux-libc-dev 6.1) and the test suite re-parses those headers on
 * every run: x86_64 from /usr/include/x86_64-linux-gnu/asm/unistd_64.h, aarch64 from
 * /usr/include/asm-generic/unistd.h (aarch64 uses the generic numbering, with no legacy calls).
 */

/** The architectures the filter is generated for (named as the kernel's audit layer names them). */
export type SeccompArch = 'x86_64' | 'aarch64';

/**
 * Every syscall the policy names. A name missing from an architecture's table does not exist
 * there (umount exists on neither: x86_64 and aarch64 only have umount2), and the policy skips it.
 */
export type SyscallName =
  | 'ptrace' | 'mount' | 'umount' | 'umount2' | 'pivot_root' | 'chroot' | 'unshare' | 'setns'
  | 'keyctl' | 'add_key' | 'request_key' | 'bpf' | 'perf_event_open'
  | 'kexec_load' | 'kexec_file_load' | 'init_module' | 'finit_module' | 'delete_module'
  | 'reboot' | 'swapon' | 'swapoff' | 'acct' | 'userfaultfd'
  | 'process_vm_readv' | 'process_vm_writev' | 'open_by_handle_at' | 'name_to_handle_at'
  | 'fsopen' | 'fsconfig' | 'fsmount' | 'fspick' | 'move_mount' | 'open_tree' | 'mount_setattr'
  | 'quotactl' | 'syslog' | 'vhangup' | 'lookup_dcookie' | 'iopl' | 'ioperm' | 'uselib'
  | 'io_uring_setup' | 'io_uring_enter' | 'io_uring_register' | 'clone3'
  | 'modify_ldt' | 'memfd_secret' | 'kcmp' | 'vmsplice'
  | 'clone' | 'socket' | 'socketpair' | 'ioctl' | 'personality';

export type SyscallTable = Readonly<Partial<Record<SyscallName, number>>>;

/** x86_64 (64-bit ABI) numbers, from asm/unistd_64.h. */
const X86_64: SyscallTable = Object.freeze({
  ptrace: 101, mount: 165, umount2: 166, pivot_root: 155, chroot: 161, unshare: 272, setns: 308,
  keyctl: 250, add_key: 248, request_key: 249, bpf: 321, perf_event_open: 298,
  kexec_load: 246, kexec_file_load: 320, init_module: 175, finit_module: 313, delete_module: 176,
  reboot: 169, swapon: 167, swapoff: 168, acct: 163, userfaultfd: 323,
  process_vm_readv: 310, process_vm_writev: 311, open_by_handle_at: 304, name_to_handle_at: 303,
  fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, move_mount: 429, open_tree: 428, mount_setattr: 442,
  quotactl: 179, syslog: 103, vhangup: 153, lookup_dcookie: 212, iopl: 172, ioperm: 173, uselib: 134,
  io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, clone3: 435,
  modify_ldt: 154, memfd_secret: 447, kcmp: 312, vmsplice: 278,
  clone: 56, socket: 41, socketpair: 53, ioctl: 16, personality: 135,
});

/** aarch64 numbers: the asm-generic table (no umount, iopl, ioperm, uselib or modify_ldt at all). */
const AARCH64: SyscallTable = Object.freeze({
  ptrace: 117, mount: 40, umount2: 39, pivot_root: 41, chroot: 51, unshare: 97, setns: 268,
  keyctl: 219, add_key: 217, request_key: 218, bpf: 280, perf_event_open: 241,
  kexec_load: 104, kexec_file_load: 294, init_module: 105, finit_module: 273, delete_module: 106,
  reboot: 142, swapon: 224, swapoff: 225, acct: 89, userfaultfd: 282,
  process_vm_readv: 270, process_vm_writev: 271, open_by_handle_at: 265, name_to_handle_at: 264,
  fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, move_mount: 429, open_tree: 428, mount_setattr: 442,
  quotactl: 60, syslog: 116, vhangup: 58, lookup_dcookie: 18,
  io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, clone3: 435,
  memfd_secret: 447, kcmp: 272, vmsplice: 75,
  clone: 220, socket: 198, socketpair: 199, ioctl: 29, personality: 92,
});

export const SYSCALL_TABLES: Readonly<Record<SeccompArch, SyscallTable>> = Object.freeze({
  x86_64: X86_64,
  aarch64: AARCH64,
});
