import type { ExceededLimit, Limits, MemoryRlimit, SandboxInfo } from '@sentinel/core';

/** One program to run in the sandbox. */
export interface RunSpec {
  /** argv; argv[0] is looked up on the sandbox's PATH (from `env`). */
  argv: readonly string[];
  /**
   * The job's files on the host (written by the executor, never by untrusted code), shown
   * read-only at /job. The run's working directory, /box, is a fresh tmpfs of its own capped at
   * the job directory's size: a test run finds a symlink there to each of the files; a compile
   * (collectInto set) finds copies to write next to.
   */
  files: string;
  /**
   * The compile step: an empty host directory that gets what the run left in /box, read back
   * through sentinel-init and bounded in size and entries. Untrusted code never writes to the host.
   */
  collectInto?: string;
  /** The program's whole environment (nothing else is inherited). */
  env: Readonly<Record<string, string>>;
  /** Extra host paths to expose read-only, at the same path. */
  readOnlyPaths: readonly string[];
  /** The program's whole stdin, a regular file; unused (empty) with `streams`. */
  stdin: string;
  /** An interactive run: stdin is a pipe fed as input arrives, and output is passed on as it is written. */
  streams?: RunStreams;
  limits: Limits;
  /** Where no cgroup bounds memory: the pack's choice of per-process rlimit (see PackOptions). */
  memoryRlimit: MemoryRlimit;
}

/** The streams of an interactive run (every limit of the run still holds). */
export interface RunStreams {
  /** The program's stdin, chunk by chunk; the pipe is closed (end of file) when it ends. */
  input: AsyncIterable<string | Buffer>;
  /** Each chunk of stdout or stderr as the program writes it, within limits.outputKb. */
  onOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** Aborting ends the run: with an ExceededLimit as reason, that is the limit it passed; otherwise it was killed. */
  signal: AbortSignal;
}

/** How one run ended. Never an exception for what the program itself did. */
export interface RunOutcome {
  /** Captured stdout, cut at limits.outputKb, as text (invalid UTF-8 replaced) and as the bytes written. */
  stdout: string;
  stdoutBytes: Buffer;
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
  /** Runs one program. Rejects only for Sentinel's own faults, with a SentinelError saying whether a retry can help. */
  run(spec: RunSpec): Promise<RunOutcome>;
  /** Releases what the sandbox keeps between runs (spare sandboxes). Runs after close() fail. */
  close(): Promise<void>;
}
