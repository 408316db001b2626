import type { Limits } from '@sentinel/core';

export type CgroupVersion = 'v1' | 'v2';

/** What a run's cgroup measured, read once the run has ended. */
export interface CgroupUsage {
  /** CPU time of every process that ran in the group, ms. */
  cpuMs: number;
  /** Peak memory of the group, KiB. */
  memoryPeakKb: number;
  /** The kernel's OOM killer killed a process of the group. */
  oomKilled: boolean;
  /** A fork or clone failed because the group was at its process limit. */
  pidsLimitHit: boolean;
}

/**
 * The cgroup of one run. It is created, and its spare sandbox moved in, before the run is known
 * (see spare.ts); begin() then sets the run's limits and starts its measures.
 */
export interface RunCgroup {
  /** The group's directory name (the same in every hierarchy). */
  readonly name: string;
  /** Moves a process into the group; it must not have run anything untrusted yet. */
  adopt(pid: number): Promise<void>;
  /** Sets the run's limits; CPU time (and, where it can be reset, peak memory) count from here. */
  begin(limits: CgroupLimits): Promise<void>;
  /** CPU time used since begin() by the group, ms. */
  cpuMs(): Promise<number>;
  usage(): Promise<CgroupUsage>;
  /**
   * Kills every process in the group and waits until it is empty. `init`, the sandbox's pid 1,
   * is killed first (the kernel then kills its whole pid namespace), so the bwrap waiting for it
   * reaps it rather than leaving it orphaned.
   */
  killAll(init?: number): Promise<void>;
  /** Removes the group. Call after killAll. */
  remove(): Promise<void>;
}

/** The limits a run's cgroup enforces. */
export type CgroupLimits = Pick<Limits, 'memoryMb' | 'processes'>;

/** One cgroup hierarchy (v1 or v2) the executor creates run groups in. */
export interface Cgroups {
  readonly version: CgroupVersion;
  /** Limit or mechanism -> how this hierarchy enforces it, for /health. */
  readonly enforced: Readonly<Record<string, string>>;
  /** A new, empty run group without limits yet. */
  create(): Promise<RunCgroup>;
}
