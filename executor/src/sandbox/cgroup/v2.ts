/**
 * cgroup v2: one unified hierarchy. Run groups live under `<own cgroup>/<name>/run-<random>`, with
 * memory.max (and memory.swap.max 0) on the whole tree, pids.max on processes and threads,
 * cpu.stat's usage_usec summed over every process, and cgroup.kill to end the tree at once.
 *
 * v2 lets a group hand controllers to its children only when it has no processes of its own
 * ("no internal processes"). When the executor's own group has processes and the controllers
 * are not yet delegated, they are moved into a `<own>/<name>-supervisor` leaf first, the way
 * container runtimes do inside a container's cgroup namespace.
 */
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SandboxUnavailableError } from '@sentinel/core';
import { SandboxFailedError } from '../errors.js';
import { joinGroup, makeGroup, pidsIn, readControl, readNumber, removeGroup, runGroupName, sweepStaleGroups, until, writeControl } from './files.js';
import { sigkill } from '../process.js';
import { RunGroup } from './run-group.js';
import type { CgroupLimits, Cgroups, RunCgroup } from './types.js';

const NEEDED = ['memory', 'pids'] as const;

export class CgroupV2 implements Cgroups {
  readonly version = 'v2';
  readonly enforced: Readonly<Record<string, string>> = {
    memoryMb: 'cgroup v2 memory.max (memory.swap.max 0) on the whole process tree; OOM kill = MEMORY_LIMIT',
    processes: 'cgroup v2 pids.max on processes and threads together',
    cpuMs: 'cgroup v2 cpu.stat usage_usec summed over every process, watched while the run goes; killed at the limit',
    teardown: 'cgroup v2 cgroup.kill ends every process of the run at once',
  };

  private constructor(
    private readonly parent: string,
    private readonly swap: boolean,
  ) {}

  /** Delegates memory and pids down to `<base>/<name>`, the parent of every run group. */
  static async init(mount: string, ownPath: string, name: string): Promise<CgroupV2> {
    const base = path.join(mount, ownPath);
    const available = (await readControl(base, 'cgroup.controllers')).split(' ');
    const missing = NEEDED.filter((controller) => !available.includes(controller));
    if (missing.length) throw new SandboxUnavailableError(`cgroup v2 group ${base} offers no ${missing.join(', ')} controller`);
    await enableControllers(base, path.join(base, `${name}-supervisor`));
    const parent = path.join(base, name);
    await mkdir(parent, { recursive: true });
    await sweepStaleGroups(parent);
    await enableControllers(parent);
    const swap = await access(path.join(parent, 'memory.swap.max')).then(() => true, () => false);
    return new CgroupV2(parent, swap);
  }

  async create(): Promise<RunCgroup> {
    const name = runGroupName();
    const dir = path.join(this.parent, name);
    await makeGroup(dir);
    return new RunCgroupV2(name, dir, this.swap);
  }
}

/**
 * Writes "+memory +pids" to dir's cgroup.subtree_control. When dir has processes of its own the
 * kernel refuses (EBUSY); with a `leaf` given they are moved there and the write is retried.
 */
async function enableControllers(dir: string, leaf?: string): Promise<void> {
  const enabled = (await readControl(dir, 'cgroup.subtree_control')).split(' ');
  if (NEEDED.every((controller) => enabled.includes(controller))) return;
  const request = NEEDED.map((controller) => `+${controller}`).join(' ');
  try {
    await writeControl(dir, 'cgroup.subtree_control', request);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || !leaf) throw error;
    await mkdir(leaf, { recursive: true });
    for (const pid of await pidsIn(dir)) await writeControl(leaf, 'cgroup.procs', String(pid)).catch(() => {});
    await writeControl(dir, 'cgroup.subtree_control', request);
  }
}

class RunCgroupV2 extends RunGroup {
  constructor(
    name: string,
    private readonly dir: string,
    private readonly swap: boolean,
  ) {
    super(name, dir);
  }

  async adopt(pid: number): Promise<void> {
    await joinGroup(this.dir, pid);
  }

  protected async setLimits(limits: CgroupLimits): Promise<void> {
    await writeControl(this.dir, 'memory.max', String(limits.memoryMb * 1024 * 1024));
    if (this.swap) await writeControl(this.dir, 'memory.swap.max', '0');
    await writeControl(this.dir, 'pids.max', String(limits.processes));
  }

  protected async totalCpuMs(): Promise<number> {
    return (await readNumber(this.dir, 'cpu.stat', 'usage_usec')) / 1000;
  }

  /**
   * memory.peak exists from Linux 5.19 (and includes the waiting spare's megabyte or so, as it
   * cannot be reset before 6.12); before that the best is the current charge.
   */
  protected memoryPeakBytes(): Promise<number> {
    return readNumber(this.dir, 'memory.peak').catch(() => readNumber(this.dir, 'memory.current'));
  }

  protected oomKills(): Promise<number> {
    return readNumber(this.dir, 'memory.events', 'oom_kill');
  }

  async killAll(init?: number): Promise<void> {
    if ((await pidsIn(this.dir)).length === 0) return;
    const empty = () => until(async () => (await readNumber(this.dir, 'cgroup.events', 'populated')) === 0, 2_000);
    // The sandbox's pid 1 first, so bwrap reaps it (see RunCgroup.killAll); then the rest at once.
    if (init !== undefined && (await pidsIn(this.dir)).includes(init)) {
      sigkill(init);
      if (await empty()) return;
    }
    await writeControl(this.dir, 'cgroup.kill', '1');
    if (!(await empty())) throw new SandboxFailedError('teardown', `processes survived cgroup.kill in ${this.dir}`);
  }

  async remove(): Promise<void> {
    await removeGroup(this.dir);
  }
}
