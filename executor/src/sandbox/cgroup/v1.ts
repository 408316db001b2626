/**
 * cgroup v1: one directory per controller. Each run gets a group in the memory, pids and cpuacct
 * hierarchies, under `<controller mount>/<executor's own cgroup>/<name>/run-<random>`, made and
 * joined by its spare sandbox ahead of the run: the first move of a process into a v1 hierarchy
 * waits out an RCU grace period (6-16 ms measured here), which a spare pays while it waits.
 * memory.limit_in_bytes (and memsw, so swap does not stretch it) caps the whole tree's memory,
 * pids.max its processes and threads, and cpuacct.usage sums its CPU time.
 *
 * There is no freezer group: every run is also its own pid namespace, and killing a namespace's
 * pid 1 makes the kernel kill every other process in it at once (no fork can outrun that), so
 * killAll kills the group's first process, the sandbox's pid 1, then waits for the group to be
 * empty. Each hierarchy joined costs the adopt step a cgroup migration, so one fewer is faster.
 */
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SandboxUnavailableError } from '@sentinel/core';
import { SandboxFailedError } from '../errors.js';
import { joinGroup, makeGroup, pidsIn, readNumber, removeGroup, runGroupName, sweepStaleGroups, until, writeControl } from './files.js';
import { sigkill } from '../process.js';
import { RunGroup } from './run-group.js';
import type { CgroupLimits, Cgroups, RunCgroup } from './types.js';

export const V1_CONTROLLERS = ['memory', 'pids', 'cpuacct'] as const;
type Controller = (typeof V1_CONTROLLERS)[number];
type Dirs = Record<Controller, string>;

export class CgroupV1 implements Cgroups {
  readonly version = 'v1';
  readonly enforced: Readonly<Record<string, string>>;

  private constructor(
    private readonly parents: Dirs,
    private readonly memsw: boolean,
  ) {
    this.enforced = {
      memoryMb: `cgroup v1 memory.limit_in_bytes${memsw ? ' and memory.memsw.limit_in_bytes (no swap)' : ''} on the whole process tree; OOM kill = MEMORY_LIMIT`,
      processes: 'cgroup v1 pids.max on processes and threads together',
      cpuMs: 'cgroup v1 cpuacct.usage summed over every process, watched while the run goes; killed at the limit',
      teardown: "SIGKILL to the run's pid-namespace init (the kernel then kills every process in the namespace), then the cgroup v1 group is waited empty and removed",
    };
  }

  /** Creates the parent groups (`name` under the executor's own cgroup in each hierarchy). */
  static async init(mount: string, ownPaths: Map<string, string>, name: string): Promise<CgroupV1> {
    const parents = {} as Dirs;
    for (const controller of V1_CONTROLLERS) {
      const own = ownPaths.get(controller);
      if (own === undefined) throw new SandboxUnavailableError(`this process is in no cgroup v1 ${controller} hierarchy`);
      // Its own group must be there: mkdir -p below would otherwise make plain directories.
      await access(path.join(mount, controller, own, 'cgroup.procs')).catch(() => {
        throw new SandboxUnavailableError(`no cgroup v1 ${controller} hierarchy is mounted at ${path.join(mount, controller)}`);
      });
      parents[controller] = path.join(mount, controller, own, name);
      await mkdir(parents[controller], { recursive: true });
      await sweepStaleGroups(parents[controller]);
    }
    const memsw = await access(path.join(parents.memory, 'memory.memsw.limit_in_bytes')).then(() => true, () => false);
    return new CgroupV1(parents, memsw);
  }

  async create(): Promise<RunCgroup> {
    const name = runGroupName();
    const dirs = {} as Dirs;
    for (const controller of V1_CONTROLLERS) dirs[controller] = path.join(this.parents[controller], name);
    const run = new RunCgroupV1(name, dirs, this.memsw);
    const made = await Promise.allSettled(Object.values(dirs).map((dir) => makeGroup(dir)));
    const failed = made.find((result) => result.status === 'rejected');
    if (failed) {
      await run.remove().catch(() => {});
      throw failed.reason;
    }
    return run;
  }
}

class RunCgroupV1 extends RunGroup {
  private adopted: number | undefined;

  constructor(
    name: string,
    private readonly dirs: Dirs,
    private readonly memsw: boolean,
  ) {
    super(name, dirs.pids);
  }

  async adopt(pid: number): Promise<void> {
    for (const dir of Object.values(this.dirs)) await joinGroup(dir, pid);
    this.adopted = pid;
  }

  protected async setLimits(limits: CgroupLimits): Promise<void> {
    const bytes = String(limits.memoryMb * 1024 * 1024);
    await writeControl(this.dirs.memory, 'memory.limit_in_bytes', bytes);
    if (this.memsw) await writeControl(this.dirs.memory, 'memory.memsw.limit_in_bytes', bytes);
    await writeControl(this.dirs.pids, 'pids.max', String(limits.processes));
    // The peak restarts from the current charge: the waiting spare's, about a megabyte.
    await writeControl(this.dirs.memory, 'memory.max_usage_in_bytes', '0');
  }

  protected async totalCpuMs(): Promise<number> {
    return (await readNumber(this.dirs.cpuacct, 'cpuacct.usage')) / 1e6;
  }

  protected memoryPeakBytes(): Promise<number> {
    return readNumber(this.dirs.memory, 'memory.max_usage_in_bytes');
  }

  protected oomKills(): Promise<number> {
    return readNumber(this.dirs.memory, 'memory.oom_control', 'oom_kill');
  }

  async killAll(init?: number): Promise<void> {
    const pids = await pidsIn(this.dirs.pids);
    if (pids.length === 0) return;
    // One process is signalled: the sandbox's pid 1 (the kernel takes its whole namespace down
    // with it, and bwrap reaps it and exits), or, before there is a sandbox, the adopted bwrap.
    // bwrap is not killed while its pid 1 may still need reaping, or that would be orphaned to
    // the host's init as a zombie.
    const target = init ?? this.adopted;
    if (target !== undefined && pids.includes(target)) sigkill(target);
    const empty = () => until(async () => (await pidsIn(this.dirs.pids)).length === 0, 2_000);
    if (await empty()) return;
    // Still there (e.g. bwrap was killed while its child waited for its uid map, and nothing will
    // wake that child): every process in the group is signalled. A pid read from the group could
    // in principle exit and be reused in between, which is why this is the last resort only.
    for (const pid of await pidsIn(this.dirs.pids)) sigkill(pid);
    if (!(await empty())) throw new SandboxFailedError('teardown', `processes survived their sandbox's pid 1 in ${this.dirs.pids}`);
  }

  async remove(): Promise<void> {
    await Promise.all(Object.values(this.dirs).map((dir) => removeGroup(dir)));
  }
}
