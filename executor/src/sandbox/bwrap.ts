/**
 * The bubblewrap sandbox: every run gets fresh namespaces (user, pid, net, mount, ipc, uts,
 * cgroup), a read-only view of the system, private /proc, minimal /dev, a size-capped /tmp and the
 * job directory as its only other writable place. bwrap itself is started with an empty
 * environment and, when the executor is root, as an unprivileged uid/gid, so untrusted code never
 * runs as host root and nothing of the executor's environment is readable inside.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { SandboxUnavailableError, type SandboxInfo } from '@sentinel/core';
import { runProcess } from './process.js';
import type { RunOutcome, RunSpec, Sandbox } from './types.js';

/** Where the job directory appears inside the sandbox (also the working directory). */
export const SANDBOX_JOB_DIR = '/box';
export const SANDBOX_HOSTNAME = 'sentinel';

export interface BwrapOptions {
  bwrapPath: string;
  /** Host uid/gid bwrap runs as; undefined keeps the executor's own (when it is not root). */
  uid?: number;
  gid?: number;
  /** Size of the sandbox's private /tmp. */
  tmpBytes: number;
}

/**
 * Binds that give a program the host's /usr read-only and mirror the top-level /bin, /lib, /lib64
 * and /sbin as they are on the host (symlinks into /usr on merged-/usr systems). Computed once.
 */
export function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const top of ['/bin', '/lib', '/lib32', '/lib64', '/sbin']) {
    const stat = lstatSync(top, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink()) args.push('--symlink', readlinkSync(top), top);
    else if (stat?.isDirectory()) args.push('--ro-bind', top, top);
  }
  // Debian's alternatives (e.g. /usr/bin/java -> /etc/alternatives/java); nothing else of /etc.
  args.push('--ro-bind-try', '/etc/alternatives', '/etc/alternatives');
  return args;
}

/** The full bwrap argv for one run. Pure: the same spec gives the same arguments. */
export function bwrapArgs(spec: RunSpec, system: readonly string[], tmpBytes: number): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname', SANDBOX_HOSTNAME,
    ...system,
  ];
  for (const path of spec.readOnlyPaths) args.push('--ro-bind', path, path);
  args.push(
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(tmpBytes), '--tmpfs', '/tmp',
    '--bind', spec.jobDir, SANDBOX_JOB_DIR,
    // bwrap's root and /dev are tmpfs mounts: read-only, or they are uncapped scratch space.
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--chdir', SANDBOX_JOB_DIR,
    '--clearenv',
  );
  for (const [name, value] of Object.entries(spec.env)) args.push('--setenv', name, value);
  args.push('--', ...spec.argv);
  return args;
}

export class BwrapSandbox implements Sandbox {
  readonly info: SandboxInfo;
  private readonly system = systemBinds();

  constructor(private readonly options: BwrapOptions) {
    this.info = {
      mode: 'bwrap',
      enforced: {
        network: 'bwrap --unshare-all: private network namespace with no interfaces but loopback',
        filesystem: 'bwrap: read-only /usr, private /proc and /dev, job directory and capped /tmp writable',
        environment: 'bwrap started with an empty environment; the program gets only the pack env',
        user:
          options.uid === undefined
            ? `bwrap runs as the executor's own unprivileged uid ${process.getuid?.()}`
            : `bwrap runs as host uid ${options.uid} / gid ${options.gid}`,
        wallMs: 'killed at the deadline (bwrap --die-with-parent takes the whole tree with it)',
        outputKb: 'stdout and stderr counted while streaming; killed at the cap',
        tmp: `tmpfs of ${options.tmpBytes} bytes`,
      },
      warnings: [],
    };
  }

  run(spec: RunSpec): Promise<RunOutcome> {
    return runProcess({
      file: this.options.bwrapPath,
      args: bwrapArgs(spec, this.system, this.options.tmpBytes),
      env: {},
      uid: this.options.uid,
      gid: this.options.gid,
      stdin: spec.stdin,
      wallMs: spec.limits.wallMs,
      outputBytes: spec.limits.outputKb * 1024,
    });
  }

  /** Proves the sandbox works on this host (fail closed), with the executor's own job directory layout. */
  async probe(jobDir: string): Promise<void> {
    let outcome: RunOutcome;
    try {
      outcome = await this.run({
        argv: ['/usr/bin/true'],
        jobDir,
        env: { PATH: '/usr/bin:/bin' },
        readOnlyPaths: [],
        stdin: '',
        limits: { wallMs: 10_000, cpuMs: 10_000, memoryMb: 64, processes: 8, outputKb: 64, fileSizeKb: 64 },
      });
    } catch (error) {
      throw new SandboxUnavailableError(`cannot run ${this.options.bwrapPath}: ${(error as Error).message} (install bubblewrap, or set SENTINEL_SANDBOX=none to run code unsandboxed)`, { cause: error });
    }
    if (outcome.exitCode !== 0) {
      throw new SandboxUnavailableError(
        `bubblewrap does not work here (exit ${outcome.exitCode ?? outcome.signal}): ${outcome.stderr.trim()} ` +
          '(user namespaces must be allowed; or set SENTINEL_SANDBOX=none to run code unsandboxed)',
      );
    }
  }
}
