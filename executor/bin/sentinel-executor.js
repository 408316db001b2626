#!/usr/bin/env node
// The `sentinel-executor` command (src/main.ts). Committed, not built, for the reason given in
// sentinel-pack-test.js beside it: npm links no bin whose file is missing at install.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('sentinel-executor: @sentinel/executor is not built (dist/main.js is missing): run `npm run build` in Sentinel');
  process.exit(2);
}
await import(main.href);
