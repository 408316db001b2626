/**
 * What the benchmarks share to run programs raw and through the full sandbox (bwrap namespaces,
 * seccomp, cgroup, rlimits, sentinel-init, the job's files linked into /box): a temp directory with hello world in
 * python, node and a C++ binary, a BwrapSandbox configured as the executor's (spare sandboxes
 * waiting) and one with no spares (cold starts), and timing helpers.
 * Must run as root (cgroups, sandbox uid); build first (it imports executor/dist).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BwrapSandbox } from '../../executor/dist/sandbox/bwrap.js';
import { detectCgroups } from '../../executor/dist/sandbox/cgroup/detect.js';
import { buildSeccompFilter, seccompArch } from '../../executor/dist/sandbox/seccomp.js';
import { userCounters } from '../../executor/dist/sandbox/user-counters.js';
import { SANDBOX_ID } from '../../executor/dist/config.js';
import { DEFAULT_LIMITS, type Limits } from '@sentinel/core';

export const HELLO = 'Hello, Sentinel!\n';
export const PYTHON_HELLO = 'print("Hello, Sentinel!")\n';

export interface Program {
  name: string;
  argv: string[];
}

export const programs: readonly Program[] = [
  { name: 'python hello', argv: ['/usr/bin/python3', '-E', '-s', '-B', 'main.py'] },
  { name: 'node hello', argv: ['/usr/bin/node', 'main.js'] },
  { name: 'C++ hello (binary)', argv: ['./main'] },
];
export const [pythonHello] = programs as [Program];

export interface CostRow {
  program: string;
  runs: number;
  rawMedianMs: number;
  sandboxMedianMs: number;
  addedMs: number;
  ratio: number;
  rawP90Ms: number;
  sandboxP90Ms: number;
  /** The same run with no spare waiting: the sandbox's whole start-up on the way. */
  coldMedianMs: number;
  coldAddedMs: number;
}

export interface BoxRun {
  argv: string[];
  /** The job's files (the bench's own directory by default). */
  dir?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** A compile: what the run leaves in /box is written here. */
  collectInto?: string;
  limits?: Limits;
}

const defaultEnv = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };

export class SandboxBench {
  private constructor(
    readonly dir: string,
    /** The sandboxes' stdin files: never a job directory, whose entries a run binds into /box. */
    private readonly scratch: string,
    /** As the executor runs: spares waiting, one per CPU. */
    private readonly sandbox: BwrapSandbox,
    /** No spares: every run starts its own sandbox. */
    private readonly cold: BwrapSandbox,
    private readonly owner: { uid?: number; gid?: number },
  ) {}

  /** Writes the hello programs into a fresh temp directory owned by the sandbox uid. */
  static async create(cgroupName = 'sentinel-bench'): Promise<SandboxBench> {
    const uid = process.getuid?.() === 0 ? SANDBOX_ID : undefined;
    const owner = uid === undefined ? {} : { uid, gid: uid };
    const dir = await SandboxBench.tempDir(owner);
    await writeFile(path.join(dir, 'main.py'), PYTHON_HELLO);
    await writeFile(path.join(dir, 'main.js'), 'console.log("Hello, Sentinel!");\n');
    await writeFile(path.join(dir, 'main.cpp'), '#include <iostream>\nint main() { std::cout << "Hello, Sentinel!" << std::endl; }\n');
    const compiled = spawnSync('/usr/bin/g++', ['-O2', '-o', path.join(dir, 'main'), path.join(dir, 'main.cpp')]);
    if (compiled.status !== 0) throw new Error(`g++ failed: ${compiled.stderr}`);
    if (uid !== undefined) for (const name of ['main.py', 'main.js', 'main']) await chown(path.join(dir, name), uid, uid);
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'sentinel-bench-scratch-'));
    const slots = 2 * os.availableParallelism(); // running and waiting, as the executor counts them
    const options = {
      bwrapPath: '/usr/bin/bwrap',
      ...owner,
      uidCount: slots,
      tmpBytes: 64 << 20,
      jobDirBytes: 64 << 20,
      openFiles: 256,
      ...userCounters(slots),
      seccompFilter: buildSeccompFilter(seccompArch()),
      cgroups: await detectCgroups({ mode: 'auto', mount: '/sys/fs/cgroup', name: cgroupName }),
      cpus: os.availableParallelism(),
      scratchDir: scratch,
    };
    return new SandboxBench(dir, scratch, new BwrapSandbox({ ...options, spares: os.availableParallelism() }), new BwrapSandbox({ ...options, spares: 0 }), owner);
  }

  /** A fresh directory (mode 755) owned by the sandbox uid, for programs of a benchmark's own. */
  private static async tempDir(owner: { uid?: number; gid?: number }): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-bench-'));
    await chmod(dir, 0o755);
    if (owner.uid !== undefined) await chown(dir, owner.uid, owner.gid!);
    return dir;
  }

  newDir(): Promise<string> {
    return SandboxBench.tempDir(this.owner);
  }

  async writeOwned(file: string, text: string): Promise<void> {
    await writeFile(file, text);
    if (this.owner.uid !== undefined) await chown(file, this.owner.uid, this.owner.gid!);
  }

  /** A plain spawn as the same uid, in the same directory: ms until it exits (0, or a throw). */
  raw(argv: string[]): Promise<number> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { cwd: this.dir, env: defaultEnv, ...this.owner, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.resume();
      child.stderr.resume();
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${argv[0]} exited ${code}`))));
    });
  }

  /** One sandboxed run: its stdout (throws unless it exits 0). */
  async run(spec: BoxRun, sandbox = this.sandbox): Promise<string> {
    const outcome = await sandbox.run({
      argv: spec.argv,
      files: spec.dir ?? this.dir,
      collectInto: spec.collectInto,
      env: spec.env ?? defaultEnv,
      readOnlyPaths: [],
      stdin: spec.stdin ?? '',
      limits: spec.limits ?? DEFAULT_LIMITS,
      memoryRlimit: 'address-space',
    });
    if (outcome.exitCode !== 0) throw new Error(`sandboxed ${spec.argv[0]}: ${JSON.stringify(outcome)}`);
    return outcome.stdout;
  }

  /** A sandboxed hello (with a spare waiting, as the executor runs it): ms until it exits, checking its output. */
  async sandboxed(argv: string[], sandbox = this.sandbox): Promise<number> {
    const started = performance.now();
    const stdout = await this.run({ argv }, sandbox);
    if (stdout !== HELLO) throw new Error(`sandboxed ${argv[0]} printed ${JSON.stringify(stdout)}`);
    return performance.now() - started;
  }

  /** Until the spares started for the next runs are ready (so they do not load the next measure). */
  async settle(): Promise<void> {
    await this.sandbox.idleSpares();
  }

  /**
   * Raw vs sandboxed (with a spare) vs sandboxed cold, alternating so all see the same machine
   * load, after 3 warm-up rounds. Each timing starts once the spares are ready, so starting the
   * next spare never overlaps the raw run it would slow down.
   */
  async cost(program: Program, runs: number): Promise<CostRow> {
    const times = { raw: [] as number[], box: [] as number[], cold: [] as number[] };
    for (let i = 0; i < runs + 3; i++) {
      await this.settle();
      const raw = await this.raw(program.argv);
      await this.settle();
      const box = await this.sandboxed(program.argv);
      await this.settle();
      const cold = await this.sandboxed(program.argv, this.cold);
      if (i < 3) continue;
      times.raw.push(raw);
      times.box.push(box);
      times.cold.push(cold);
    }
    const rawMedian = quantile(times.raw, 0.5);
    const boxMedian = quantile(times.box, 0.5);
    const coldMedian = quantile(times.cold, 0.5);
    return {
      program: program.name,
      runs,
      rawMedianMs: round(rawMedian),
      sandboxMedianMs: round(boxMedian),
      addedMs: round(boxMedian - rawMedian),
      ratio: round(boxMedian / rawMedian),
      rawP90Ms: round(quantile(times.raw, 0.9)),
      sandboxP90Ms: round(quantile(times.box, 0.9)),
      coldMedianMs: round(coldMedian),
      coldAddedMs: round(coldMedian - rawMedian),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.sandbox.close(), this.cold.close()]);
    await rm(this.dir, { recursive: true, force: true });
    await rm(this.scratch, { recursive: true, force: true });
  }
}

export const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function machine(): string {
  return `${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}`;
}
