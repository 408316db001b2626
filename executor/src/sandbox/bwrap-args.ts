/**
 * The bubblewrap command line of one run, built as an argument array (never a shell string) by
 * pure functions, so tests can read exactly what a run gets.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import type { Limits } from '@sentinel/core';
import type { RunSpec } from './types.js';

/** Where the job directory appears inside the sandbox (also the working directory). */
export const SANDBOX_JOB_DIR = '/box';
export const SANDBOX_HOSTNAME = 'sentinel';
/** Extra descriptors bwrap is given, in this order after stdin, stdout and stderr. */
export const INFO_FD = 3; // bwrap writes {"child-pid": N} here once the sandbox exists
export const BLOCK_FD = 4; // bwrap waits for a byte here before it runs the program
export const SECCOMP_FD = 5; // the seccomp filter bwrap installs right before exec
/** util-linux prlimit sets per-process rlimits, then execs the program. */
export const PRLIMIT = '/usr/bin/prlimit';
/**
 * The sandbox's pid 1. bwrap's own init exits as soon as the program does and its outer process
 * then exits without waiting for it, so the init is orphaned to the host's pid 1, which in a
 * container (or this CI machine) may never reap it: one zombie per run. With --as-pid-1 and tini
 * as that pid 1, bwrap waits for its direct child, nothing is orphaned, and the program is pid 2
 * with normal signal semantics (abort() is still SIGABRT). tini exits with 128 + N for signal N.
 */
export const TINI = '/usr/bin/tini';

export interface SandboxLayout {
  /** From systemBinds(): the host system, read-only. */
  system: readonly string[];
  tmpBytes: number;
  jobDirBytes: number;
  openFiles: number;
  /** With no cgroup to sum CPU time, RLIMIT_CPU per process is the fallback. */
  rlimitCpu: boolean;
  seccomp: boolean;
}

/**
 * Binds that give a program the host's /usr read-only and mirror the top-level /bin, /lib, /lib64
 * and /sbin as they are on the host (symlinks into /usr on merged-/usr systems). Computed once.
 */
export function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const top of ['/bin', '/lib', '/lib32', '/lib64', '/sbin']) {
    const stat = lstatSync(top, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else if (stat?.isDirectory()) args.push('--ro-bind', top, top);
  }
  // Debian's alternatives (e.g. /usr/bin/java -> /etc/alternatives/java); nothing else of /etc.
  args.push('--ro-bind-try', '/etc/alternatives', '/etc/alternatives');
  return args;
}

/**
 * The full bwrap argv for one run. `entries` are the job directory's files and folders (never
 * symlinks) bound read-only into a snapshot /box.
 */
export function bwrapArgs(spec: RunSpec, entries: readonly string[], layout: SandboxLayout): string[] {
  const args = [
    '--unshare-all', // user, pid, net (loopback only), mount, ipc, uts, cgroup namespaces
    '--unshare-user',
    '--disable-userns', // and the program may not create user namespaces of its own
    '--die-with-parent',
    '--new-session', // no controlling terminal to push keystrokes into (TIOCSTI)
    '--as-pid-1', // tini is the sandbox's init (see TINI)
    '--hostname', SANDBOX_HOSTNAME,
    '--info-fd', String(INFO_FD),
    '--block-fd', String(BLOCK_FD),
    ...(layout.seccomp ? ['--seccomp', String(SECCOMP_FD)] : []),
    ...layout.system,
  ];
  args.push('--proc', '/proc', '--dev', '/dev', '--size', String(layout.tmpBytes), '--tmpfs', '/tmp');
  // After /tmp, so a pack's path under /tmp (e.g. an install there) is bound over the fresh tmpfs.
  for (const path of spec.readOnlyPaths) args.push('--ro-bind', path, path);
  if (spec.jobDirMode === 'writable') {
    args.push('--bind', spec.jobDir, SANDBOX_JOB_DIR);
  } else {
    args.push('--size', String(layout.jobDirBytes), '--tmpfs', SANDBOX_JOB_DIR);
    for (const name of entries) args.push('--ro-bind', `${spec.jobDir}/${name}`, `${SANDBOX_JOB_DIR}/${name}`);
  }
  args.push(
    // bwrap's root and /dev are tmpfs mounts: read-only, or they are uncapped scratch space.
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--chdir', SANDBOX_JOB_DIR,
    '--clearenv',
  );
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  args.push('--', TINI, '--', ...rlimitArgv(spec.limits, layout), ...spec.argv);
  return args;
}

/** prlimit's argv: per-file size, open files, no core dumps (and CPU seconds as a fallback). */
export function rlimitArgv(limits: Limits, layout: Pick<SandboxLayout, 'openFiles' | 'rlimitCpu'>): string[] {
  const argv = [PRLIMIT, `--fsize=${limits.fileSizeKb * 1024}`, `--nofile=${layout.openFiles}`, '--core=0'];
  // Soft limit first: SIGXCPU at the limit (read as TIME_LIMIT), SIGKILL one second later.
  const seconds = Math.ceil(limits.cpuMs / 1000);
  if (layout.rlimitCpu) argv.push(`--cpu=${seconds}:${seconds + 1}`);
  return [...argv, '--'];
}
