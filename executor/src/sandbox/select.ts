import { access, constants } from 'node:fs/promises';
import os from 'node:os';
import type { ExecutorConfig } from '../config.js';
import { sandboxOwner } from '../config.js';
import { closeInheritedFds } from '../fd-hygiene.js';
import type { Workspaces } from '../workspace.js';
import { SandboxUnavailableError } from '@sentinel/core';
import { BwrapSandbox } from './bwrap.js';
import { checkNativePrograms } from './native.js';
import { detectCgroups } from './cgroup/detect.js';
import { buildSeccompFilter, seccompArch } from './seccomp.js';
import type { Sandbox } from './types.js';
import { Unsandboxed } from './unsandboxed.js';

/**
 * The sandbox the config asks for, proven to work on this host first: with SENTINEL_SANDBOX=bwrap
 * (the default) a missing cgroup hierarchy, an unsupported architecture for the seccomp filter or
 * a failed probe throws SandboxUnavailableError and the executor does not start.
 */
export async function createSandbox(config: ExecutorConfig, workspaces: Workspaces, log: (line: string) => void = () => {}): Promise<Sandbox> {
  // Whatever creates a sandbox first closes what it inherited, or the programs would inherit it too.
  const closed = closeInheritedFds();
  if (closed.length) log(`closed inherited file descriptors ${closed.join(', ')} so sandboxed programs cannot reach them`);
  const owner = sandboxOwner(config);
  if (config.SENTINEL_SANDBOX === 'none') return new Unsandboxed(owner ?? {});
  const cgroups =
    config.SENTINEL_CGROUP === 'off'
      ? undefined
      : await detectCgroups({ mode: config.SENTINEL_CGROUP, mount: config.SENTINEL_CGROUP_MOUNT, name: config.SENTINEL_CGROUP_NAME });
  await access(config.SENTINEL_BWRAP, constants.X_OK).catch((error: Error) => {
    throw new SandboxUnavailableError(`cannot run ${config.SENTINEL_BWRAP}: ${error.message} (install bubblewrap, or set SENTINEL_SANDBOX=none to run code unsandboxed)`);
  });
  await checkNativePrograms();
  const sandbox = new BwrapSandbox({
    bwrapPath: config.SENTINEL_BWRAP,
    ...owner,
    tmpBytes: config.SENTINEL_TMP_MB * 1024 * 1024,
    jobDirBytes: config.SENTINEL_JOB_DIR_MB * 1024 * 1024,
    openFiles: config.SENTINEL_OPEN_FILES,
    seccompFilter: buildSeccompFilter(seccompArch()),
    cgroups,
    cpus: os.availableParallelism(),
    scratchDir: workspaces.root,
    spares: config.SENTINEL_SPARE_SANDBOXES ?? config.SENTINEL_CONCURRENCY,
  });
  const workspace = await workspaces.create();
  try {
    await sandbox.probe(workspace.dir);
  } catch (error) {
    await sandbox.close();
    throw error;
  } finally {
    await workspace.remove();
  }
  return sandbox;
}
