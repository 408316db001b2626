import type { ExceededLimit, Limits, SandboxInfo } from '@sentinel/core';

/**
 * How the job directory appears to a run, at /box (also its working directory):
 * - "writable": the host directory itself, read-write. The compile step, whose output must outlive
 *   it; what it writes is watched against the job directory's size cap.
 * - "snapshot": a fresh tmpfs capped at the job directory's size, holding the directory's files
 *   and folders read-only. Every test run: nothing it writes reaches the host or the next run.
 */
export type JobDirMode = 'writable' | 'snapshot';

/** One program to run in the sandbox. */
export interface RunSpec {
  /** argv; argv[0] is looked up on the sandbox's PATH (from `env`). */
  argv: readonly string[];
  /** The job directory on the host. */
  jobDir: string;
  jobDirMode: JobDirMode;
  /** The program's whole environment (nothing else is inherited). */
  env: Readonly<Record<string, string>>;
  /** Extra host paths to expose read-only, at the same path. */
  readOnlyPaths: readonly string[];
  stdin: string;
  limits: Limits;
}

/** How one run ended. Never an exception for what the program itself did. */
export interface RunOutcome {
  /** Captured stdout, cut at limits.outputKb. */
  stdout: string;
  stderr: string;
  /** Exit status, or null when the program was killed by a signal. */
  exitCode: number | null;
  /** Signal name (e.g. "SIGKILL") when the program was killed by one. */
  signal: string | null;
  /** Wall-clock time of the run, ms. */
  wallMs: number;
  /** CPU time of the whole process tree, ms; null when the sandbox cannot measure it. */
  cpuMs: number | null;
  /** Peak memory of the whole process tree, KiB; null when the sandbox cannot measure it. */
  memoryKb: number | null;
  /** The limit that stopped the run, if one did. */
  exceeded: ExceededLimit | null;
  /** stdout / stderr passed limits.outputKb and were cut there. */
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
}

export interface Sandbox {
  readonly info: SandboxInfo;
  /** Runs one program. Rejects only for Sentinel's own faults (e.g. bwrap missing). */
  run(spec: RunSpec): Promise<RunOutcome>;
  /** Releases what the sandbox keeps between runs (spare sandboxes). Runs after close() fail. */
  close(): Promise<void>;
}
