#!/usr/bin/env node
// The `sentinel-master` command (src/main.ts). Committed, not built: npm links no bin whose file is
// missing at install, and `npm ci` in a fresh clone runs before the build makes dist/.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('sentinel-master: @sentinel/master is not built (dist/main.js is missing): run `npm run build` in Sentinel');
  process.exit(2);
}
await import(main.href);
