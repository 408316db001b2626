#!/usr/bin/env node
/**
 * npm run packs:kit [-- --out DIR]
 *
 * Packs the pack contract (@sentinel/core) and the kit (@sentinel/executor: the sandbox and
 * `sentinel-pack-test`) into npm tarballs for pack authors outside this repository, until they are
 * on npm. Each package's `prepack` builds what it ships (TypeScript, and the executor's two C
 * helpers). Prints the directory, the tarballs and the command an author runs in their pack:
 *   npm install --save-dev DIR/sentinel-core-0.1.0.tgz DIR/sentinel-executor-0.1.0.tgz
 * Default directory: .sentinel/kit/ in the repository (ignored by git).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const KIT_WORKSPACES = ['core', 'executor'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(root, '.sentinel', 'kit'));
mkdirSync(out, { recursive: true });

const args = ['pack', '--json', '--pack-destination', out, ...KIT_WORKSPACES.flatMap((dir) => ['--workspace', dir])];
const packed = spawnSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
if (packed.error || packed.status !== 0) {
  console.error(`packs:kit: npm ${args.join(' ')} failed${packed.error ? `: ${packed.error.message}` : ` with ${packed.status}`}`);
  process.exit(1);
}
// npm pack prints the lifecycle scripts' output on stdout too: the JSON report is its last part.
const report = JSON.parse(packed.stdout.slice(packed.stdout.lastIndexOf('\n[\n') + 1));
const tarballs = report.map((entry) => path.join(out, entry.filename));
console.log(`packs:kit: ${out}`);
for (const [index, entry] of report.entries()) console.log(`  ${entry.name}@${entry.version}  ${tarballs[index]}  (${entry.entryCount} files, ${Math.round(entry.size / 1024)} KiB)`);
console.log(`in your pack: npm install --save-dev ${tarballs.join(' ')}`);
