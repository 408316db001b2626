#!/usr/bin/env node
/** `npm start`: Sentinel in local mode. Ctrl-C or SIGTERM stops everything it started. */
import { loadConfigOrExit } from '@sentinel/core';
import { readLocalConfig } from './config.js';
import { startLocal } from './local.js';

const log = (line: string) => console.log(`[sentinel] ${line}`);
const config = loadConfigOrExit(() => readLocalConfig());

try {
  const service = await startLocal(config, process.env, log);
  log(`Sentinel is running at ${service.url}  (Ctrl-C to stop)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(`[sentinel] cannot start: ${(error as Error).message}`);
  process.exit(1);
}
