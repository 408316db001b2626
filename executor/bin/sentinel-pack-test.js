#!/usr/bin/env node
// The `sentinel-pack-test` command (src/pack-test/cli.ts). This file is committed, not built: npm
// links a package's bins when it installs it and skips a bin whose file is missing then, without
// linking it later. A bin pointing into dist/ was missing at `npm ci` in a fresh clone (the build
// comes after), so no `sentinel-pack-test` was linked until the next `npm install`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/pack-test/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('sentinel-pack-test: @sentinel/executor is not built (dist/pack-test/cli.js is missing): run `npm run build` in Sentinel');
  process.exit(2);
}
await import(cli.href);
