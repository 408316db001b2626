#!/usr/bin/env node
/**
 * Builds the executor's two small C programs next to their sources (part of `npm run build`):
 * sentinel-init, the sandbox's pid 1, and sentinel-spawner, which starts spare sandboxes without
 * forking the executor. Needs a C compiler (setup installs gcc and libc6-dev). A static
 * binary starts fastest (no dynamic loader); where static libc is missing it is linked dynamically
 * instead. A binary newer than its source is not rebuilt.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
/** Each program and its sources: sentinel-init is every C file of init/. */
const PROGRAMS = {
  'sentinel-init': readdirSync(here('init')).filter((file) => /\.[ch]$/.test(file)).map((file) => here(`init/${file}`)),
  'sentinel-spawner': [here('sentinel-spawner.c')],
};
const compiler = process.env.CC || 'cc';
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function build(name, sources) {
  const output = here(name);
  if (sources.every((source) => mtime(output) > mtime(source))) return;
  const compiled = sources.filter((source) => source.endsWith('.c'));
  const flags = ['-O2', '-Wall', '-Wextra', '-Werror', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong', '-o', output, ...compiled];
  for (const link of [['-static'], []]) {
    const result = spawnSync(compiler, [...link, ...flags], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    if (result.error) {
      console.error(`cannot run the C compiler "${compiler}" to build ${name}: ${result.error.message} (npm run setup installs gcc)`);
      process.exit(1);
    }
    if (result.status === 0) return;
    if (link.length === 0) {
      console.error(`building ${name} failed:\n${result.stderr}`);
      process.exit(1);
    }
  }
}

for (const [name, sources] of Object.entries(PROGRAMS)) build(name, sources);
