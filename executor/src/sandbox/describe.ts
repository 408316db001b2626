/** What a bwrap sandbox enforces and how, for /health and the executor's start-up log. */
import type { SandboxInfo } from '@sentinel/core';
import type { BwrapOptions } from './bwrap-options.js';
import { MASKED_PROC_FILES, MAX_JOB_DIR_ENTRIES } from './bwrap-args.js';
import { SECCOMP_POLICY } from './seccomp.js';

/** Without a cgroup: how memory, processes and CPU time are bounded instead. */
export const RLIMITS_ENFORCED: Readonly<Record<string, string>> = {
  memoryMb:
    "sentinel-init's watcher sums the resident memory of the run's whole process tree every 10 ms and stops the run past the limit (MEMORY_LIMIT); the kernel caps each process with RLIMIT_AS (or RLIMIT_DATA, the pack's choice) at twice the limit plus 64 MiB; a writable mapping larger than the whole limit is refused before it exists (seccomp user notification) and is MEMORY_LIMIT",
  processes: "RLIMIT_NPROC, counted by the kernel in the run's own user namespace: processes and threads together",
  cpuMs: "sentinel-init's watcher sums the CPU time of the whole tree every 10 ms and stops the run at the limit; RLIMIT_CPU a second past it is the per-process backstop (SIGXCPU: TIME_LIMIT)",
  files: `at most ${MAX_JOB_DIR_ENTRIES} files in each of /box and /tmp (watched: no cgroup charges their inodes)`,
  teardown: "sentinel-init kills every other process of the run's pid namespace, then bwrap ends",
};

export function describeSandbox(options: BwrapOptions): SandboxInfo {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
  const enforced: Record<string, string> = {
    network: 'bwrap --unshare-net: a private network namespace with only loopback; seccomp refuses sockets other than AF_UNIX',
    filesystem: `bwrap: read-only /usr, private /proc (${MASKED_PROC_FILES.join(', ')} masked), minimal read-only /dev; nothing else of the host`,
    environment: 'bwrap started with an empty environment; the program gets only its pack env',
    user:
      options.uid === undefined
        ? `bwrap runs as the executor's own unprivileged uid ${process.getuid?.()}: concurrent runs share the per-user kernel counts that no rlimit covers (inotify instances)`
        : `each live sandbox runs as a host uid of its own, ${options.uid}..${options.uid + (options.uidCount ?? 1) - 1} (gid ${options.gid}): per-user kernel counts are never shared between runs`,
    userCounters: `per run: RLIMIT_SIGPENDING ${options.signalsPending} (queued signals and POSIX timers), RLIMIT_MSGQUEUE ${options.messageQueueBytes} bytes, RLIMIT_MEMLOCK 64 KiB`,
    wallMs: 'killed at the deadline with everything it started',
    outputKb: 'stdout and stderr counted while streaming; killed at the cap',
    tmp: `private tmpfs /tmp of ${mb(options.tmpBytes)}`,
    jobDir: `every run works in a fresh tmpfs /box of ${mb(options.jobDirBytes)}, the job's files read-only at /job; a compile's output comes back through sentinel-init, at most ${mb(options.jobDirBytes)} and ${MAX_JOB_DIR_ENTRIES} entries, so untrusted code never writes to the host`,
    fileSizeKb: "RLIMIT_FSIZE per file (set by sentinel-init, the sandbox's pid 1)",
    openFiles: `RLIMIT_NOFILE ${options.openFiles} (set by sentinel-init)`,
  };
  const warnings: string[] = [];
  if (options.seccompFilter) {
    const policy = SECCOMP_POLICY;
    enforced.seccomp = `EPERM: ${policy.eperm.join(', ')}; ENOSYS: ${policy.enosys.join(', ')}; ${policy.byArgument.join('; ')}`;
  } else warnings.push('no seccomp filter: system calls are not filtered');
  Object.assign(enforced, options.cgroups ? options.cgroups.enforced : RLIMITS_ENFORCED);
  const limitsMode = options.cgroups ? (options.cgroups.version === 'v2' ? 'cgroup-v2' : 'cgroup-v1') : 'rlimits';
  return { mode: 'bwrap', limitsMode, enforced, warnings };
}
