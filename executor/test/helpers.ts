import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { ExecutionContext } from 'ava';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_CHECKER, loadPacks, type JobPayload, type Limits, type ResolvedPack } from '@sentinel/core';
import { SANDBOX_ID } from '../src/config.js';
import { closeInheritedFds } from '../src/fd-hygiene.js';
import { BwrapSandbox } from '../src/sandbox/bwrap.js';
import { procMasks, systemBinds, type SandboxLayout } from '../src/sandbox/bwrap-args.js';
import { BUNDLED_INIT } from '../src/sandbox/native.js';
import { detectCgroups } from '../src/sandbox/cgroup/detect.js';
import { parseProcCgroup } from '../src/sandbox/cgroup/files.js';
import { buildSeccompFilter, seccompArch } from '../src/sandbox/seccomp.js';
import { neutralInit } from '../src/sandbox/select.js';
import { userCounters } from '../src/sandbox/user-counters.js';
import type { RunOutcome, RunSpec, Sandbox } from '../src/sandbox/types.js';
import { Workspaces } from '../src/workspace.js';

export const TEST_LIMITS: Limits = { wallMs: 5_000, cpuMs: 5_000, memoryMb: 256, processes: 64, outputKb: 64, fileSizeKb: 1024 };
export const MiB = 1024 * 1024;

/** The identity sandboxes run as in these tests: the sandbox uid when we are root, else ourselves. */
export function ownerFor(uid: number): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid, gid: uid } : undefined;
}
export const owner = ownerFor(SANDBOX_ID);

export interface RealSandboxOptions {
  /** First host uid (and the gid) of sandboxed programs when the tests run as root; a range per
   * test file lets a file count its own leftover processes while other files run. */
  uid?: number;
  /** How many uids from `uid` on (one per live sandbox; 4 by default). */
  uidCount?: number;
  /** No cgroup: rlimits and sentinel-init's watcher bound runs, as in an unprivileged container. */
  rlimits?: boolean;
  /** Parent cgroup name, one per test file for the same reason. */
  cgroupName?: string;
  tmpBytes?: number;
  jobDirBytes?: number;
  /** Spare sandboxes kept waiting (1 by default; 0 starts each run's sandbox on demand). */
  spares?: number;
}

export interface RealSandbox {
  sandbox: BwrapSandbox;
  workspaces: Workspaces;
  /** The private work directory (job directories are under root/jobs). */
  root: string;
  remove(): Promise<void>;
}

/** The real bubblewrap sandbox (seccomp, cgroups, rlimits) over a private work directory, removed when the test ends. */
export async function realSandbox(t: ExecutionContext, options: RealSandboxOptions = {}): Promise<RealSandbox> {
  const real = await createRealSandbox(options);
  t.teardown(() => real.remove());
  return real;
}

export async function createRealSandbox(options: RealSandboxOptions = {}): Promise<RealSandbox> {
  closeInheritedFds(); // as the executor does at start: the test runner's own descriptors stay out
  const root = await mkdtemp(path.join(os.tmpdir(), 'sentinel-test-work-'));
  await chmod(root, 0o711); // the sandbox uid must be able to pass through to its job directory
  const identity = ownerFor(options.uid ?? SANDBOX_ID);
  const workspaces = new Workspaces(path.join(root, 'jobs'));
  await workspaces.init();
  const uidCount = options.uidCount ?? 4;
  const sandbox = new BwrapSandbox({
    bwrapPath: '/usr/bin/bwrap',
    initPath: await neutralInit(workspaces.root),
    ...identity,
    uidCount,
    tmpBytes: options.tmpBytes ?? 16 * MiB,
    jobDirBytes: options.jobDirBytes ?? 16 * MiB,
    openFiles: 64,
    ...userCounters(uidCount),
    seccompFilter: buildSeccompFilter(seccompArch()),
    cgroups: options.rlimits ? undefined : await detectCgroups({ mode: 'auto', mount: '/sys/fs/cgroup', name: options.cgroupName ?? 'sentinel-test' }),
    cpus: os.availableParallelism(),
    scratchDir: root,
    spares: options.spares ?? 1,
  });
  const remove = async () => {
    await sandbox.close();
    await rm(root, { recursive: true, force: true });
  };
  return { sandbox, workspaces, root, remove };
}

/** A small sandbox layout for tests that start spares by hand (no seccomp, no cgroup). */
export function handLayout(): SandboxLayout {
  const MiB = 1024 * 1024;
  return { system: systemBinds(), procMasks: procMasks(), initPath: BUNDLED_INIT, tmpBytes: MiB, jobDirBytes: MiB, openFiles: 16, rlimits: true, seccomp: false, signalsPending: 64, messageQueueBytes: 8192 };
}

export interface BundledPacks {
  python: ResolvedPack;
  javascript: ResolvedPack;
  c: ResolvedPack;
  cpp: ResolvedPack;
  bash: ResolvedPack;
}

/** The real language packs of language-packs/, as installed in the workspace. */
export async function bundledPacks(): Promise<BundledPacks> {
  const registry = await loadPacks({ names: ['python', 'javascript', 'c', 'cpp', 'bash'] });
  const find = (id: string) => registry.find(id)!;
  return { python: find('python'), javascript: find('javascript'), c: find('c'), cpp: find('cpp'), bash: find('bash') };
}

/** Wraps a real sandbox and records every run (to count compiles, measure concurrency). */
export class RecordingSandbox implements Sandbox {
  readonly runs: RunSpec[] = [];
  running = 0;
  maxRunning = 0;

  constructor(private readonly inner: Sandbox) {}

  get info() {
    return this.inner.info;
  }

  async run(spec: RunSpec): Promise<RunOutcome> {
    this.runs.push(spec);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      return await this.inner.run(spec);
    } finally {
      this.running -= 1;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A complete job payload, as the master makes it, with `fields` over the defaults. */
export function payload(fields: Partial<JobPayload> & Pick<JobPayload, 'language' | 'code'>): JobPayload {
  return {
    id: randomUUID(),
    testCases: [],
    stdin: '',
    args: [],
    files: [],
    compilerOptions: [],
    limits: {},
    checker: { ...DEFAULT_CHECKER },
    stopOnFirstFailure: false,
    submittedAt: new Date().toISOString(),
    ...fields,
  };
}

/** The directory of a process's run cgroup: in the v1 pids hierarchy, or the v2 one. */
export async function cgroupDirOf(pid: number): Promise<string> {
  const own = parseProcCgroup(await readFile(`/proc/${pid}/cgroup`, 'utf8'));
  return own.has('pids') ? `/sys/fs/cgroup/pids${own.get('pids')}` : `/sys/fs/cgroup${own.get('')}`;
}

/**
 * Waits up to `timeoutMs` for a process to end; answers whether it did. A zombie counts as ended:
 * in a container whose pid 1 never reaps, a killed orphan stays one.
 */
export async function processEnds(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    if (Date.now() > deadline) return false;
  }
}
