/**
 * The bubblewrap command line of a run, built as argument arrays (never a shell string) by pure
 * functions, so tests can read exactly what a run gets. It comes in three parts:
 * - spareArgs: bwrap's own argv, the same for every run: namespaces, the host system read-only,
 *   /proc, /dev, /tmp, the seccomp filter and sentinel-init as pid 1. A spare sandbox is started
 *   with it before its run is known, and waits in bwrap's reading of ARGS_FD (see spare.ts);
 * - runArgs: what bwrap then reads from ARGS_FD: the job directory at /box, the pack's read-only
 *   paths, the working directory and the environment;
 * - initSpec: what sentinel-init reads from SPEC_FD: the program's rlimits and argv.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import type { Limits } from '@sentinel/core';
import type { RunSpec } from './types.js';

/** Where the job directory appears inside the sandbox (also the working directory). */
export const SANDBOX_JOB_DIR = '/box';
export const SANDBOX_HOSTNAME = 'sentinel';
/** Where sentinel-init appears inside the sandbox. */
export const SANDBOX_INIT = '/sentinel-init';
/** Extra descriptors bwrap is given, in this order after stdin, stdout and stderr. */
export const ARGS_FD = 3; // bwrap reads the rest of its options here (NUL-separated) before it does anything
export const INFO_FD = 4; // bwrap writes {"child-pid": N} here once the sandbox exists
export const SECCOMP_FD = 5; // the seccomp filter bwrap installs right before it execs sentinel-init
export const SPEC_FD = 6; // sentinel-init reads the program's rlimits and argv here

export interface SandboxLayout {
  /** From systemBinds(): the host system, read-only. */
  system: readonly string[];
  /** The sentinel-init binary on the host. */
  initPath: string;
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
 * bwrap's argv, the same for every run. The security-relevant options are here rather than in
 * ARGS_FD. Should ARGS_FD close empty (the executor died: its descriptors close a moment before
 * the spare's parent-death signal arrives), bwrap must stop before it clones, or the clone would
 * wait forever for a parent killed a moment later: so the UTS namespace, which --hostname
 * requires, is asked for in ARGS_FD (runArgs), and without it bwrap exits at once.
 */
export function spareArgs(layout: SandboxLayout): string[] {
  return [
    // user, pid, net (loopback only), mount, ipc and cgroup namespaces here; uts in runArgs
    '--unshare-user',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-cgroup-try',
    '--disable-userns', // and the program may not create user namespaces of its own
    '--die-with-parent',
    '--new-session', // no controlling terminal to push keystrokes into (TIOCSTI)
    '--as-pid-1', // sentinel-init is the sandbox's init: it reaps, and bwrap waits for it
    '--hostname', SANDBOX_HOSTNAME,
    '--info-fd', String(INFO_FD),
    ...(layout.seccomp ? ['--seccomp', String(SECCOMP_FD)] : []),
    ...layout.system,
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(layout.tmpBytes), '--tmpfs', '/tmp',
    '--ro-bind', layout.initPath, SANDBOX_INIT,
    '--args', String(ARGS_FD),
    '--', SANDBOX_INIT, String(SPEC_FD),
  ];
}

/**
 * The options bwrap reads from ARGS_FD for one run. `entries` are the job directory's files and
 * folders (never symlinks) bound read-only into a snapshot /box.
 */
export function runArgs(spec: RunSpec, entries: readonly string[], layout: Pick<SandboxLayout, 'jobDirBytes'>): string[] {
  const args = ['--unshare-uts']; // see spareArgs: without it bwrap refuses --hostname and stops
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
  return args;
}

/** What sentinel-init reads (see executor/native/sentinel-init.c): the program's rlimits, then its argv. */
export function initSpec(argv: readonly string[], limits: Limits, layout: Pick<SandboxLayout, 'openFiles' | 'rlimitCpu'>): string[] {
  const settings = [`fsize=${limits.fileSizeKb * 1024}`, `nofile=${layout.openFiles}`];
  // RLIMIT_CPU soft at the limit (SIGXCPU, read as TIME_LIMIT), hard one second later (SIGKILL).
  if (layout.rlimitCpu) settings.push(`cpu=${Math.ceil(limits.cpuMs / 1000)}`);
  return [...settings, '--', ...argv];
}

/** NUL-terminated strings, as bwrap's --args and sentinel-init read them. */
export function nulSeparated(items: readonly string[]): Buffer {
  const bad = items.find((item) => item.includes('\0'));
  if (bad !== undefined) throw new Error(`a sandbox argument contains NUL: ${JSON.stringify(bad)}`);
  return Buffer.from(items.map((item) => `${item}\0`).join(''), 'utf8');
}
