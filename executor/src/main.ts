#!/usr/bin/env node
/**
 * sentinel-executor [--languages python,javascript]
 * Serves the given languages' queues (default: SENTINEL_LANGUAGES, else every loaded pack).
 * SIGTERM/SIGINT: stop taking jobs, finish the active ones, exit 0.
 */
import { parseArgs } from 'node:util';
import { crashOnUnhandledRejections, loadConfigOrExit, SentinelError, type WorkerMessage } from '@sentinel/core';
import { readExecutorConfig } from './config.js';
import { startExecutor } from './executor.js';
import { createLogger } from './logger.js';

const { values } = parseArgs({ options: { languages: { type: 'string' } } });
const env = values.languages ? { ...process.env, SENTINEL_LANGUAGES: values.languages } : process.env;
const config = loadConfigOrExit(() => readExecutorConfig(env));
const logger = createLogger({ level: config.LOG_LEVEL });

// Signals are handled from the start: a SIGTERM that arrives while the executor is still starting
// (or just as it logs that it serves) stops it as gracefully as one that arrives later.
let stopRequested: string | undefined;
let stopNow: ((signal: string) => void) | undefined;
const stop = (signal: string) => {
  if (stopRequested) return;
  stopRequested = signal;
  stopNow?.(signal);
};
crashOnUnhandledRejections(() => stopRequested !== undefined, (line) => logger.info(line));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by local mode with an IPC channel: stop when the supervisor goes away.
process.on('disconnect', () => stop('supervisor gone'));

try {
  // Started by local mode: the supervisor releases this worker's jobs the moment it dies.
  const executor = await startExecutor(config, logger, (worker) => process.send?.({ kind: 'worker', worker } satisfies WorkerMessage));
  stopNow = (signal) => {
    logger.info(`executor: ${signal}: finishing active jobs`);
    executor.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'executor: stop failed');
        process.exit(1);
      },
    );
  };
  if (stopRequested) stopNow(stopRequested);
} catch (error) {
  logger.fatal({ err: error }, `executor: ${error instanceof SentinelError ? error.message : String((error as Error)?.stack ?? error)}`);
  process.exit(1);
}
