/**
 * npm run manifests [-- --check] [-- --out <dir>]
 *
 * Renders k8s/ from k8s-templates/ for every installed language pack (bundled ones under
 * language-packs/ and third-party ones from npm, found by their keyword) and removes whatever else
 * is there: k8s/ is generated as a whole. SENTINEL_REGISTRY and SENTINEL_TAG override the image
 * registry and tag of k8s-templates/deploy.config.json. `--check` writes nothing and exits 1 when
 * k8s/ differs from the rendering; `--out` renders into another directory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './lib/command-line.mts';
import { renderRepository } from '../generators/lib/manifests.js';
import { writeFiles } from '../generators/lib/render.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = commandLine('usage: npm run manifests [-- --check] [-- --out <dir>]', { check: { type: 'boolean', default: false }, out: { type: 'string' } });
const out = path.resolve(values.out ?? path.join(root, 'k8s'));

try {
  const { files, packs } = await renderRepository({ root, env: process.env });
  if (values.check) {
    const drift = differences(out, files);
    for (const line of drift) console.error(line);
    console.log(drift.length ? `${path.relative(root, out) || out} differs from the rendering: run npm run manifests` : `${path.relative(root, out)} is up to date`);
    process.exit(drift.length ? 1 : 0);
  }
  const { written, removed } = writeFiles(out, files, { exact: true });
  for (const name of written) console.log(`wrote   ${path.join(path.relative(root, out), name)}`);
  for (const name of removed) console.log(`removed ${path.join(path.relative(root, out), name)}`);
  console.log(`${files.size} files for ${packs.length} packs (${packs.map((pack) => pack.id).join(', ')}); ${written.length} changed, ${removed.length} removed`);
} catch (error) {
  console.error(`manifests: ${(error as Error).message}`);
  process.exit(1);
}

function differences(dir: string, files: Map<string, string>): string[] {
  const present = existsSync(dir) ? readdirSync(dir) : [];
  return [
    ...[...files.keys()].filter((name) => !present.includes(name)).map((name) => `missing    ${name}`),
    ...present.filter((name) => !files.has(name)).map((name) => `not rendered ${name}`),
    ...[...files].filter(([name, content]) => present.includes(name) && readFileSync(path.join(dir, name), 'utf8') !== content).map(([name]) => `differs    ${name}`),
  ];
}
