/**
 * Executors announce themselves in Redis so any master replica can report them in /health:
 * each writes `sentinel:executor:<id>` (JSON ExecutorStatus) every HEARTBEAT_INTERVAL_MS with a
 * time-to-live of HEARTBEAT_TTL_S, and deletes it when it stops.
 */
export const EXECUTOR_STATUS_PREFIX = 'sentinel:executor:';
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_TTL_S = 30;

export type SandboxMode = 'bwrap' | 'none';

/**
 * How a sandbox bounds memory, processes and CPU time: a cgroup per run (v2 or v1), or, where no
 * cgroup is writable (an unprivileged container), per-process rlimits plus a watcher over the
 * run's whole process tree; `none` only when the code runs unsandboxed.
 */
export type LimitsMode = 'cgroup-v2' | 'cgroup-v1' | 'rlimits' | 'none';

/** What a sandbox really enforces on this host, for /health. */
export interface SandboxInfo {
  mode: SandboxMode;
  limitsMode: LimitsMode;
  /** Limit or protection name -> how it is enforced, e.g. { network: "bwrap --unshare-net" }. */
  enforced: Record<string, string>;
  /** Loud, human-readable problems, e.g. running with SENTINEL_SANDBOX=none. */
  warnings: string[];
}

export interface ExecutorStatus {
  id: string;
  hostname: string;
  pid: number;
  languages: string[];
  concurrency: number;
  sandbox: SandboxInfo;
  startedAt: string;
  updatedAt: string;
}

export function executorStatusKey(executorId: string): string {
  return `${EXECUTOR_STATUS_PREFIX}${executorId}`;
}
