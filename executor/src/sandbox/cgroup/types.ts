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
}

/** The cgroup of one run: created with its limits set, before any process is in it. */
export interface RunCgroup {
  /** Moves a process into the group; it must not have run anything untrusted yet. */
  adopt(pid: number): Promise<void>;
  /** CPU time used so far by the group, ms. */
  cpuMs(): Promise<number>;
  usage(): Promise<CgroupUsage>;
  /** Kills every process in the group and waits until it is empty. */
  killAll(): Promise<void>;
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
  create(limits: CgroupLimits): Promise<RunCgroup>;
}
