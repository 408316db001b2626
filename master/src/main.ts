#!/usr/bin/env node
/** sentinel-master: reads the environment, serves the API, stops cleanly on SIGTERM/SIGINT. */
import { crashOnUnhandledRejections, describe, loadConfigOrExit } from '@sentinel/core';
import { startMaster, type RunningMaster } from './app.js';
import { readMasterConfig } from './config.js';
import { JsonLogger } from './logger.js';

const config = loadConfigOrExit(() => readMasterConfig(process.env));
const logger = new JsonLogger({ level: config.LOG_LEVEL });

let master: RunningMaster;
try {
  master = await startMaster(config, { logger });
} catch (error) {
  // Pack load errors (core's SentinelError) and listen errors: their message says it all.
  console.error(`sentinel-master: cannot start: ${describe(error)}`);
  process.exit(1);
}

let stopping = false;
crashOnUnhandledRejections(() => stopping, (line) => logger.info(line));
const stop = (signal: NodeJS.Signals | 'disconnect') => {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: closing`);
  if (signal !== 'disconnect') process.once(signal, () => process.exit(1)); // a second signal does not wait
  master.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('error while closing', error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Started by local mode with an IPC channel: stop when the supervisor goes away.
process.once('disconnect', () => stop('disconnect'));

// Logged once the signal handlers are in place: whoever reads this line may stop the master.
logger.info(`listening on ${master.url} (languages: ${master.registry.ids().join(', ') || 'none'})`, { url: master.url, languages: master.registry.ids() });
