/**
 * The `language` generator, run without prompts into temporary copies of the repository's layout:
 * through `npm run manage -- add` (flags, no terminal), through `npx plop language -- --id ...`
 * (plop's own bypass) and through node-plop. The pack it makes loads in core, passes the
 * conformance suite (sentinel-pack-test, with Perl programs given as its fixtures), and its
 * manifests validate strictly; a pack made without programs says so and fails the suite; an
 * existing pack is never overwritten; `manage remove` and `list` work and refuse unknown ids.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodePlop from 'node-plop';
import { loadFixtures, loadPackFrom } from '@sentinel/core';
import { readDeployConfig } from '../../generators/lib/config.js';
import { renderPack } from '../../generators/lib/render.js';
import { objectsOf, StrictChecker, validateObject } from './schemas.js';
import { copyLayout, PERL_FIXTURES, root, runNode, sandboxWorkDir, writeFixtures } from './workspace.js';

const strict = new StrictChecker();
const manage = path.join(root, 'scripts', 'manage.mts');
const plopBin = path.join(root, 'node_modules', 'plop', 'bin', 'plop.js');
const packTest = path.join(root, 'executor', 'dist', 'pack-test', 'cli.js');

const perlAnswers = (id: string) => ['--id', id, '--displayName', 'Perl (generated)', '--version', '5.36', '--sourceFile', 'main.pl', '--run', '/usr/bin/perl main.pl', '--debianPackages', 'perl'];

async function checkManifests(t: import('ava').ExecutionContext, dir: string, id: string): Promise<void> {
  const file = path.join(dir, 'k8s', `50-executor-${id}.yaml`);
  const objects = objectsOf(`k8s/50-executor-${id}.yaml`, readFileSync(file, 'utf8'));
  t.deepEqual(objects.map(({ object }) => object.kind), ['Deployment', 'ScaledObject', 'NetworkPolicy']);
  for (const located of objects) await validateObject(located);
  t.deepEqual(strict.check(objects), []);
}

test('manage add (flags, no terminal) makes a pack that loads, is conformant, and has valid manifests', async (t) => {
  const copy = await copyLayout();
  t.teardown(copy.remove);
  const fixtures = await writeFixtures(path.join(copy.dir, 'programs'), PERL_FIXTURES);
  const added = await runNode(['--import=tsx', manage, 'add', '--root', copy.dir, ...perlAnswers('perl-gen'), '--aliases', 'perlgen', '--fixturesFrom', fixtures]);
  t.is(added.code, 0, added.stderr + added.stdout);

  const dir = path.join(copy.dir, 'language-packs', 'perl-gen');
  const pack = await loadPackFrom(dir);
  t.like(pack, { id: 'perl-gen', packageName: '@sentinel/lang-perl-gen', displayName: 'Perl (generated)', version: '5.36', sourceFile: 'main.pl', aliases: ['perlgen'], debianPackages: ['perl'] });
  t.deepEqual(pack.run, ['/usr/bin/perl', 'main.pl']);
  t.is(pack.compile, undefined);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  t.like(manifest, { type: 'module', main: './index.js', scripts: { test: 'sentinel-pack-test' }, devDependencies: { '@sentinel/executor': '^0.1.0' } });
  t.deepEqual(manifest.keywords, ['sentinel-language-pack']);
  t.deepEqual(manifest.files, ['index.js', 'Dockerfile', 'fixtures', 'README.md']);
  const dockerfile = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  t.regex(dockerfile, /^FROM \$\{REGISTRY\}sentinel-executor-base:\$\{BASE_TAG\}$/m);
  t.regex(dockerfile, /apt-get install -y --no-install-recommends perl /);
  t.regex(dockerfile, /^USER sentinel$/m);
  t.deepEqual((await loadFixtures(pack)).map((f) => f.name), ['hello', 'echo', 'double', 'wrong-answer', 'runtime-error', 'time-limit']);

  await checkManifests(t, copy.dir, 'perl-gen');
  const plop = await nodePlop(path.join(copy.dir, 'plopfile.js'), { destBasePath: copy.dir, force: false });
  const [, expected] = renderPack(plop, { templatesDir: path.join(copy.dir, 'k8s-templates'), config: readDeployConfig(path.join(copy.dir, 'k8s-templates'), {}), pack });
  t.is(readFileSync(path.join(copy.dir, 'k8s', '50-executor-perl-gen.yaml'), 'utf8'), expected, 'what npm run manifests renders for it');

  if (!existsSync('/usr/bin/perl')) return t.log('no /usr/bin/perl here: conformance not run');
  const conformance = await runNode([packTest, dir, '--json'], {
    env: { ...process.env, SENTINEL_WORK_DIR: await sandboxWorkDir(copy.dir), SENTINEL_CGROUP_NAME: 'sentinel-deploy-test' },
  });
  t.is(conformance.code, 0, conformance.stdout + conformance.stderr);
  const report = JSON.parse(conformance.stdout);
  t.true(report.ok);
  // The six fixtures, and the kit's own check that the pack can serve as a checker language.
  t.deepEqual(report.fixtures.map((entry: { fixture: string }) => entry.fixture).sort(), ['as a checker', 'double', 'echo', 'hello', 'runtime-error', 'time-limit', 'wrong-answer']);
});

test('without fixture programs the pack says so, and the conformance suite fails it', async (t) => {
  const copy = await copyLayout();
  t.teardown(copy.remove);
  const plop = await nodePlop(path.join(copy.dir, 'plopfile.js'), { destBasePath: copy.dir, force: false });
  const { failures } = await plop.getGenerator('language').runActions({
    id: 'perl-todo', displayName: 'Perl', version: '5.36', aliases: '', sourceFile: 'main.pl',
    compile: '["/usr/bin/perl", "-c", "main.pl"]', artifacts: 'main.pl', run: '/usr/bin/perl main.pl', debianPackages: 'perl', baseImage: '', fixturesFrom: '',
  });
  t.deepEqual(failures, []);
  const dir = path.join(copy.dir, 'language-packs', 'perl-todo');
  const pack = await loadPackFrom(dir);
  t.deepEqual(pack.compile, ['/usr/bin/perl', '-c', 'main.pl']);
  t.deepEqual(pack.artifacts, ['main.pl']);
  const fixtures = await loadFixtures(pack);
  t.deepEqual(fixtures.map((f) => f.name), ['hello', 'echo', 'double', 'wrong-answer', 'runtime-error', 'time-limit', 'compile-error']);
  t.true(fixtures.every((f) => f.code.startsWith('TODO(sentinel): replace this file with a Perl program that ')));
  t.regex(readFileSync(path.join(dir, 'README.md'), 'utf8'), /\*\*The fixtures are placeholders\*\*/);
  await checkManifests(t, copy.dir, 'perl-todo');

  if (!existsSync('/usr/bin/perl')) return;
  const conformance = await runNode([packTest, dir, '--json'], {
    env: { ...process.env, SENTINEL_WORK_DIR: await sandboxWorkDir(copy.dir), SENTINEL_CGROUP_NAME: 'sentinel-deploy-todo' },
  });
  t.is(conformance.code, 1, conformance.stderr);
  const report = JSON.parse(conformance.stdout);
  t.false(report.ok);
  t.true(report.fixtures.find((f: { fixture: string }) => f.fixture === 'hello').problems.length > 0);
});

test('npx plop language -- --id ... runs without prompts, and refuses an existing pack even with --force', async (t) => {
  const copy = await copyLayout();
  t.teardown(copy.remove);
  const plop = (args: string[]) => runNode([plopBin, '--plopfile', path.join(copy.dir, 'plopfile.js'), '--dest', copy.dir, ...args], { cwd: copy.dir });
  const all = (id: string) => ['language', '--', ...perlAnswers(id), '--aliases', '', '--compile', '', '--baseImage', 'sentinel-executor-base', '--fixturesFrom', ''];

  const made = await plop(all('perl-cli'));
  t.is(made.code, 0, made.stderr + made.stdout);
  t.is((await loadPackFrom(path.join(copy.dir, 'language-packs', 'perl-cli'))).id, 'perl-cli');
  t.true(existsSync(path.join(copy.dir, 'k8s', '50-executor-perl-cli.yaml')));

  await mkdir(path.join(copy.dir, 'language-packs', 'taken'));
  await writeFile(path.join(copy.dir, 'language-packs', 'taken', 'index.js'), 'mine\n');
  for (const extra of [[], ['--force']]) {
    const refused = await plop([...extra, ...all('taken')]);
    t.is(refused.code, 1);
    t.regex(refused.stderr + refused.stdout, /language-packs\/taken already exists: refusing to overwrite it/);
  }
  const again = await plop(all('perl-cli'));
  t.is(again.code, 1);
  t.regex(again.stderr + again.stdout, /language-packs\/perl-cli already exists/);
  t.is(readFileSync(path.join(copy.dir, 'language-packs', 'taken', 'index.js'), 'utf8'), 'mine\n');
  t.false(existsSync(path.join(copy.dir, 'k8s', '50-executor-taken.yaml')));
});

test('manage list shows packs; remove deletes a pack and its manifests, and refuses unknown ids', async (t) => {
  const copy = await copyLayout();
  t.teardown(copy.remove);
  const plop = await nodePlop(path.join(copy.dir, 'plopfile.js'), { destBasePath: copy.dir, force: false });
  const { failures } = await plop.getGenerator('language').runActions({ id: 'perl-gone', displayName: 'Perl (generated)', version: '5.36', sourceFile: 'main.pl', run: '/usr/bin/perl main.pl' });
  t.deepEqual(failures, []);
  const listed = await runNode(['--import=tsx', manage, 'list', '--root', copy.dir]);
  t.is(listed.code, 0, listed.stderr);
  t.regex(listed.stdout, /^perl-gone\s+Perl \(generated\)\s+5\.36\s+@sentinel\/lang-perl-gone\s+bundled\s+k8s\/50-executor-perl-gone\.yaml$/m);

  const unknown = await runNode(['--import=tsx', manage, 'remove', 'no-such-pack', '--root', copy.dir]);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /^manage: no installed pack has the id "no-such-pack" \(installed: .*perl-gone.*\)$/m);

  const removed = await runNode(['--import=tsx', manage, 'remove', 'perl-gone', '--root', copy.dir]);
  t.is(removed.code, 0, removed.stderr);
  t.false(existsSync(path.join(copy.dir, 'language-packs', 'perl-gone')));
  t.false(existsSync(path.join(copy.dir, 'k8s', '50-executor-perl-gone.yaml')));
});
