/**
 * The bubblewrap command line of a run, built as argument arrays (never a shell string) by pure
 * functions, so tests can read exactly what a run gets. It comes in three parts:
 * - spareArgs: bwrap's own argv, the same for every run: namespaces, the host system read-only,
 *   /proc (with the host's figures masked), /dev, /tmp, the seccomp filter and sentinel-init as
 *   pid 1. A spare sandbox is started with it before its run is known, and waits in bwrap's
 *   reading of ARGS_FD (see spare.ts);
 * - runArgs: what bwrap then reads from ARGS_FD: the job's files read-only at /job, a fresh
 *   size-capped /box, the pack's read-only paths, the working directory and the environment;
 * - initSpec: what sentinel-init reads from SPEC_FD: the program's rlimits, how /box is filled and
 *   emptied, the watcher's bounds when no cgroup bounds the run, and the argv.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { Limits } from '@sentinel/core';
import { SandboxFailedError } from './errors.js';
import type { RunSpec } from './types.js';

/** The run's working directory: a tmpfs of its own, capped, gone with the run. */
export const SANDBOX_JOB_DIR = '/box';
/** The job's files (the source, or what the compile step left), read-only. */
export const SANDBOX_FILES_DIR = '/job';
export const SANDBOX_HOSTNAME = 'sentinel';
/** Where sentinel-init appears inside the sandbox. */
export const SANDBOX_INIT = '/sentinel-init';
/** Extra descriptors bwrap is given, in this order after stdin, stdout and stderr. */
export const ARGS_FD = 3; // bwrap reads the rest of its options here (NUL-separated) before it does anything
export const INFO_FD = 4; // bwrap writes {"child-pid": N} here once the sandbox exists
export const SECCOMP_FD = 5; // the seccomp filter bwrap installs right before it execs sentinel-init
export const SPEC_FD = 6; // sentinel-init reads the run here
export const REPORT_FD = 7; // sentinel-init writes its report here (and a compile's files)

/** Files and folders a run may leave in /box (or /tmp) at most; a compile's output is bounded so. */
export const MAX_JOB_DIR_ENTRIES = 4_096;

/**
 * Host figures a program has no use for, masked with /dev/null as container runtimes do: the
 * kernel's command line and symbols, and the host's load and uptime.
 */
export const MASKED_PROC_FILES = ['/proc/cmdline', '/proc/kallsyms', '/proc/loadavg', '/proc/uptime', '/proc/sched_debug', '/proc/timer_list', '/proc/keys', '/proc/kcore'];

export interface SandboxLayout {
  /** From systemBinds(): the host system, read-only. */
  system: readonly string[];
  /** From procMasks(). */
  procMasks: readonly string[];
  /** The sentinel-init binary on the host (a copy at a neutral path: its path shows in mountinfo). */
  initPath: string;
  tmpBytes: number;
  jobDirBytes: number;
  openFiles: number;
  /** No cgroup bounds the run: rlimits and sentinel-init's watcher do (see initSpec). */
  rlimits: boolean;
  seccomp: boolean;
  /** Per-run bounds on what the kernel counts per user: pending signals (and timers), message-queue bytes. */
  signalsPending: number;
  messageQueueBytes: number;
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

/** /dev/null over each masked /proc file this kernel has (bwrap cannot bind over one that is missing). */
export function procMasks(): string[] {
  return MASKED_PROC_FILES.filter((file) => existsSync(file)).flatMap((file) => ['--ro-bind', '/dev/null', file]);
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
    ...layout.procMasks,
    '--dev', '/dev',
    '--size', String(layout.tmpBytes), '--tmpfs', '/tmp',
    '--ro-bind', layout.initPath, SANDBOX_INIT,
    '--args', String(ARGS_FD),
    '--', SANDBOX_INIT, String(SPEC_FD), String(REPORT_FD),
  ];
}

/** The options bwrap reads from ARGS_FD for one run: one argument per kind of thing, never per file. */
export function runArgs(spec: RunSpec, layout: Pick<SandboxLayout, 'jobDirBytes'>): string[] {
  const args = ['--unshare-uts']; // see spareArgs: without it bwrap refuses --hostname and stops
  // After /tmp, so a pack's path under /tmp (e.g. an install there) is bound over the fresh tmpfs.
  for (const path of spec.readOnlyPaths) args.push('--ro-bind', path, path);
  args.push(
    '--ro-bind', spec.files, SANDBOX_FILES_DIR,
    '--size', String(layout.jobDirBytes), '--tmpfs', SANDBOX_JOB_DIR,
    // bwrap's root and /dev are tmpfs mounts: read-only, or they are uncapped scratch space.
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--chdir', SANDBOX_JOB_DIR,
    '--clearenv',
  );
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  return args;
}

/** Memory the address-space or data rlimit allows beyond the limit itself: runtimes map more than they touch. */
const RLIMIT_MEMORY_SLACK_MB = 64;

/**
 * What sentinel-init reads (see executor/native/init/main.c): the program's rlimits, how /box is
 * filled (copied for a compile, whose output is then collected; linked for a test run), and, when
 * no cgroup bounds the run, the watcher's bounds over the whole process tree; then the argv.
 */
export function initSpec(spec: RunSpec, layout: Omit<SandboxLayout, 'system' | 'procMasks' | 'initPath' | 'tmpBytes' | 'seccomp'>): string[] {
  const { limits } = spec;
  const settings = [
    `fsize=${limits.fileSizeKb * 1024}`,
    `nofile=${layout.openFiles}`,
    `sigpending=${layout.signalsPending}`,
    `msgqueue=${layout.messageQueueBytes}`,
    'memlock=65536',
    spec.collectInto === undefined ? `link-from=${SANDBOX_FILES_DIR}` : `copy-from=${SANDBOX_FILES_DIR}`,
  ];
  const disks = new Set<string>();
  if (spec.collectInto !== undefined) {
    // A compile that fills its file systems is stopped, and its output comes back through REPORT_FD.
    settings.push(`collect=${MAX_JOB_DIR_ENTRIES}`, 'disk-full-stop');
    disks.add(SANDBOX_JOB_DIR).add('/tmp');
  }
  if (layout.rlimits) {
    // No cgroup charges the tmpfs inodes either: a run may hold so many files at most.
    settings.push(...rlimitsMode(limits, spec.memoryRlimit), `watch-inodes=${MAX_JOB_DIR_ENTRIES}`);
    disks.add(SANDBOX_JOB_DIR).add('/tmp');
  }
  for (const disk of disks) settings.push(`watch-disk=${disk}`);
  return [...settings, '--', ...spec.argv];
}

/**
 * Without a cgroup: the kernel bounds each process (RLIMIT_CPU, RLIMIT_NPROC for the run's own user
 * namespace, RLIMIT_AS or RLIMIT_DATA), sentinel-init's watcher bounds the whole tree's memory and
 * CPU time, and its guard stops a writable mapping larger than the whole memory limit.
 */
function rlimitsMode(limits: Limits, memoryRlimit: RunSpec['memoryRlimit']): string[] {
  const memory = limits.memoryMb * 1024 * 1024;
  const backstop = (limits.memoryMb * 2 + RLIMIT_MEMORY_SLACK_MB) * 1024 * 1024;
  return [
    // The watcher stops the tree at the limit, on the kernel's precise run time. RLIMIT_CPU, a
    // second later, is the backstop: it counts scheduler ticks, which under load reach a second
    // while the program has run 0.9 s (SIGXCPU, read as TIME_LIMIT; SIGKILL a second after that).
    `cpu=${Math.ceil(limits.cpuMs / 1000) + 1}`,
    `nproc=${limits.processes + 1}`, // + sentinel-init, which runs as the same user
    `${memoryRlimit === 'data' ? 'data' : 'as'}=${backstop}`,
    `watch-memory=${memory}`,
    `watch-cpu=${limits.cpuMs}`,
    `guard-mapping=${memory}`,
  ];
}

/** NUL-terminated strings, as bwrap's --args and sentinel-init read them. */
export function nulSeparated(items: readonly string[]): Buffer {
  const bad = items.find((item) => item.includes('\0'));
  if (bad !== undefined) throw new SandboxFailedError('spec', `a sandbox argument contains NUL: ${JSON.stringify(bad)}`);
  return Buffer.from(items.map((item) => `${item}\0`).join(''), 'utf8');
}
