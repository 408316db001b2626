/**
 * Picks the cgroup hierarchy at start: v2 when the mount is a pure unified hierarchy, v1 when the
 * memory, pids and cpuacct controllers are mounted as v1 hierarchies (hybrid hosts keep
 * them there). Fails when the one asked for (or, with "auto", either) cannot be set up; with
 * "auto" the executor then bounds runs with rlimits and sentinel-init's watcher (select.ts).
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SandboxUnavailableError } from '@sentinel/core';
import { parseProcCgroup } from './files.js';
import type { Cgroups } from './types.js';
import { CgroupV1, V1_CONTROLLERS } from './v1.js';
import { CgroupV2 } from './v2.js';

export type CgroupMode = 'auto' | 'v1' | 'v2' | 'off';

export interface CgroupOptions {
  mode: Exclude<CgroupMode, 'off'>;
  /** Where cgroup file systems are mounted, normally /sys/fs/cgroup. */
  mount: string;
  /** Name of the parent group of every run group, under the executor's own cgroup. */
  name: string;
}

export async function detectCgroups({ mode, mount, name }: CgroupOptions): Promise<Cgroups> {
  const own = parseProcCgroup(await readFile('/proc/self/cgroup', 'utf8'));
  const exists = (file: string) => access(path.join(mount, file)).then(() => true, () => false);
  const isV2 = await exists('cgroup.controllers');
  const isV1 = (await Promise.all(V1_CONTROLLERS.map((controller) => exists(controller)))).every(Boolean);
  const version = mode === 'auto' ? (isV2 ? 'v2' : isV1 ? 'v1' : undefined) : mode;
  const hint = 'run the executor as root or in a delegated cgroup, or set SENTINEL_CGROUP=auto or off to bound runs with rlimits and a watcher instead';
  if (version === undefined) {
    throw new SandboxUnavailableError(`no usable cgroup hierarchy under ${mount} (neither v2 nor v1 memory, pids, cpuacct); ${hint}`);
  }
  try {
    return version === 'v2' ? await CgroupV2.init(mount, own.get('') ?? '/', name) : await CgroupV1.init(mount, own, name);
  } catch (error) {
    throw new SandboxUnavailableError(`cannot set up cgroup ${version} under ${mount}: ${(error as Error).message}; ${hint}`, { cause: error });
  }
}
