/**
 * cgroup v1: one directory per controller. Each run gets a group in the memory, pids, cpuacct and
 * freezer hierarchies, under `<controller mount>/<executor's own cgroup>/<name>/run-<random>`.
 * memory.limit_in_bytes (and memsw, so swap does not stretch it) caps the whole tree's memory,
 * pids.max its processes and threads, cpuacct.usage sums its CPU time, and the freezer stops every
 * process at once so none can fork while the tree is being killed.
 */
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pidsIn, readControl, readNumber, removeGroup, runGroupName, until, writeControl } from './files.js';
import type { CgroupLimits, Cgroups, CgroupUsage, RunCgroup } from './types.js';

export const V1_CONTROLLERS = ['memory', 'pids', 'cpuacct', 'freezer'] as const;
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
      teardown: 'cgroup v1 freezer: the group is frozen, every process in it SIGKILLed, then thawed and removed',
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
      for (const dir of Object.values(dirs)) await mkdir(dir);
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
  constructor(private readonly dirs: Dirs) {}

  async adopt(pid: number): Promise<void> {
    for (const dir of Object.values(this.dirs)) await writeControl(dir, 'cgroup.procs', String(pid));
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
    const freezer = this.dirs.freezer;
    if ((await pidsIn(freezer)).length === 0) return;
    await writeControl(freezer, 'freezer.state', 'FROZEN');
    await until(async () => (await readControl(freezer, 'freezer.state')) === 'FROZEN', 1_000);
    for (const pid of await pidsIn(freezer)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await writeControl(freezer, 'freezer.state', 'THAWED');
    const empty = await until(async () => (await pidsIn(freezer)).length === 0, 5_000);
    if (!empty) throw new Error(`processes survived SIGKILL in ${freezer}`);
  }

  async remove(): Promise<void> {
    for (const dir of Object.values(this.dirs)) await removeGroup(dir);
  }
}
