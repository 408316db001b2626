/**
 * The bubblewrap sandbox. Every run (the compile and each test) gets fresh namespaces, a read-only
 * system, private /proc, minimal /dev, a capped /tmp and the job directory at /box; a seccomp
 * filter; per-process rlimits (file size, open files, no core dumps); and its own cgroup for
 * memory, processes and CPU time over the whole tree. bwrap is started with an empty environment
 * and, when the executor is root, as the dedicated sandbox uid/gid. sentinel-init is the
 * sandbox's pid 1: it sets the program's rlimits, starts it and reaps what it orphans.
 *
 * Each run takes a spare (spare.ts): a bwrap started ahead, already inside the run's cgroup and
 * waiting for the run's own options, so everything the program starts is born inside the group
 * and the cost of getting there is not on the way to the result.
 */
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { SandboxUnavailableError, type ExceededLimit, type SandboxInfo } from '@sentinel/core';
import { directoryUsage, jobDirEntries } from '../job-files.js';
import { initSpec, nulSeparated, runArgs, spareArgs, systemBinds, type SandboxLayout } from './bwrap-args.js';
import type { Cgroups, RunCgroup } from './cgroup/types.js';
import { BUNDLED_INIT } from './native.js';
import { supervise, type SupervisedOutcome, type Watcher } from './process.js';
import { SECCOMP_POLICY } from './seccomp.js';
import { createSpareSpawner, SparePool, startSpare, type Spare } from './spare.js';
import type { Spawner } from './spawner.js';
import type { RunOutcome, RunSpec, Sandbox } from './types.js';

export interface BwrapOptions {
  bwrapPath: string;
  /** The sentinel-init binary; BUNDLED_INIT by default. */
  initPath?: string;
  /** Host uid/gid bwrap runs as; undefined keeps the executor's own (when it is not root). */
  uid?: number;
  gid?: number;
  /** Size of the sandbox's private /tmp. */
  tmpBytes: number;
  /** Cap on everything a run keeps in its job directory. */
  jobDirBytes: number;
  /** RLIMIT_NOFILE of the program. */
  openFiles: number;
  /** The raw seccomp filter (see seccomp.ts); undefined runs without one (tests only). */
  seccompFilter?: Buffer;
  /** Run cgroups; undefined (SENTINEL_CGROUP=off) leaves memory and processes unlimited. */
  cgroups?: Cgroups;
  /** CPUs the host has: how fast a run can burn CPU time, so how often it is checked. */
  cpus: number;
  /** A directory only the executor can list, for stdin files (unlinked as soon as they are open). */
  scratchDir: string;
  /** Spare sandboxes kept waiting (0: each run starts its own, paying the whole start-up). */
  spares: number;
}

/** Entries of a writable job directory past this many stop the run (many tiny files). */
const MAX_JOB_DIR_ENTRIES = 4_096;
const DISK_CHECK_MS = 100;
/** Processes of a run besides the program's own: the waiting bwrap and sentinel-init. */
const SANDBOX_PROCESSES = 2;

export class BwrapSandbox implements Sandbox {
  readonly info: SandboxInfo;
  private readonly layout: SandboxLayout;
  private readonly spares: SparePool;
  private readonly spawner: Spawner;

  constructor(private readonly options: BwrapOptions) {
    this.layout = {
      system: systemBinds(),
      initPath: options.initPath ?? BUNDLED_INIT,
      tmpBytes: options.tmpBytes,
      jobDirBytes: options.jobDirBytes,
      openFiles: options.openFiles,
      rlimitCpu: !options.cgroups,
      seccomp: options.seccompFilter !== undefined,
    };
    this.info = describe(options);
    this.spawner = createSpareSpawner({ ...options, argv: spareArgs(this.layout) });
    const { seccompFilter, cgroups, scratchDir } = options;
    this.spares = new SparePool(() => startSpare({ spawner: this.spawner, seccompFilter, cgroups, scratchDir }), options.spares);
  }

  async run(spec: RunSpec): Promise<RunOutcome> {
    const entries = spec.jobDirMode === 'snapshot' ? await jobDirEntries(spec.jobDir) : [];
    const spare = await this.spares.take();
    try {
      return await this.runIn(spec, entries, spare);
    } finally {
      await spare.dispose();
    }
  }

  private async runIn(spec: RunSpec, entries: readonly string[], spare: Spare): Promise<RunOutcome> {
    const { child, cgroup } = spare;
    await cgroup?.begin({ memoryMb: spec.limits.memoryMb, processes: spec.limits.processes + SANDBOX_PROCESSES });
    await spare.writeStdin(spec.stdin);

    const watchers: Watcher[] = [];
    if (cgroup) watchers.push(cpuWatcher(cgroup, spec.limits.cpuMs, this.options.cpus));
    if (spec.jobDirMode === 'writable') watchers.push(diskWatcher(spec.jobDir, this.options.jobDirBytes));
    const kill = () => spare.kill().catch(() => {});
    const supervised = supervise(child, { wallMs: spec.limits.wallMs, outputBytes: spec.limits.outputKb * 1024, kill, watchers });
    spare.spec.end(nulSeparated(initSpec(spec.argv, spec.limits, this.layout)));
    spare.args.end(nulSeparated(runArgs(spec, entries, this.layout)));
    this.spares.fill(); // the next run's spare starts while this one goes

    const pid = (spare.init = await readSandboxPid(spare.info));
    if (pid === undefined) {
      const failed = await supervised;
      throw new Error(`bwrap could not create the sandbox (exit ${failed.exitCode ?? failed.signal}): ${failed.stderr.trim()}`);
    }
    const outcome = await supervised;
    // A compile that filled the job directory between two checks is caught here.
    if (spec.jobDirMode === 'writable' && !outcome.exceeded && 'exceeded' in (await diskWatcher(spec.jobDir, this.options.jobDirBytes)())) outcome.exceeded = 'disk';
    const usage = await cgroup?.usage();
    return {
      ...outcome,
      ...programEnd(outcome),
      cpuMs: usage ? Math.round(usage.cpuMs) : null,
      memoryKb: usage?.memoryPeakKb ?? null,
      exceeded: outcome.exceeded ?? (usage?.oomKilled ? 'memory' : null) ?? overCpu(usage?.cpuMs, spec.limits.cpuMs) ?? (outcome.signal === 'SIGXCPU' ? 'cpu' : null),
    };
  }

  /** The waiting spares (bwrap pids and cgroup names), for tests that check what a run left. */
  idleSpares(): Promise<{ pid: number; cgroup?: string }[]> {
    return this.spares.idle();
  }

  /** Ends the waiting spares, then their spawner. */
  async close(): Promise<void> {
    await this.spares.close();
    await this.spawner.close();
  }

  /** Proves the sandbox works on this host (fail closed), with the executor's own job directory layout. */
  async probe(jobDir: string): Promise<void> {
    let outcome: RunOutcome;
    try {
      outcome = await this.run({
        argv: ['/usr/bin/true'],
        jobDir,
        jobDirMode: 'writable',
        env: { PATH: '/usr/bin:/bin' },
        readOnlyPaths: [],
        stdin: '',
        limits: { wallMs: 10_000, cpuMs: 10_000, memoryMb: 64, processes: 8, outputKb: 64, fileSizeKb: 64 },
      });
    } catch (error) {
      throw new SandboxUnavailableError(
        `cannot run ${this.options.bwrapPath}: ${(error as Error).message} (install bubblewrap and allow user namespaces, or set SENTINEL_SANDBOX=none to run code unsandboxed)`,
        { cause: error },
      );
    }
    if (outcome.exitCode !== 0) {
      throw new SandboxUnavailableError(`the sandbox does not work here (exit ${outcome.exitCode ?? outcome.signal}): ${outcome.stderr.trim()}`);
    }
  }
}

/** The sandbox's pid 1 (host pid), from bwrap's --info-fd JSON; undefined when bwrap failed first. */
function readSandboxPid(info: Readable): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match) finish(Number(match[1]));
    };
    const finish = (pid: number | undefined) => {
      info.off('data', onData);
      info.off('close', onClose);
      resolve(pid);
    };
    const onClose = () => finish(undefined);
    info.on('data', onData);
    info.once('close', onClose);
  });
}

/**
 * bwrap reports a program killed by signal N as exit status 128 + N (the shell's convention), so
 * such a status is read back as the signal. A program that itself exits with 129..159 is reported
 * as killed by that signal: the one ambiguity bwrap leaves.
 */
function programEnd(outcome: SupervisedOutcome): Pick<RunOutcome, 'exitCode' | 'signal'> {
  const { exitCode } = outcome;
  if (exitCode === null || exitCode <= 128 || exitCode >= 160) return { exitCode, signal: outcome.signal };
  const name = Object.entries(constants.signals).find(([, number]) => number === exitCode - 128)?.[0];
  return name ? { exitCode: null, signal: name } : { exitCode, signal: outcome.signal };
}

function overCpu(usedMs: number | undefined, limitMs: number): ExceededLimit | null {
  return usedMs !== undefined && usedMs > limitMs ? 'cpu' : null;
}

/**
 * Checks the group's CPU time no later than the soonest it could pass the limit with every CPU
 * busy, so a run is stopped close to its limit without polling a sleeping program.
 */
function cpuWatcher(cgroup: RunCgroup, limitMs: number, cpus: number): Watcher {
  return async () => {
    const used = await cgroup.cpuMs();
    if (used >= limitMs) return { exceeded: 'cpu' };
    return { nextMs: Math.max(5, Math.min(500, (limitMs - used) / cpus)) };
  };
}

/** Stops a run writing into the host job directory past its size or entry cap. */
function diskWatcher(dir: string, maxBytes: number): Watcher {
  return async () => {
    const usage = await directoryUsage(dir, MAX_JOB_DIR_ENTRIES);
    return usage.bytes > maxBytes || usage.entries > MAX_JOB_DIR_ENTRIES ? { exceeded: 'disk' } : { nextMs: DISK_CHECK_MS };
  };
}

function describe(options: BwrapOptions): SandboxInfo {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
  const enforced: Record<string, string> = {
    network: 'bwrap --unshare-net: a private network namespace with only loopback; seccomp refuses sockets other than AF_UNIX',
    filesystem: 'bwrap: read-only /usr, private /proc, minimal read-only /dev; nothing else of the host',
    environment: 'bwrap started with an empty environment; the program gets only its pack env',
    user:
      options.uid === undefined
        ? `bwrap runs as the executor's own unprivileged uid ${process.getuid?.()}`
        : `bwrap runs as the dedicated host uid ${options.uid} / gid ${options.gid}`,
    wallMs: 'killed at the deadline with everything it started',
    outputKb: 'stdout and stderr counted while streaming; killed at the cap',
    tmp: `private tmpfs /tmp of ${mb(options.tmpBytes)}`,
    jobDir: `test runs: a fresh tmpfs /box of ${mb(options.jobDirBytes)} with the compiled files read-only; compile: the job directory, watched against ${mb(options.jobDirBytes)} and ${MAX_JOB_DIR_ENTRIES} entries`,
    fileSizeKb: 'RLIMIT_FSIZE per file (set by sentinel-init, the sandbox\'s pid 1)',
    openFiles: `RLIMIT_NOFILE ${options.openFiles} (set by sentinel-init)`,
  };
  const warnings: string[] = [];
  if (options.seccompFilter) {
    const policy = SECCOMP_POLICY;
    enforced.seccomp = `EPERM: ${policy.eperm.join(', ')}; ENOSYS: ${policy.enosys.join(', ')}; ${policy.byArgument.join('; ')}`;
  }
  else warnings.push('no seccomp filter: system calls are not filtered');
  if (options.cgroups) Object.assign(enforced, options.cgroups.enforced);
  else {
    enforced.cpuMs = 'RLIMIT_CPU per process only (no cgroup): several processes together may use more';
    warnings.push('SENTINEL_CGROUP=off: memory and process limits are NOT enforced; CPU time is limited per process only');
  }
  const limitsMode = options.cgroups ? (options.cgroups.version === 'v2' ? 'cgroup-v2' : 'cgroup-v1') : 'rlimits';
  return { mode: 'bwrap', limitsMode, enforced, warnings };
}
