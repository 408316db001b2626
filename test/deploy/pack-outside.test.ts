/**
 * A pack written outside this repository, as a third-party author would: scaffolded by the
 * generator into os.tmpdir() and moved to a directory of its own; the kit (@sentinel/core and
 * @sentinel/executor) installed there from the tarballs of `npm run packs:kit`; conformant there
 * (`npx sentinel-pack-test`); packed with `npm pack`; that tarball installed into a Sentinel
 * (a directory the real master and executor search through NODE_PATH, as Node's search path) and a
 * job run through it. With a Docker engine, the executor image's own `npm ci` steps install the pack
 * from a tarball outside the repository (the staged context of `npm run docker:build`), and the
 * pack's image builds FROM the base; without one, that part is skipped with the reason.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stageOutsideSources, outsideSources, STAGE_DIR } from '../../generators/lib/outside-context.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { postJson, startStack, waitForJob } from '../helpers/services.js';
import { copyLayout, PERL_FIXTURES, root, runNode, sandboxWorkDir, writeFixtures } from './workspace.js';

const ID = 'outside-perl';
const PACKAGE = `sentinel-lang-${ID}`;
const DOCKER = process.env.SENTINEL_DOCKER || (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

interface Run { code: number | null; stdout: string; stderr: string }
/** A command as an argument array, no shell, bounded by `timeoutMs`. */
function run(command: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    const [program, ...args] = command;
    const child = spawn(program!, args, { cwd: options.cwd, env: { ...process.env, npm_config_update_notifier: 'false', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', (error) => resolve({ code: null, stdout, stderr: stderr + error.message }));
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
const ok = (t: import('ava').ExecutionContext, result: Run, what: string) => t.is(result.code, 0, `${what}:\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-2000)}`);

let redis: TestRedis;
let base: string;
test.before(async () => {
  redis = await startRedis();
  base = await mkdtemp(path.join(os.tmpdir(), 'sentinel-outside-'));
  await chmod(base, 0o711); // the sandbox's uid passes through to the work directory
});
test.after.always(async () => {
  await redis?.stop();
  if (base) await rm(base, { recursive: true, force: true });
});

test.serial('a pack made outside the repository gets the kit from tarballs, is conformant there, installs into Sentinel from its tarball and runs a job', async (t) => {
  t.timeout(300_000);
  // 1. The kit's tarballs, as an author is handed them.
  const kitDir = path.join(base, 'kit');
  const kit = await runNode([path.join(root, 'scripts', 'pack-kit.mjs'), '--out', kitDir], { timeoutMs: 180_000 });
  ok(t, kit, 'npm run packs:kit');
  t.regex(kit.stdout, new RegExp(`^packs:kit: ${kitDir}$`, 'm'));
  const core = path.join(kitDir, 'sentinel-core-0.1.0.tgz');
  const executor = path.join(kitDir, 'sentinel-executor-0.1.0.tgz');
  t.true(existsSync(core) && existsSync(executor));
  for (const tarball of [core, executor]) {
    const manifest = JSON.parse((await run(['tar', '-xzOf', tarball, 'package/package.json'], { cwd: base })).stdout);
    t.is(manifest.private, undefined, `${manifest.name} is publishable`);
    t.is(manifest.engines.node, '>=20.11');
  }
  const listing = (await run(['tar', '-tzf', executor], { cwd: base })).stdout.split('\n');
  for (const file of ['package/bin/sentinel-pack-test.js', 'package/dist/pack-test/cli.js', 'package/native/sentinel-init', 'package/native/sentinel-spawner']) t.true(listing.includes(file), file);

  // 2. Scaffolded by the generator (into a copy of the layout, in os.tmpdir()), then moved out.
  const layout = await copyLayout();
  t.teardown(layout.remove);
  const programs = await writeFixtures(path.join(layout.dir, 'programs'), PERL_FIXTURES);
  const added = await runNode(['--import=tsx', path.join(root, 'scripts', 'manage.mts'), 'add', '--root', layout.dir, '--id', ID, '--displayName', 'Perl (outside)', '--version', '5.36', '--sourceFile', 'main.pl', '--run', '/usr/bin/perl main.pl', '--debianPackages', 'perl', '--fixturesFrom', programs]);
  ok(t, added, 'manage add');
  const packDir = path.join(base, 'author', PACKAGE);
  await cp(path.join(layout.dir, 'language-packs', ID), packDir, { recursive: true });
  const manifestFile = path.join(packDir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  t.deepEqual(manifest.devDependencies, { '@sentinel/executor': '^0.1.0' }, 'a range the tarball satisfies');
  await writeFile(manifestFile, JSON.stringify({ ...manifest, name: PACKAGE }, null, 2));

  // 3. The kit from its tarballs (npm records them as file: specs), then the suite where the pack is.
  const install = await run(['npm', 'install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', core, executor], { cwd: packDir, timeoutMs: 180_000 });
  ok(t, install, 'npm install of the kit tarballs');
  t.true(existsSync(path.join(packDir, 'node_modules', '.bin', 'sentinel-pack-test')));
  const env = { SENTINEL_WORK_DIR: await sandboxWorkDir(await mkdtemp(path.join(base, 'work-'))), SENTINEL_CGROUP_NAME: 'sentinel-outside-test' };
  const conformance = await run(['npx', '--offline', 'sentinel-pack-test', '--json'], { cwd: packDir, env, timeoutMs: 120_000 });
  ok(t, conformance, 'npx sentinel-pack-test');
  const report = JSON.parse(conformance.stdout);
  t.like(report, { pack: ID, ok: true, missingTools: [], nameClashes: [], missingFixtures: [] });
  // The six fixtures, and the kit's own check that the pack can serve as a checker language.
  t.deepEqual(report.fixtures.map((entry: { fixture: string }) => entry.fixture).sort(), ['as a checker', 'double', 'echo', 'hello', 'runtime-error', 'time-limit', 'wrong-answer']);
  const viaNpmTest = await run(['npm', 'test'], { cwd: packDir, env, timeoutMs: 120_000 });
  ok(t, viaNpmTest, 'npm test');
  t.regex(viaNpmTest.stdout, /^conformant$/m);

  // 4. The pack's own tarball, installed into a Sentinel.
  const packed = await run(['npm', 'pack', '--json', '--pack-destination', base], { cwd: packDir });
  ok(t, packed, 'npm pack');
  const packTarball = path.join(base, JSON.parse(packed.stdout)[0].filename);
  const host = path.join(base, 'sentinel');
  await mkdir(host);
  await writeFile(path.join(host, 'package.json'), JSON.stringify({ name: 'a-sentinel', private: true }));
  ok(t, await run(['npm', 'install', '--offline', '--no-audit', '--no-fund', packTarball], { cwd: host }), 'npm install of the pack tarball');
  t.deepEqual(JSON.parse(readFileSync(path.join(host, 'package.json'), 'utf8')).dependencies, { [PACKAGE]: `file:../${path.basename(packTarball)}` });

  const { url } = await startStack(t, redis.url, { NODE_PATH: path.join(host, 'node_modules'), SENTINEL_PACKS: `${ID},python`, ...env });
  const languages = await (await fetch(`${url}/languages`)).json();
  t.true(JSON.stringify(languages).includes(`"${ID}"`), JSON.stringify(languages).slice(0, 500));
  const job = await postJson(`${url}/execute`, { language: ID, code: PERL_FIXTURES['double.pl'], testCases: [{ input: '21', expected: '42' }] });
  t.is(job.status, 200, JSON.stringify(job.body));
  const done = await waitForJob(url, job.body.id, 60_000);
  t.like(done, { status: 'completed', verdict: 'ACCEPTED' });
  t.is(done.testCases[0].actualOutput.trim(), '42');

  // 5. Images: the base's npm ci with the pack installed from outside the context, and the pack's image.
  const info = await run([DOCKER, 'info', '--format', '{{.ServerVersion}}'], { cwd: base, timeoutMs: 15_000 });
  if (info.code !== 0) return t.log(`images not built: no container engine answers (${DOCKER} info: ${info.stderr.trim().split('\n')[0]})`);
  await imagesBuild(t, packTarball);
});

/**
 * A Sentinel root with the pack installed from a tarball outside it (package.json and lockfile as
 * npm writes them), staged as docker:build stages it, built with the executor Dockerfile's own
 * steps up to its `npm ci`; then the pack's image FROM the base image, when one is here.
 */
async function imagesBuild(t: import('ava').ExecutionContext, packTarball: string): Promise<void> {
  const context = path.join(base, 'repo', 'sentinel');
  await mkdir(context, { recursive: true });
  await writeFile(path.join(context, 'package.json'), JSON.stringify({ name: 'sentinel', private: true }));
  ok(t, await run(['npm', 'install', '--offline', '--no-audit', '--no-fund', packTarball], { cwd: context }), 'npm install in the context');
  const rootManifest = JSON.parse(readFileSync(path.join(context, 'package.json'), 'utf8'));
  const sources = outsideSources(context, rootManifest);
  t.deepEqual(sources.map((s) => [s.name, s.image]), [[PACKAGE, path.posix.resolve('/app', rootManifest.dependencies[PACKAGE].slice(5))]]);
  await rm(path.join(context, 'node_modules'), { recursive: true });
  stageOutsideSources(context, sources);
  t.true(existsSync(path.join(context, STAGE_DIR, sources[0]!.image)));
  const dockerfile = readFileSync(path.join(root, 'executor', 'Dockerfile'), 'utf8');
  const upToNpmCi = dockerfile.slice(0, dockerfile.indexOf('RUN npm ci --no-audit --no-fund') + 'RUN npm ci --no-audit --no-fund'.length);
  t.true(upToNpmCi.includes('COPY --from=manifests /outside/ /'), 'the Dockerfile copies the staged context');
  await writeFile(path.join(base, 'repo', 'Dockerfile.npm-ci'), `${upToNpmCi}\nRUN test -f /app/node_modules/${PACKAGE}/index.js\n`);
  const tag = `sentinel-outside-test:${path.basename(base).toLowerCase()}`;
  const built = await run([DOCKER, 'build', '--file', path.join(base, 'repo', 'Dockerfile.npm-ci'), '--tag', tag, context], { cwd: base, timeoutMs: 240_000 });
  ok(t, built, 'docker build of the executor Dockerfile up to npm ci');
  await run([DOCKER, 'image', 'rm', '--force', tag], { cwd: base });

  const baseTag = 'sentinel-executor-base:0.1.0';
  if ((await run([DOCKER, 'image', 'inspect', baseTag], { cwd: base })).code !== 0) return t.log(`the pack's image not built: no ${baseTag} here (npm run docker:build -- --only base makes it)`);
  const installed = path.join(context, 'installed');
  await mkdir(installed);
  ok(t, await run(['tar', '-xzf', packTarball, '-C', installed], { cwd: base }), 'unpack');
  const packImage = `sentinel-executor-${ID}:outside-test`;
  const packBuilt = await run([DOCKER, 'build', '--file', path.join(installed, 'package', 'Dockerfile'), '--build-arg', 'REGISTRY=', '--build-arg', 'BASE_TAG=0.1.0', '--tag', packImage, path.join(installed, 'package')], { cwd: base, timeoutMs: 240_000 });
  ok(t, packBuilt, "docker build of the pack's image");
  await run([DOCKER, 'image', 'rm', '--force', packImage], { cwd: base });
}
