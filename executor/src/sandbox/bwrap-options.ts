/** How a bubblewrap sandbox is set up (see bwrap.ts); the executor builds it from its config (select.ts). */
import type { Cgroups } from './cgroup/types.js';

export interface BwrapOptions {
  bwrapPath: string;
  /** The sentinel-init binary; BUNDLED_INIT by default (the executor passes a copy at a neutral path). */
  initPath?: string;
  /** First host uid sandboxes run as, each its own (uidCount of them), and their gid; undefined keeps the executor's own (when it is not root). */
  uid?: number;
  gid?: number;
  uidCount?: number;
  /** Size of the sandbox's private /tmp. */
  tmpBytes: number;
  /** Size of each run's /box, and the most a compile may leave there. */
  jobDirBytes: number;
  /** RLIMIT_NOFILE of the program. */
  openFiles: number;
  /** Per-run RLIMIT_SIGPENDING and RLIMIT_MSGQUEUE (see sandboxCounters). */
  signalsPending: number;
  messageQueueBytes: number;
  /** The raw seccomp filter (see seccomp.ts); undefined runs without one (tests only). */
  seccompFilter?: Buffer;
  /** Run cgroups; undefined: rlimits and sentinel-init's watcher bound the run instead. */
  cgroups?: Cgroups;
  /** CPUs the host has: how fast a run can burn CPU time, so how often it is checked. */
  cpus: number;
  /** A directory only the executor can list, for stdin files (unlinked as soon as they are open). */
  scratchDir: string;
  /** Spare sandboxes kept waiting (0: each run starts its own, paying the whole start-up). */
  spares: number;
}
