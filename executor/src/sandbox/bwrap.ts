/**
 * The bubblewrap sandbox. Every run (the compile and each test) gets fresh namespaces, a read-only
 * system, private /proc, minimal /dev, a capped /tmp and the job directory at /box; a seccomp
 * filter; per-process rlimits (file size, open files, no core dumps); and its own cgroup for
 * memory, processes and CPU time over the whole tree. bwrap is started with an empty environment
 * and, when the executor is root, as the dedicated sandbox uid/gid.
 *
 * The cgroup is joined before the program runs: bwrap creates the sandbox, reports the sandbox's
 * pid on --info-fd and waits on --block-fd; the executor moves that pid into the run's cgroup and
 * only then lets it go on, so everything the program starts is born inside the group.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { SandboxUnavailableError, type ExceededLimit, type SandboxInfo } from '@sentinel/core';
import { directoryUsage, jobDirEntries } from '../job-files.js';
import { bwrapArgs, systemBinds, type SandboxLayout } from './bwrap-args.js';
import type { Cgroups, RunCgroup } from './cgroup/types.js';
import { killGroup, supervise, type SupervisedOutcome, type Watcher } from './process.js';
import { SECCOMP_POLICY } from './seccomp.js';
import { stdinFile } from './stdin-file.js';
import type { RunOutcome, RunSpec, Sandbox } from './types.js';

export interface BwrapOptions {
  bwrapPath: string;
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
}

/** Entries of a writable job directory past this many stop the run (many tiny files). */
const MAX_JOB_DIR_ENTRIES = 4_096;
const DISK_CHECK_MS = 100;

export class BwrapSandbox implements Sandbox {
  readonly info: SandboxInfo;
  private readonly layout: SandboxLayout;

  constructor(private readonly options: BwrapOptions) {
    this.layout = {
      system: systemBinds(),
      tmpBytes: options.tmpBytes,
      jobDirBytes: options.jobDirBytes,
      openFiles: options.openFiles,
      rlimitCpu: !options.cgroups,
      seccomp: options.seccompFilter !== undefined,
    };
    this.info = describe(options);
  }

  async run(spec: RunSpec): Promise<RunOutcome> {
    const entries = spec.jobDirMode === 'snapshot' ? await jobDirEntries(spec.jobDir) : [];
    // pids.max counts the sandbox's init (tini, pid 1) besides the program's processes.
    const cgroup = await this.options.cgroups?.create({ memoryMb: spec.limits.memoryMb, processes: spec.limits.processes + 1 });
    try {
      return await this.runIn(spec, entries, cgroup);
    } finally {
      if (cgroup) {
        await cgroup.killAll();
        await cgroup.remove();
      }
    }
  }

  private async runIn(spec: RunSpec, entries: readonly string[], cgroup: RunCgroup | undefined): Promise<RunOutcome> {
    const input = await stdinFile(spec.jobDir, spec.stdin);
    const child = spawn(this.options.bwrapPath, bwrapArgs(spec, entries, this.layout), {
      env: {},
      uid: this.options.uid,
      gid: this.options.gid,
      stdio: [input.fd, 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    // No await before supervise() below: a spawn failure is emitted on the next tick and must find
    // its listener. The child has its own copy of the stdin descriptor; ours is closed at the end.
    const closeInput = () => input.close().catch(() => {});
    const [, , , info, block, seccomp] = child.stdio as unknown as [unknown, unknown, unknown, Readable, Writable & Readable, Writable & Readable];
    for (const extra of [info, block, seccomp]) {
      extra.on('error', () => {}); // bwrap may be gone (it reports why on stderr)
      extra.resume();
    }
    seccomp.end(this.options.seccompFilter ?? Buffer.alloc(0));

    const watchers: Watcher[] = [];
    if (cgroup) watchers.push(cpuWatcher(cgroup, spec.limits.cpuMs, this.options.cpus));
    if (spec.jobDirMode === 'writable') watchers.push(diskWatcher(spec.jobDir, this.options.jobDirBytes));
    let sandboxPid: number | undefined;
    // The sandbox's pid 1 is killed first (with its cgroup, or by pid while bwrap still waits for
    // it), so the outer bwrap reaps it and exits; killing the outer bwrap first would orphan it
    // to the host's init as a zombie that may never be reaped (a container's pid 1 rarely reaps).
    const kill = async () => {
      if (sandboxPid === undefined) return killGroup(child); // no program started yet
      if (cgroup) return cgroup.killAll().catch(() => killGroup(child));
      if (child.exitCode !== null || child.signalCode !== null) return; // reaped: the pid may be reused
      try {
        process.kill(sandboxPid, 'SIGKILL'); // pid 1 of the sandbox: its namespace dies with it
      } catch {
        killGroup(child);
      }
    };
    const supervised = supervise(child, { wallMs: spec.limits.wallMs, outputBytes: spec.limits.outputKb * 1024, kill, watchers });
    void supervised.finally(closeInput).catch(() => {});

    const pid = (sandboxPid = await readSandboxPid(info));
    if (pid === undefined) {
      const failed = await supervised;
      throw new Error(`bwrap could not create the sandbox (exit ${failed.exitCode ?? failed.signal}): ${failed.stderr.trim()}`);
    }
    try {
      await cgroup?.adopt(pid);
    } catch (error) {
      await kill();
      // Most often bwrap itself gave up (it says why on stderr), so the pid was gone.
      const ended = await supervised.catch(() => undefined);
      const said = ended?.stderr.trim();
      throw new Error(`cannot move the sandbox into its cgroup: ${(error as Error).message}${said ? `; bwrap: ${said}` : ''}`, { cause: error });
    }
    block.end('go');
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
    network: 'bwrap --unshare-all: a private network namespace with only loopback; seccomp refuses sockets other than AF_UNIX',
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
    fileSizeKb: 'RLIMIT_FSIZE per file (prlimit)',
    openFiles: `RLIMIT_NOFILE ${options.openFiles} (prlimit)`,
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
  return { mode: 'bwrap', enforced, warnings };
}
