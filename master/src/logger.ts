/**
 * Where the master writes its log lines: one JSON object per line (pino), with a human `msg`.
 * Injected, so tests can silence or capture them. Lines logged while a request is handled carry
 * its request id (and job id, once known) without the caller passing them: see `withFields`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import type { LogLevel } from '@sentinel/core';

/** Structured fields of one line, e.g. `{ requestId, jobId }`. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, error?: unknown, fields?: LogFields): void;
  /** Runs `fn` with `fields` added to every line logged within it, its async continuations included. */
  withFields?<T>(fields: LogFields, fn: () => T): T;
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** The `name` of every line, e.g. sentinel-master. */
  name?: string;
  /** Default: stdout, written synchronously (a line logged just before exit is not lost). */
  destination?: DestinationStream;
}

/** A pino logger behind the Logger interface; the fields of the current `withFields` scope join each line. */
export class JsonLogger implements Logger {
  readonly pino: Pino;
  private readonly scope = new AsyncLocalStorage<LogFields>();

  constructor({ level = 'info', name = 'sentinel-master', destination }: JsonLoggerOptions = {}) {
    this.pino = pino(
      {
        level,
        name,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => this.scope.getStore() ?? {},
      },
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  info(message: string, fields: LogFields = {}): void {
    this.pino.info(fields, message);
  }

  warn(message: string, fields: LogFields = {}): void {
    this.pino.warn(fields, message);
  }

  error(message: string, error?: unknown, fields: LogFields = {}): void {
    this.pino.error(error === undefined ? fields : { ...fields, err: error }, message);
  }

  withFields<T>(fields: LogFields, fn: () => T): T {
    // Nested scopes add to (and override) the outer one's fields.
    return this.scope.run({ ...this.scope.getStore(), ...fields }, fn);
  }
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
