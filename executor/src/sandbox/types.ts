import type { Limits, SandboxInfo } from '@sentinel/core';

/** One program to run in the sandbox. */
export interface RunSpec {
  /** argv; argv[0] is looked up on the sandbox's PATH (from `env`). */
  argv: readonly string[];
  /** The job directory on the host; the program sees it as its working directory. */
  jobDir: string;
  /** The program's whole environment (nothing else is inherited). */
  env: Readonly<Record<string, string>>;
  /** Extra host paths to expose read-only, at the same path. */
  readOnlyPaths: readonly string[];
  stdin: string;
  limits: Limits;
}

/** How one run ended. Never an exception for what the program itself did. */
export interface RunOutcome {
  stdout: string;
  stderr: string;
  /** Exit status, or null when the program was killed by a signal. */
  exitCode: number | null;
  /** Signal name (e.g. "SIGKILL") when the program was killed by one. */
  signal: string | null;
  /** Wall-clock time of the run, ms. */
  wallMs: number;
  /** Killed for passing limits.wallMs. */
  wallTimeExceeded: boolean;
  /** Killed for passing limits.outputKb on stdout or stderr (the captured text is cut at the cap). */
  outputExceeded: boolean;
}

export interface Sandbox {
  readonly info: SandboxInfo;
  /** Runs one program. Rejects only for Sentinel's own faults (e.g. bwrap missing). */
  run(spec: RunSpec): Promise<RunOutcome>;
}
