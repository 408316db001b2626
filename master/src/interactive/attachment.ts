/**
 * One client's hold on an interactive session: it follows the session's output stream from its
 * start (output written before the client came is delivered too) on a blocking connection of its
 * own, and writes the client's input. It also watches the run: an executor that stops beating, or
 * a job that ends without a last entry, ends the attachment with an error instead of a hang.
 */
import type { Redis } from 'ioredis';
import { describe, isTerminal, type SessionOutput, type SessionRecord, type SessionStreams } from '@sentinel/core';
import type { JobStore } from '../job-store.js';

/** Longest one blocking read waits before the run's health is checked again, ms. */
const READ_BLOCK_MS = 1_000;

export interface SessionHandlers {
  /** Each entry of the output stream in order, then a last `exit` or `error` (after which nothing comes). */
  onOutput(output: SessionOutput): void;
}

/** What a client does with a session it is attached to. */
export interface SessionAttachment {
  readonly id: string;
  /** Writes stdin; false when the session's stdin bound refused it (the run then stops: limitExceeded "input"). */
  write(data: string): Promise<boolean>;
  /** Closes the program's stdin (end of file). */
  eof(): Promise<void>;
  /** Kills the run (its exit follows). */
  kill(): Promise<void>;
  /** Stops following; the run is killed if it has not ended (a dropped socket ends the run). */
  close(): Promise<void>;
  /** Whether the last entry was delivered. */
  readonly ended: boolean;
}

export interface AttachmentDeps {
  id: string;
  language: string;
  record: SessionRecord;
  streams: SessionStreams;
  /** A connection of its own (blocking reads), closed with the attachment. */
  reader: Redis;
  jobs: JobStore;
}

export class Attachment implements SessionAttachment {
  private closed = false;
  private last = false;

  constructor(
    private readonly deps: AttachmentDeps,
    private readonly handlers: SessionHandlers,
  ) {
    void this.follow();
  }

  get id(): string {
    return this.deps.id;
  }

  get ended(): boolean {
    return this.last;
  }

  write(data: string): Promise<boolean> {
    return this.deps.streams.writeInput(this.id, { kind: 'data', data }, this.deps.record.bounds.stdinBytes);
  }

  async eof(): Promise<void> {
    await this.deps.streams.writeInput(this.id, { kind: 'eof' }, 0);
  }

  async kill(): Promise<void> {
    await this.deps.streams.writeInput(this.id, { kind: 'kill', reason: 'client' }, 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.deps.reader.disconnect();
    if (!this.last) await this.deps.streams.writeInput(this.id, { kind: 'kill', reason: 'disconnected' }, 0).catch(() => {});
  }

  private deliver(output: SessionOutput): void {
    if (this.last) return;
    this.last = isTerminal(output);
    this.handlers.onOutput(output);
  }

  private async follow(): Promise<void> {
    const { streams, reader } = this.deps;
    let after = '0';
    try {
      while (!this.closed && !this.last) {
        const batch = await streams.readOutput(reader, this.id, after, READ_BLOCK_MS);
        after = batch.after;
        for (const output of batch.values) this.deliver(output);
        if (batch.values.length === 0 && !this.last) {
          const why = await this.lost();
          // Read once more: the last entry may have come between the read and the check.
          const rest = why === undefined ? undefined : await streams.readOutput(reader, this.id, after, 0);
          for (const output of rest?.values ?? []) this.deliver(output);
          if (why !== undefined && !this.last) {
            await streams.writeInput(this.id, { kind: 'kill', reason: 'lost' }, 0).catch(() => {});
            this.deliver({ kind: 'error', code: 'SESSION_LOST', message: why });
          }
        }
      }
    } catch (error) {
      if (!this.closed) this.deliver({ kind: 'error', code: 'INTERNAL_ERROR', message: `lost the session's stream (Redis): ${describe(error)}` });
    } finally {
      reader.disconnect();
    }
  }

  /** Why the run can no longer answer, or undefined while it can (queued, or running and beating). */
  private async lost(): Promise<string | undefined> {
    const { started, alive } = await this.deps.streams.runState(this.id);
    if (started && !alive) return 'the executor running this session stopped (no heartbeat); a live session cannot be run again';
    if (started) return undefined;
    const answer = await this.deps.jobs.viewIn(this.deps.language, this.id);
    if (!answer) return 'the session\'s job is no longer kept';
    const { status, error } = answer.view;
    if (status === 'failed') return `the session's job failed: ${error ?? 'unknown reason'}`;
    return status === 'completed' ? 'the session\'s job ended without its run' : undefined;
  }
}
