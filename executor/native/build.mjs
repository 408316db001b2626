#!/usr/bin/env node
/**
 * Builds sentinel-init (the sandbox's pid 1, see sentinel-init.c) next to its source. Part of
 * `npm run build`; needs a C compiler (setup installs gcc and libc6-dev). A static binary starts
 * fastest (no dynamic loader); where static libc is missing it is linked dynamically instead.
 * Skipped when the binary is newer than its source.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./sentinel-init.c', import.meta.url));
const output = fileURLToPath(new URL('./sentinel-init', import.meta.url));
const compiler = process.env.CC || 'cc';
const flags = ['-O2', '-Wall', '-Wextra', '-Werror', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-o', output, source];

const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (mtime(output) > mtime(source)) process.exit(0);

for (const link of [['-static'], []]) {
  const result = spawnSync(compiler, [...link, ...flags], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error) {
    console.error(`cannot run the C compiler "${compiler}" to build sentinel-init: ${result.error.message} (npm run setup installs gcc)`);
    process.exit(1);
  }
  if (result.status === 0) process.exit(0);
  if (link.length === 0) {
    console.error(`building sentinel-init failed:\n${result.stderr}`);
    process.exit(1);
  }
}
