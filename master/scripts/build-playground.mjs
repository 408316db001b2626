#!/usr/bin/env node
/**
 * Builds the playground (master/playground/) into master/dist/playground/, which the master serves
 * at / and /playground/* (master/src/routes/playground.ts). Run by `npm run build` and by the
 * master image's build stage: everything the page loads is bundled here, nothing from a CDN.
 *
 * 1. type-checks the page's TypeScript (esbuild only strips types);
 * 2. bundles src/main.ts (CodeMirror included) and style.css, named by content hash;
 * 3. writes index.html pointing at them, and a gzip copy of each script and style sheet.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const master = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(master, 'playground');
const outdir = path.join(master, 'dist/playground');

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const checked = spawnSync(process.execPath, [tsc, '-p', path.join(source, 'tsconfig.json')], { stdio: 'inherit' });
if (checked.status !== 0) {
  console.error('playground: type errors (above)');
  process.exit(1);
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await esbuild.build({
  entryPoints: { app: path.join(source, 'src/main.ts'), style: path.join(source, 'style.css') },
  outdir,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox115', 'safari16'],
  metafile: true,
  logLevel: 'warning',
});

/** The output file of one entry point, by the entry's name. */
const outputOf = (entry) => {
  const found = Object.keys(result.metafile.outputs).find((file) => path.basename(file).startsWith(`${entry}-`) && !file.endsWith('.map'));
  if (!found) throw new Error(`playground: esbuild wrote no output for ${entry}`);
  return path.basename(found);
};
const template = await readFile(path.join(source, 'index.html'), 'utf8');
const html = template.replace('%APP_JS%', outputOf('app')).replace('%STYLE_CSS%', outputOf('style'));
await writeFile(path.join(outdir, 'index.html'), html);

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = [];
for (const file of Object.keys(result.metafile.outputs).map((output) => path.basename(output)).sort()) {
  const content = await readFile(path.join(outdir, file));
  const gzipped = gzipSync(content, { level: 9 });
  await writeFile(path.join(outdir, `${file}.gz`), gzipped);
  sizes.push(`${file} ${kib(content.length)} (gzip ${kib(gzipped.length)})`);
}
console.log(`playground: ${path.relative(process.cwd(), outdir)}: index.html ${kib(html.length)}, ${sizes.join(', ')}`);
