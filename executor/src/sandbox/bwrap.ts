/**
 * The bubblewrap sandbox. Every run (the compile and each test) gets fresh namespaces, a read-only
 * system, private /proc, minimal /dev, a capped /tmp, the job's files read-only at /job and a
 * capped working directory /box of its own; a seccomp filter; per-process rlimits; its own host uid
 * when the executor is root; and a cgroup for memory, processes and CPU time over the whole tree,
 * or, where no cgroup is writable, rlimits and sentinel-init's watcher. bwrap is started with an
 * empty environment. sentinel-init is the sandbox's pid 1: it fills /box, sets the program's
 * rlimits, starts it, reaps what it orphans, and reports (with a compile's files) on REPORT_FD.
 *
 * Each run takes a spare (spare.ts): a bwrap started ahead, already inside the run's cgroup and
 * waiting for the run's own options, so everything the program starts is born inside the group
 * and the cost of getting there is not on the way to the result.
 */
import { constants } from 'node:os';
import { SandboxUnavailableError, type ExceededLimit, type SandboxInfo } from '@sentinel/core';
import { initSpec, MAX_JOB_DIR_ENTRIES, nulSeparated, procMasks, runArgs, spareArgs, systemBinds, type SandboxLayout } from './bwrap-args.js';
import type { BwrapOptions } from './bwrap-options.js';
import type { CgroupUsage, RunCgroup } from './cgroup/types.js';
import { describeSandbox } from './describe.js';
import { SandboxFailedError, rethrowTyped } from './errors.js';
import { readInitReport, ReportFormatError, type InitReport } from './init-report.js';
import { BUNDLED_INIT } from './native.js';
import { supervise, type SupervisedOutcome, type Watcher } from './process.js';
import { createSpareSpawner, SparePool, startSpare, type Spare } from './spare.js';
import type { Spawner } from './spawner.js';
import type { RunOutcome, RunSpec, Sandbox } from './types.js';
import { UidPool } from './uid-pool.js';

export type { BwrapOptions } from './bwrap-options.js';

const MiB = 1024 * 1024;

/** Spares a run takes at most when each turns out to have ended while it waited. */
const MAX_SPARE_ATTEMPTS = 3;

/** Processes of a run besides the program's own: the waiting bwrap and sentinel-init. */
const SANDBOX_PROCESSES = 2;

export class BwrapSandbox implements Sandbox {
  readonly info: SandboxInfo;
  private readonly layout: SandboxLayout;
  private readonly spares: SparePool;
  private readonly spawner: Spawner;
  /** Starts a spare whose stdin is a FIFO: an interactive run takes one of its own, never a pooled one. */
  private readonly startPipeSpare: () => Promise<Spare>;

  constructor(private readonly options: BwrapOptions) {
    this.layout = {
      system: systemBinds(),
      procMasks: procMasks(),
      initPath: options.initPath ?? BUNDLED_INIT,
      tmpBytes: options.tmpBytes,
      jobDirBytes: options.jobDirBytes,
      openFiles: options.openFiles,
      rlimits: !options.cgroups,
      seccomp: options.seccompFilter !== undefined,
      signalsPending: options.signalsPending,
      messageQueueBytes: options.messageQueueBytes,
    };
    this.info = describeSandbox(options);
    const uidCount = options.uidCount ?? 1;
    const uids = options.uid === undefined ? undefined : { first: options.uid, count: uidCount };
    this.spawner = createSpareSpawner({ bwrapPath: options.bwrapPath, argv: spareArgs(this.layout), uids, gid: options.gid });
    const uid = uids && new UidPool(uids.first, uids.count);
    const { seccompFilter, cgroups, scratchDir } = options;
    this.spares = new SparePool(() => startSpare({ spawner: this.spawner, uid, seccompFilter, cgroups, scratchDir }), options.spares);
    this.startPipeSpare = () => startSpare({ spawner: this.spawner, uid, seccompFilter, cgroups, scratchDir, stdin: 'pipe' });
  }

  run(spec: RunSpec): Promise<RunOutcome> {
    return this.runInSpare(spec).catch(rethrowTyped);
  }

  private async runInSpare(spec: RunSpec): Promise<RunOutcome> {
    // Made before a spare is taken: options the sandbox refuses fail the run before it starts.
    const launch = { init: nulSeparated(initSpec(spec, this.layout)), args: nulSeparated(runArgs(spec, this.layout)) };
    for (let attempt = 1; ; attempt += 1) {
      const spare = spec.streams ? await this.startPipeSpare() : await this.spares.take();
      try {
        const outcome = await this.runIn(spec, launch, spare);
        if (outcome) return outcome;
      } finally {
        await spare.dispose();
      }
      if (attempt === MAX_SPARE_ATTEMPTS) throw new SandboxFailedError('start', `${MAX_SPARE_ATTEMPTS} spare sandboxes in a row ended before their run`);
    }
  }

  /** The run in `spare`; undefined when the spare turns out to have ended while it waited (killed from outside). */
  private async runIn(spec: RunSpec, launch: { init: Buffer; args: Buffer }, spare: Spare): Promise<RunOutcome | undefined> {
    const { child, cgroup } = spare;
    await cgroup?.begin({ memoryMb: spec.limits.memoryMb, processes: spec.limits.processes + SANDBOX_PROCESSES });
    if (!(await spare.prepare(spec.stdin))) return undefined;

    const watchers: Watcher[] = [];
    if (cgroup) watchers.push(cpuWatcher(cgroup, spec.limits.cpuMs, this.options.cpus));
    const kill = () => spare.kill().catch(() => {});
    const collect = spec.collectInto === undefined ? undefined : { into: spec.collectInto, maxBytes: this.options.jobDirBytes, maxEntries: MAX_JOB_DIR_ENTRIES };
    const reported = readInitReport(spare.report, collect).catch((error: unknown): InitReport => {
      if (error instanceof ReportFormatError) return { entries: 0, bytes: 0, overflow: 'bytes' }; // see ReportFormatError
      throw error;
    });
    const supervised = supervise(child, { wallMs: spec.limits.wallMs, outputBytes: spec.limits.outputKb * 1024, kill, watchers, streams: spec.streams, stdinPipe: spare.stdinPipe });
    const launched = spare.launch(launch.init, launch.args);
    this.spares.fill(); // the next run's spare starts while this one goes

    if ((await launched) === undefined) {
      const failed = await supervised;
      // Stopped at a limit before its launch answer was read (an executor frozen past the wall
      // time, whose timers run before its I/O on waking): the run's verdict, not a fault of ours.
      // So is an interactive run stopped (killed by its client) before its launch answer came.
      if (failed.exceeded || spec.streams?.signal.aborted) return { ...failed, cpuMs: null, memoryKb: null };
      throw new SandboxFailedError('start', `bwrap could not create the sandbox (exit ${failed.exitCode ?? failed.signal}): ${failed.stderr.trim()}`);
    }
    const outcome = await supervised;
    const [report, usage] = await Promise.all([reported, cgroup?.usage()]);
    const end = programEnd(outcome);
    return {
      ...outcome,
      ...end,
      cpuMs: usage ? Math.round(usage.cpuMs) : (report.end?.cpuMs ?? null),
      memoryKb: usage?.memoryPeakKb ?? (report.end?.memoryPeakBytes ? Math.round(report.end.memoryPeakBytes / 1024) : null),
      exceeded: exceededLimit(spec, outcome, end, report, usage),
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
  async probe(files: string): Promise<void> {
    let outcome: RunOutcome;
    try {
      outcome = await this.run({
        argv: ['/usr/bin/true'],
        files,
        env: { PATH: '/usr/bin:/bin' },
        readOnlyPaths: [],
        stdin: '',
        limits: { wallMs: 10_000, cpuMs: 10_000, memoryMb: 64, processes: 8, outputKb: 64, fileSizeKb: 64 },
        memoryRlimit: 'address-space',
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

/**
 * The limit that ended the run, if one did: the executor's own watchers first (wall, output,
 * cgroup CPU), then a compile's output past its bounds (as the executor or sentinel-init found
 * it), its cgroup's or sentinel-init's watcher's findings, the way it died (SIGXCPU), and, for a
 * run that failed, the bound it ran into.
 */
function exceededLimit(spec: RunSpec, outcome: SupervisedOutcome, end: Pick<RunOutcome, 'exitCode' | 'signal'>, report: InitReport, usage?: CgroupUsage): ExceededLimit | null {
  const failed = end.exitCode !== 0;
  const disks = report.end?.disks ?? [];
  const fullDisk = disks.some((disk) => disk.size > 0 && disk.size - disk.used <= Math.max(disk.size / 20, MiB));
  return (
    outcome.exceeded ??
    (report.overflow || report.end?.box.startsWith('too-') ? 'disk' : null) ??
    (usage?.oomKilled ? 'memory' : null) ??
    report.end?.exceeded ??
    overCpu(usage?.cpuMs, spec.limits.cpuMs) ??
    (end.signal === 'SIGXCPU' ? 'cpu' : null) ??
    (failed && spec.collectInto !== undefined && fullDisk ? 'disk' : null) ??
    (failed && (usage?.pidsLimitHit || (!usage && (report.end?.tasksPeak ?? 0) >= spec.limits.processes)) ? 'processes' : null)
  );
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
