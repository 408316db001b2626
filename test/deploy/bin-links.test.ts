/**
 * The kit's commands are linked by `npm ci` in a fresh clone, before anything is built. npm links a
 * package's bins when it installs it and skips, silently and for good, a bin whose file is missing
 * at that moment (bin-links' link-gently: "if the script isn't there, just ignore it"). The bins
 * used to point into dist/, which `npm ci` runs before: no `sentinel-pack-test` until a second
 * `npm install`. Now every workspace bin is a committed file (executor/bin/*.js imports dist/).
 */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { root } from './workspace.js';

const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n'));
const workspaceDirs = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces as string[])
  .flatMap((pattern) => (pattern.endsWith('/*') ? execFileSync('git', ['ls-files', `${pattern.slice(0, -2)}/*/package.json`], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean).map(path.dirname) : [pattern]));

test('every bin of every workspace package is a committed file, not a build output', (t) => {
  const bins: string[] = [];
  for (const dir of workspaceDirs) {
    const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { name: string; bin?: string | Record<string, string> };
    const entries = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin ?? {};
    for (const [name, target] of Object.entries(entries)) {
      const file = path.posix.join(dir, target);
      bins.push(name);
      t.true(tracked.has(file), `${manifest.name}'s bin ${name} -> ${file} is not a committed file: npm ci (before the build) would not link it`);
      t.false(file.includes('/dist/'), `${name} -> ${file}`);
    }
  }
  t.true(bins.includes('sentinel-pack-test'));
});

test('npm install links sentinel-pack-test before the build: npx and npm test find it in a pack directory', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-bins-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // The executor's manifest and bin/ as they are, without dependencies (offline) and without dist/.
  const kit = JSON.parse(readFileSync(path.join(root, 'executor', 'package.json'), 'utf8')) as Record<string, unknown>;
  delete kit.dependencies;
  delete kit.scripts;
  await mkdir(path.join(dir, 'kit'), { recursive: true });
  await writeFile(path.join(dir, 'kit', 'package.json'), JSON.stringify(kit));
  await cp(path.join(root, 'executor', 'bin'), path.join(dir, 'kit', 'bin'), { recursive: true });
  await mkdir(path.join(dir, 'pack'));
  await writeFile(path.join(dir, 'pack', 'package.json'), JSON.stringify({ name: 'sentinel-lang-x', version: '0.1.0', scripts: { test: 'sentinel-pack-test' }, devDependencies: { '@sentinel/executor': '^0.1.0' } }));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fresh-clone', private: true, workspaces: ['kit', 'pack'] }));
  const npm = (args: string[], cwd = dir) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, npm_config_update_notifier: 'false' } });

  const install = npm(['install', '--offline', '--no-audit', '--no-fund']);
  t.is(install.status, 0, install.stderr);
  t.true(existsSync(path.join(dir, 'node_modules', '.bin', 'sentinel-pack-test')), 'linked by the first install');

  const unbuilt = npm(['test'], path.join(dir, 'pack'));
  t.is(unbuilt.status, 2, unbuilt.stderr);
  t.regex(unbuilt.stderr, /sentinel-pack-test: @sentinel\/executor is not built \(dist\/pack-test\/cli\.js is missing\): run `npm run build` in Sentinel/);

  // The build comes after the install: the same link now runs it.
  await mkdir(path.join(dir, 'kit', 'dist', 'pack-test'), { recursive: true });
  await writeFile(path.join(dir, 'kit', 'dist', 'pack-test', 'cli.js'), 'console.log(`kit ran in ${process.cwd()} with ${JSON.stringify(process.argv.slice(2))}`);\n');
  const viaNpmTest = npm(['test'], path.join(dir, 'pack'));
  t.is(viaNpmTest.status, 0, viaNpmTest.stderr);
  t.regex(viaNpmTest.stdout, /kit ran in .*pack with \[\]/);
  const viaNpx = npm(['exec', '--offline', '--', 'sentinel-pack-test', '--json'], path.join(dir, 'pack'));
  t.is(viaNpx.status, 0, viaNpx.stderr);
  t.regex(viaNpx.stdout, /kit ran in .*pack with \["--json"\]/);
});
