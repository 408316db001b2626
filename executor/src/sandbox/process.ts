/**
 * Supervises one spawned process (bwrap, or the program itself when unsandboxed): feeds stdin
 * when it is a pipe,
 * captures stdout and stderr up to a cap (killing the run when either passes it), kills it at a
 * wall-clock deadline, and runs watchers (CPU time, disk use) that may stop it for another limit.
 * Spawning is the caller's: always an argument array, never a shell.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { ExceededLimit } from '@sentinel/core';
import { SandboxFailedError } from './errors.js';
import type { RunOutcome, RunStreams } from './types.js';

/** A periodic check: the limit the run has passed, or the delay until the next check. */
export type Watcher = () => Promise<{ exceeded: ExceededLimit } | { nextMs: number }>;

export interface SuperviseOptions {
  /** Written to the child's stdin when that is a pipe; undefined when stdin was given as a file. */
  stdin?: string;
  /** An interactive run: its input is pumped into `stdinPipe` (or the child's stdin), its output passed on. */
  streams?: RunStreams;
  /** The write end of the program's stdin when it is not the child's own (a spare's FIFO). */
  stdinPipe?: Writable;
  wallMs: number;
  /** Cap on each of stdout and stderr, bytes. */
  outputBytes: number;
  /** Ends the whole run: every process it started. Called once per reason, must not throw. */
  kill: () => Promise<void>;
  watchers?: readonly Watcher[];
}

/** How the process ended, before the sandbox adds what it measured. */
export type SupervisedOutcome = Omit<RunOutcome, 'cpuMs' | 'memoryKb'>;

/** What supervise needs of a process: a ChildProcess, or a spare's SpawnedProcess. */
export interface SupervisedProcess {
  stdout: Readable | null;
  stderr: Readable | null;
  stdin: Writable | null;
  once(event: 'error' | 'exit' | 'close', listener: (...args: any[]) => void): unknown;
}

export function supervise(child: SupervisedProcess, options: SuperviseOptions): Promise<SupervisedOutcome> {
  const started = process.hrtime.bigint();
  const stdout = new CappedBuffer(options.outputBytes);
  const stderr = new CappedBuffer(options.outputBytes);
  const timers = new Set<NodeJS.Timeout>();
  let exceeded: ExceededLimit | null = null;
  let ended = false;

  const stop = (limit: ExceededLimit) => {
    if (ended || exceeded) return;
    exceeded = limit;
    void options.kill();
  };
  const schedule = (ms: number, callback: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      callback();
    }, ms);
    timers.add(timer);
  };
  schedule(options.wallMs, () => stop('wall'));
  for (const watcher of options.watchers ?? []) {
    const check = () => {
      if (ended || exceeded) return;
      watcher().then(
        (answer) => ('exceeded' in answer ? stop(answer.exceeded) : schedule(answer.nextMs, check)),
        () => schedule(50, check), // a failed read (the group is going away) is retried, not fatal
      );
    };
    check();
  }

  const { streams } = options;
  const collect = (buffer: CappedBuffer, name: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const before = buffer.length;
    const within = buffer.push(chunk);
    if (streams && buffer.length > before) streams.onOutput(name, chunk.subarray(0, buffer.length - before));
    if (!within) stop('output');
  };
  child.stdout!.on('data', collect(stdout, 'stdout'));
  child.stderr!.on('data', collect(stderr, 'stderr'));
  const sink = options.stdinPipe ?? child.stdin;
  if (streams && sink) {
    sink.on('error', () => {}); // the program may exit without reading its input
    void pump(streams.input, sink);
    const onAbort = () => {
      const reason: unknown = streams.signal.reason;
      if (isExceededLimit(reason)) stop(reason);
      else if (!ended && !exceeded) void options.kill(); // killed by the client: no limit to name
    };
    if (streams.signal.aborted) onAbort();
    else streams.signal.addEventListener('abort', onAbort, { once: true });
  } else if (child.stdin) {
    child.stdin.on('error', () => {}); // the program may exit without reading its input
    child.stdin.end(options.stdin ?? '');
  }

  return new Promise((resolve, reject) => {
    let spawnError: Error | undefined;
    child.once('error', (error) => {
      spawnError = error;
    });
    // A process it left behind may hold stdout open: end the whole run as soon as the top exits.
    child.once('exit', () => void options.kill());
    child.once('close', (code, signal) => {
      ended = true;
      for (const timer of timers) clearTimeout(timer);
      if (spawnError) return reject(new SandboxFailedError('start', spawnError.message, { cause: spawnError }));
      const stdoutBytes = stdout.bytes();
      resolve({
        stdout: stdoutBytes.toString('utf8'),
        stdoutBytes,
        stderr: stderr.text(),
        exitCode: code,
        signal,
        wallMs: Number(process.hrtime.bigint() - started) / 1e6,
        exceeded,
        stdoutTruncated: stdout.overflowed,
        stderrTruncated: stderr.overflowed,
      });
    });
  });
}

const EXCEEDED_LIMITS: ReadonlySet<unknown> = new Set<ExceededLimit>(['wall', 'cpu', 'memory', 'output', 'disk', 'processes', 'idle', 'input']);

function isExceededLimit(reason: unknown): reason is ExceededLimit {
  return EXCEEDED_LIMITS.has(reason);
}

/** Writes each chunk of `input` into `sink` as the pipe takes it, then closes it (the program reads end of file). */
async function pump(input: AsyncIterable<string | Buffer>, sink: Writable): Promise<void> {
  try {
    for await (const chunk of input) {
      if (sink.destroyed) break;
      // Backpressure: the pipe's buffer is full until the program reads; a closed sink ends the wait.
      if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), once(sink, 'close')]);
    }
  } catch {
    // The pipe broke (the program ended): nothing more to write.
  } finally {
    sink.end();
  }
}

/** SIGKILL to one pid; answers false when there is no such process (any more). */
export function sigkill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** Kills a process group started in a session of its own (and its leader, should the group be gone). */
export function killGroup(child: Pick<ChildProcess, 'pid' | 'kill'>): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Keeps at most `cap` bytes; push() answers false once more than that was offered. */
export class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  overflowed = false;

  /** Bytes kept so far. */
  get length(): number {
    return this.size;
  }

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): boolean {
    if (this.overflowed) return false;
    const room = this.cap - this.size;
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size = this.cap;
      this.overflowed = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}
