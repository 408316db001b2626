/**
 * cgroup v1: one directory per controller. Each run gets a group in the memory, pids and cpuacct
 * hierarchies, under `<controller mount>/<executor's own cgroup>/<name>/run-<random>`.
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
import { makeGroup, pidsIn, readNumber, removeGroup, runGroupName, until, writeControl } from './files.js';
import type { CgroupLimits, Cgroups, CgroupUsage, RunCgroup } from './types.js';

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
      if (own === undefined) throw new Error(`this process is in no cgroup v1 ${controller} hierarchy`);
      parents[controller] = path.join(mount, controller, own, name);
      await mkdir(parents[controller], { recursive: true });
    }
    const memsw = await access(path.join(parents.memory, 'memory.memsw.limit_in_bytes')).then(() => true, () => false);
    return new CgroupV1(parents, memsw);
  }

  async create(limits: CgroupLimits): Promise<RunCgroup> {
    const name = runGroupName();
    const dirs = {} as Dirs;
    for (const controller of V1_CONTROLLERS) dirs[controller] = path.join(this.parents[controller], name);
    const run = new RunCgroupV1(dirs);
    try {
      for (const dir of Object.values(dirs)) await makeGroup(dir);
      const bytes = String(limits.memoryMb * 1024 * 1024);
      await writeControl(dirs.memory, 'memory.limit_in_bytes', bytes);
      if (this.memsw) await writeControl(dirs.memory, 'memory.memsw.limit_in_bytes', bytes);
      await writeControl(dirs.pids, 'pids.max', String(limits.processes));
    } catch (error) {
      await run.remove().catch(() => {});
      throw error;
    }
    return run;
  }
}

class RunCgroupV1 implements RunCgroup {
  private adopted: number | undefined;

  constructor(private readonly dirs: Dirs) {}

  async adopt(pid: number): Promise<void> {
    for (const dir of Object.values(this.dirs)) await writeControl(dir, 'cgroup.procs', String(pid));
    this.adopted = pid;
  }

  async cpuMs(): Promise<number> {
    return (await readNumber(this.dirs.cpuacct, 'cpuacct.usage')) / 1e6;
  }

  async usage(): Promise<CgroupUsage> {
    return {
      cpuMs: await this.cpuMs(),
      memoryPeakKb: Math.round((await readNumber(this.dirs.memory, 'memory.max_usage_in_bytes')) / 1024),
      oomKilled: (await readNumber(this.dirs.memory, 'memory.oom_control', 'oom_kill')) > 0,
    };
  }

  async killAll(): Promise<void> {
    const pids = await pidsIn(this.dirs.pids);
    if (pids.length === 0) return;
    // Only the adopted process, the sandbox's pid 1, is signalled: it was just seen alive, and the
    // kernel takes its whole namespace down with it. Pids read from the group are not signalled
    // one by one: one that exits meanwhile could be reused by a process that is not ours.
    if (this.adopted !== undefined && pids.includes(this.adopted)) {
      try {
        process.kill(this.adopted, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const empty = await until(async () => (await pidsIn(this.dirs.pids)).length === 0, 5_000);
    if (!empty) throw new Error(`processes survived their sandbox's pid 1 in ${this.dirs.pids}`);
  }

  async remove(): Promise<void> {
    for (const dir of Object.values(this.dirs)) await removeGroup(dir);
  }
}
