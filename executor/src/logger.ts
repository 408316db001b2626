/**
 * The executor's log: JSON lines (pino) with a human `msg`. A job's lines come from a child
 * logger carrying `{ jobId, requestId, language }`, so they join the master's line for its request.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '@sentinel/core';

export type { Logger } from 'pino';

export interface ExecutorLoggerOptions {
  level?: LogLevel;
  /** Default: stdout, written synchronously (a line logged just before exit is not lost). */
  destination?: DestinationStream;
}

export function createLogger({ level = 'info', destination }: ExecutorLoggerOptions = {}): Logger {
  return pino(
    {
      level,
      name: 'sentinel-executor',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** Writes nothing (tests, and executors built without a logger). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
