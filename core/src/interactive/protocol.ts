/**
 * Interactive sessions (README "Interactive runs"): the typed entries of a session's two Redis
 * streams, shared by the master (which writes input and reads output) and the executor (which
 * reads input and writes output). Any master and any executor meet through these streams alone.
 */
import type { ExceededLimit } from '../limits.js';
import type { Verdict } from '../verdict.js';

/** Why a session's run was stopped from outside. */
export type KillReason = 'client' | 'disconnected' | 'lost';

/** What a client sends toward the run (the input stream). */
export type SessionInput =
  | { kind: 'data'; data: string }
  /** Closes the program's stdin. */
  | { kind: 'eof' }
  | { kind: 'kill'; reason: KillReason }
  /** A write refused for passing the stdin bound: the run ends with limitExceeded "input". */
  | { kind: 'overflow' };

export type SessionStage = 'compile' | 'run';

/** How a session's run ended: the run's verdict and measures, as a job without tests has them. */
export interface SessionExit {
  verdict: Verdict;
  exitCode: number | null;
  signal: string | null;
  /** Wall time of the whole session (compile and run), ms, as a job's executionTime. */
  executionTime: number;
  cpuTimeMs: number | null;
  memoryKb: number | null;
  limitExceeded: ExceededLimit | null;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** The compiler's output on COMPILATION_ERROR. */
  error?: string;
}

/** What the run sends back (the output stream), in order; `exit` and `error` are last. */
export type SessionOutput =
  | { kind: 'stage'; stage: SessionStage }
  | { kind: 'stdout' | 'stderr'; data: string }
  | { kind: 'exit'; exit: SessionExit }
  | { kind: 'error'; code: SessionErrorCode; message: string };

/** Why a session ended without an exit: its executor stopped (or the session expired unrun), or failed. */
export type SessionErrorCode = 'SESSION_LOST' | 'INTERNAL_ERROR';

/** What the master records when it queues a session: any master attaching reads it. */
export interface SessionRecord {
  language: string;
  bounds: InteractiveBounds;
}

/** The bounds of one session, from the master's config (README "Interactive runs"). */
export interface InteractiveBounds {
  /** The run's wall clock, ms (a request's limits.wallMs may lower it). */
  wallMs: number;
  /** Longest time without input or output, ms; then the run stops (TIME_LIMIT, limitExceeded "idle"). */
  idleMs: number;
  /** Most bytes of stdin a session takes in all; past it the run stops (limitExceeded "input"). */
  stdinBytes: number;
}

export const isTerminal = (output: SessionOutput): boolean => output.kind === 'exit' || output.kind === 'error';

const PREFIX = 'sentinel:interactive';
/** The Redis keys of session `id`: each has a TTL, each stream a MAXLEN. */
export const sessionKeys = (id: string) => ({
  record: `${PREFIX}:${id}:session`,
  input: `${PREFIX}:${id}:in`,
  output: `${PREFIX}:${id}:out`,
  /** Bytes of stdin taken so far (the stdin bound holds across masters). */
  stdinBytes: `${PREFIX}:${id}:stdin-bytes`,
  /** Set once, by the executor that starts the run: a second start is a re-delivery after a crash. */
  started: `${PREFIX}:${id}:started`,
  /** The running executor's heartbeat: its absence after the start means the executor is gone. */
  alive: `${PREFIX}:${id}:alive`,
});

/** Stream entries as Redis holds them: a kind and one text field. */
export function encodeInput(input: SessionInput): string[] {
  switch (input.kind) {
    case 'data':
      return ['k', 'data', 'd', input.data];
    case 'kill':
      return ['k', 'kill', 'd', input.reason];
    default:
      return ['k', input.kind];
  }
}

export function decodeInput(fields: Record<string, string>): SessionInput | undefined {
  switch (fields.k) {
    case 'data':
      return { kind: 'data', data: fields.d ?? '' };
    case 'eof':
    case 'overflow':
      return { kind: fields.k };
    case 'kill':
      return { kind: 'kill', reason: (['client', 'disconnected', 'lost'] as const).find((reason) => reason === fields.d) ?? 'client' };
    default:
      return undefined; // not ours: skipped
  }
}

export function encodeOutput(output: SessionOutput): string[] {
  switch (output.kind) {
    case 'stage':
      return ['k', 'stage', 'd', output.stage];
    case 'stdout':
    case 'stderr':
      return ['k', output.kind, 'd', output.data];
    case 'exit':
      return ['k', 'exit', 'd', JSON.stringify(output.exit)];
    case 'error':
      return ['k', 'error', 'c', output.code, 'd', output.message];
  }
}

export function decodeOutput(fields: Record<string, string>): SessionOutput | undefined {
  const data = fields.d ?? '';
  switch (fields.k) {
    case 'stage':
      return { kind: 'stage', stage: data === 'compile' ? 'compile' : 'run' };
    case 'stdout':
    case 'stderr':
      return { kind: fields.k, data };
    case 'exit':
      return { kind: 'exit', exit: JSON.parse(data) as SessionExit };
    case 'error':
      return { kind: 'error', code: fields.c === 'INTERNAL_ERROR' ? 'INTERNAL_ERROR' : 'SESSION_LOST', message: data };
    default:
      return undefined;
  }
}
