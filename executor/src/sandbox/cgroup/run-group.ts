/** What a run's cgroup does alike on v1 and v2: CPU time counted from begin(), and the usage read at the end. */
import { readNumber } from './files.js';
import type { CgroupLimits, CgroupUsage, RunCgroup } from './types.js';

export abstract class RunGroup implements RunCgroup {
  private cpuBaseMs = 0;

  constructor(
    readonly name: string,
    /** The group's directory in the pids controller. */
    private readonly pidsDir: string,
  ) {}

  abstract adopt(pid: number): Promise<void>;
  abstract killAll(init?: number): Promise<void>;
  abstract remove(): Promise<void>;
  /** Writes the run's limits (and restarts the peak where the kernel allows). */
  protected abstract setLimits(limits: CgroupLimits): Promise<void>;
  /** CPU time of the group since it was made, ms. */
  protected abstract totalCpuMs(): Promise<number>;
  protected abstract memoryPeakBytes(): Promise<number>;
  protected abstract oomKills(): Promise<number>;

  async begin(limits: CgroupLimits): Promise<void> {
    await this.setLimits(limits);
    this.cpuBaseMs = await this.totalCpuMs();
  }

  async cpuMs(): Promise<number> {
    return (await this.totalCpuMs()) - this.cpuBaseMs;
  }

  async usage(): Promise<CgroupUsage> {
    return {
      cpuMs: await this.cpuMs(),
      memoryPeakKb: Math.round((await this.memoryPeakBytes()) / 1024),
      oomKilled: (await this.oomKills()) > 0,
      pidsLimitHit: (await readNumber(this.pidsDir, 'pids.events', 'max')) > 0,
    };
  }
}
