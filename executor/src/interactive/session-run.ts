/**
 * The executor's side of an interactive session (README "Interactive runs"). It claims the run
 * once (a second claim is a re-delivery after a crash, which must not replay a live conversation),
 * beats while the run goes, feeds the program's stdin from the session's input stream, appends
 * the program's output to the output stream as it is written, and stops the run at the idle bound,
 * the stdin bound or the client's kill.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Redis } from 'ioredis';
import { describe, SessionLostError, type InteractiveBounds, type SessionErrorCode, type SessionExit, type SessionOutput, type SessionStage, type SessionStreams } from '@sentinel/core';
import type { RunStreams } from '../sandbox/types.js';

/** The heartbeat's period and validity: a master reads the session as lost within about the TTL. */
export const BEAT_EVERY_MS = 1_000;
export const BEAT_TTL_MS = 5_000;
/** Longest one blocking read of the input waits, so the reader notices the run's end. */
const READ_BLOCK_MS = 1_000;

export interface SessionRunOptions {
  id: string;
  bounds: InteractiveBounds;
  streams: SessionStreams;
  /** A command connection; the input is read on a blocking duplicate of it. */
  redis: Redis;
  /** Who claims the run (the executor's id). */
  owner: string;
}

export class SessionRun {
  private readonly abort = new AbortController();
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private writes: Promise<void> = Promise.resolve();
  private beat: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private reader: Redis | undefined;
  private done = false;
  /** Input taken from the stream, not yet written to the program. */
  private readonly pending: string[] = [];
  private inputEnded = false;
  /** Wakes the stdin generator when input arrives or reading ends. */
  private wake: () => void = () => {};

  constructor(private readonly options: SessionRunOptions) {
    this.abort.signal.addEventListener('abort', () => this.wake());
  }

  /**
   * Claims the session's run, or ends the session with SESSION_LOST and throws SessionLostError
   * (never retried): when it was started before, or expired before an executor took it.
   */
  async claim(): Promise<void> {
    const { streams, id, owner } = this.options;
    if (!(await streams.record(id))) throw new SessionLostError(`interactive session ${id} expired before an executor took it`);
    if (!(await streams.claimStart(id, owner))) {
      const message = 'the executor running this session stopped; a live session cannot be run again';
      await streams.writeOutput(id, { kind: 'error', code: 'SESSION_LOST', message });
      throw new SessionLostError(`interactive session ${id}: ${message}`);
    }
    await streams.beat(id, BEAT_TTL_MS);
    this.beat = setInterval(() => void streams.beat(id, BEAT_TTL_MS).catch(() => {}), BEAT_EVERY_MS);
  }

  stage(stage: SessionStage): Promise<void> {
    return this.send({ kind: 'stage', stage });
  }

  /** The run's streams: stdin from the input stream, output to the output stream, stops by the bounds. */
  runStreams(): RunStreams {
    this.touch();
    return {
      input: this.input(),
      onOutput: (name, chunk) => {
        this.touch();
        const data = this.decoders[name].write(chunk);
        if (data) void this.send({ kind: name, data });
      },
      signal: this.abort.signal,
    };
  }

  /** The last entry: how the run ended. */
  async exit(exit: SessionExit): Promise<void> {
    this.stop();
    for (const name of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[name].end();
      if (rest) void this.send({ kind: name, data: rest });
    }
    await this.send({ kind: 'exit', exit });
  }

  /** The last entry when the run could not be made (Sentinel's fault). */
  async fail(code: SessionErrorCode, message: string): Promise<void> {
    this.stop();
    await this.send({ kind: 'error', code, message }).catch(() => {});
  }

  /** Stops the heartbeat and the reader; the master now reads the end from the output stream. */
  async close(): Promise<void> {
    this.stop();
    await this.writes.catch(() => {});
    await this.options.streams.stopBeat(this.options.id).catch(() => {});
  }

  private stop(): void {
    this.done = true;
    clearInterval(this.beat);
    clearTimeout(this.idle);
    this.reader?.disconnect();
    this.wake();
  }

  /** Input or output just happened: the idle bound counts from now. */
  private touch(): void {
    if (this.done) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.abort.abort('idle'), this.options.bounds.idleMs);
  }

  /** Output entries in the order they were written. */
  private send(output: SessionOutput): Promise<void> {
    this.writes = this.writes.then(() => this.options.streams.writeOutput(this.options.id, output));
    return this.writes;
  }

  /** The program's stdin: what the watcher took, until end of file, the run's end or a stop. */
  private async *input(): AsyncGenerator<string> {
    void this.watchInput();
    for (;;) {
      const data = this.pending.shift();
      if (data !== undefined) {
        yield data;
        continue;
      }
      if (this.inputEnded || this.done || this.abort.signal.aborted) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Reads the input stream for the whole run: after end of file a kill still stops it. */
  private async watchInput(): Promise<void> {
    const { streams, id, bounds } = this.options;
    const reader = (this.reader = this.options.redis.duplicate({ connectionName: 'sentinel-executor-session' }));
    let after = '0';
    let taken = 0;
    try {
      while (!this.done && !this.abort.signal.aborted) {
        const batch = await streams.readInput(reader, id, after, READ_BLOCK_MS);
        after = batch.after;
        for (const input of batch.values) {
          if (input.kind === 'kill') return this.abort.abort(input.reason);
          if (input.kind === 'overflow') return this.abort.abort('input');
          if (this.inputEnded) continue; // data after end of file goes nowhere
          if (input.kind === 'eof') {
            this.inputEnded = true;
            continue;
          }
          taken += Buffer.byteLength(input.data);
          // The master refuses past the bound already; counted here too, the executor being the judge.
          if (taken > bounds.stdinBytes) return this.abort.abort('input');
          this.touch();
          this.pending.push(input.data);
        }
        this.wake();
      }
    } catch {
      // The connection was closed at the run's end, or Redis failed: the run ends at its bounds.
    } finally {
      reader.disconnect();
      this.wake();
    }
  }
}
