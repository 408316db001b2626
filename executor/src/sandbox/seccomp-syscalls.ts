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
 * Every syscall the policy names, with its number on [x86_64, aarch64] (asm/unistd_64.h; the
 * asm-generic table). null: no such call there (aarch64 has no umount, iopl, ioperm, uselib or
 * modify_ldt; neither has umount, only umount2), and the policy skips it.
 */
const NUMBERS = {
  ptrace: [101, 117], mount: [165, 40], umount: [null, null], umount2: [166, 39],
  pivot_root: [155, 41], chroot: [161, 51], unshare: [272, 97], setns: [308, 268],
  keyctl: [250, 219], add_key: [248, 217], request_key: [249, 218], bpf: [321, 280],
  perf_event_open: [298, 241], kexec_load: [246, 104], kexec_file_load: [320, 294],
  init_module: [175, 105], finit_module: [313, 273], delete_module: [176, 106], reboot: [169, 142],
  swapon: [167, 224], swapoff: [168, 225], acct: [163, 89], userfaultfd: [323, 282],
  process_vm_readv: [310, 270], process_vm_writev: [311, 271], open_by_handle_at: [304, 265],
  name_to_handle_at: [303, 264], fsopen: [430, 430], fsconfig: [431, 431], fsmount: [432, 432],
  fspick: [433, 433], move_mount: [429, 429], open_tree: [428, 428], mount_setattr: [442, 442],
  quotactl: [179, 60], syslog: [103, 116], vhangup: [153, 58], lookup_dcookie: [212, 18],
  iopl: [172, null], ioperm: [173, null], uselib: [134, null], io_uring_setup: [425, 425],
  io_uring_enter: [426, 426], io_uring_register: [427, 427], clone3: [435, 435],
  modify_ldt: [154, null], memfd_secret: [447, 447], kcmp: [312, 272], vmsplice: [278, 75],
  clone: [56, 220], socket: [41, 198], socketpair: [53, 199], ioctl: [16, 29],
  personality: [135, 92],
} as const satisfies Record<string, readonly [number | null, number | null]>;

export type SyscallName = keyof typeof NUMBERS;

export type SyscallTable = Readonly<Partial<Record<SyscallName, number>>>;

const ARCH_COLUMN: Readonly<Record<SeccompArch, 0 | 1>> = { x86_64: 0, aarch64: 1 };

/** One architecture's numbers, without the calls it lacks. */
function tableOf(arch: SeccompArch): SyscallTable {
  const entries = Object.entries(NUMBERS).flatMap(([name, numbers]) => {
    const nr = numbers[ARCH_COLUMN[arch]];
    return nr === null ? [] : [[name, nr] as const];
  });
  return Object.freeze(Object.fromEntries(entries));
}

export const SYSCALL_TABLES: Readonly<Record<SeccompArch, SyscallTable>> = Object.freeze({
  x86_64: tableOf('x86_64'),
  aarch64: tableOf('aarch64'),
});
