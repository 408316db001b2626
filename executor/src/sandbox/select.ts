import { chmod, copyFile, rename } from 'node:fs/promises';
import { access, constants } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closeInheritedFds } from '../fd-hygiene.js';
import type { Workspaces } from '../workspace.js';
import { SandboxUnavailableError } from '@sentinel/core';
import { BwrapSandbox } from './bwrap.js';
import { BUNDLED_INIT, checkNativePrograms } from './native.js';
import { detectCgroups } from './cgroup/detect.js';
import type { Cgroups } from './cgroup/types.js';
import { buildSeccompFilter, seccompArch } from './seccomp.js';
import type { SandboxSettings } from './settings.js';
import type { Sandbox } from './types.js';
import { Unsandboxed } from './unsandboxed.js';
import { userCounters } from './user-counters.js';

/**
 * The sandbox the config asks for, proven to work on this host first: with SENTINEL_SANDBOX=bwrap
 * (the default) an unsupported architecture for the seccomp filter, a cgroup version asked for by
 * name that cannot be set up, or a failed probe throws SandboxUnavailableError and the executor
 * does not start. With SENTINEL_CGROUP=auto and no writable cgroup (an unprivileged container),
 * the sandbox bounds runs with rlimits and sentinel-init's watcher instead, and says so.
 */
export async function createSandbox(settings: SandboxSettings, workspaces: Workspaces, log: (line: string) => void = () => {}): Promise<Sandbox> {
  // Whatever creates a sandbox first closes what it inherited, or the programs would inherit it too.
  const closed = closeInheritedFds();
  if (closed.length) log(`closed inherited file descriptors ${closed.join(', ')} so sandboxed programs cannot reach them`);
  if (settings.kind === 'none') return new Unsandboxed(settings.owner ?? {});
  const cgroups = await chooseCgroups(settings.cgroup, log);
  await access(settings.bwrapPath, constants.X_OK).catch((error: Error) => {
    throw new SandboxUnavailableError(`cannot run ${settings.bwrapPath}: ${error.message} (install bubblewrap, or set SENTINEL_SANDBOX=none to run code unsandboxed)`);
  });
  await checkNativePrograms();
  const slots = settings.concurrency + settings.spares; // sandboxes alive at once: running and waiting
  const sandbox = new BwrapSandbox({
    bwrapPath: settings.bwrapPath,
    initPath: await neutralInit(workspaces.root),
    ...settings.owner,
    uidCount: slots,
    tmpBytes: settings.tmpBytes,
    jobDirBytes: settings.jobDirBytes,
    openFiles: settings.openFiles,
    ...userCounters(slots),
    seccompFilter: buildSeccompFilter(seccompArch()),
    cgroups,
    cpus: os.availableParallelism(),
    scratchDir: workspaces.dir,
    spares: settings.spares,
  });
  const workspace = await workspaces.create();
  try {
    await sandbox.probe(workspace.files);
  } catch (error) {
    await sandbox.close();
    throw error;
  } finally {
    await workspace.remove();
  }
  return sandbox;
}

/** v1 or v2 must work; auto takes either, else rlimits mode; off is rlimits mode. */
async function chooseCgroups(cgroup: SandboxSettings['cgroup'], log: (line: string) => void): Promise<Cgroups | undefined> {
  if (cgroup.mode === 'off') return undefined;
  try {
    return await detectCgroups({ ...cgroup, mode: cgroup.mode });
  } catch (error) {
    if (cgroup.mode !== 'auto' || !(error instanceof SandboxUnavailableError)) throw error;
    log(`no writable cgroup (${error.message.split(';')[0]}): memory, processes and CPU time are bounded by rlimits and sentinel-init's watcher (limits mode "rlimits", see /health)`);
    return undefined;
  }
}

/**
 * sentinel-init, copied into the work directory: the source of a bind mount shows in the sandbox's
 * /proc/self/mountinfo, and the work directory (/var/lib/sentinel/jobs in the images) says less
 * than where the executor is installed. Replaced atomically, so a running sandbox keeps its copy.
 */
export async function neutralInit(root: string): Promise<string> {
  const target = path.join(root, 'sentinel-init');
  const partial = `${target}.${process.pid}`;
  await copyFile(BUNDLED_INIT, partial);
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}
