/**
 * npm run docker:build / docker:push without a Docker engine: `--dry-run` prints the exact argument
 * arrays, and SENTINEL_DOCKER points the real run at a stand-in client (echo, false) to show the
 * commands are spawned one by one, without a shell, and that the first failure stops the run.
 * The images built are the images k8s/ names, every pack's Dockerfile builds FROM the base of the
 * same run, and the Dockerfiles are multi-stage with nothing to build in their runtime stage.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverPacks } from '../../generators/lib/packs.js';
import { objectsOf } from './schemas.js';
import { root, runNode } from './workspace.js';

const script = path.join(root, 'scripts', 'docker.mts');
const packs = discoverPacks(root);
const docker = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runNode(['--import=tsx', script, ...args], { env: { ...process.env, SENTINEL_REGISTRY: '', SENTINEL_TAG: '', SENTINEL_DOCKER: '', ...env } });
const commands = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as string[]);

test('docker:build --dry-run: master, then the base, then one image per pack FROM it, with registry and tag from the environment', async (t) => {
  const run = await docker(['build', '--dry-run'], { SENTINEL_REGISTRY: 'registry.example.com/team', SENTINEL_TAG: '1.2.3' });
  t.is(run.code, 0, run.stderr);
  const [master, base, ...rest] = commands(run.stdout);
  t.deepEqual(master, ['docker', 'build', '--file', path.join(root, 'master', 'Dockerfile'), '--tag', 'registry.example.com/team/sentinel-master:1.2.3', root]);
  t.deepEqual(base, ['docker', 'build', '--file', path.join(root, 'executor', 'Dockerfile'), '--tag', 'registry.example.com/team/sentinel-executor-base:1.2.3', root]);
  const installed = await packs;
  t.is(rest.length, installed.length);
  for (const [index, pack] of installed.entries()) {
    t.deepEqual(rest[index], [
      'docker', 'build', '--file', pack.dockerfilePath,
      '--build-arg', 'REGISTRY=registry.example.com/team/', '--build-arg', 'BASE_TAG=1.2.3',
      '--tag', `registry.example.com/team/sentinel-executor-${pack.id}:1.2.3`, pack.packageDir,
    ]);
  }
});

test('docker:push --dry-run pushes what was built; --only picks images and refuses unknown ones', async (t) => {
  const run = await docker(['push', '--dry-run', '--only', 'master,base,python']);
  t.is(run.code, 0, run.stderr);
  t.deepEqual(commands(run.stdout), [
    ['docker', 'push', 'sentinel-master:0.1.0'],
    ['docker', 'push', 'sentinel-executor-base:0.1.0'],
    ['docker', 'push', 'sentinel-executor-python:0.1.0'],
  ]);
  const unknown = await docker(['push', '--dry-run', '--only', 'master,intercal']);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /^docker:push: --only: no image intercal \(images: master, base, .*python.*\)$/m);
});

test('commands are spawned in order without a shell, and the first failure stops the run', async (t) => {
  const echoed = await docker(['build', '--only', 'master,python'], { SENTINEL_DOCKER: '/bin/echo', SENTINEL_REGISTRY: 'r.example/x y;' });
  t.is(echoed.code, 1, 'a registry with a space is refused before anything runs');
  const ok = await docker(['build', '--only', 'master,python'], { SENTINEL_DOCKER: '/bin/echo' });
  t.is(ok.code, 0, ok.stderr);
  const printed = ok.stdout.split('\n').filter((line) => line.startsWith('build '));
  t.is(printed.length, 2);
  t.is(printed[0], `build --file ${path.join(root, 'master', 'Dockerfile')} --tag sentinel-master:0.1.0 ${root}`);
  const failed = await docker(['build'], { SENTINEL_DOCKER: '/bin/false' });
  t.is(failed.code, 1);
  t.regex(failed.stderr, /^docker:build: \/bin\/false build exited with 1: stopping$/m);
  t.is(failed.stdout.split('\n').filter((line) => line.startsWith('$ ')).length, 1, 'nothing after the failure');
});

test('the images k8s/ runs are the images docker:build makes', async (t) => {
  const run = await docker(['build', '--dry-run']);
  const built = new Set(commands(run.stdout).flatMap((command) => command.flatMap((arg, i) => (command[i - 1] === '--tag' ? [arg] : []))));
  const k8s = path.join(root, 'k8s');
  const used = readdirSync(k8s)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) => objectsOf(name, readFileSync(path.join(k8s, name), 'utf8')))
    .filter(({ object }) => object.kind === 'Deployment' && object.metadata?.name !== undefined)
    .flatMap(({ object }) => (object.spec.template.spec.containers as Array<{ image: string }>).map((c) => c.image));
  t.true(used.length > 2);
  for (const image of used) t.true(built.has(image), `${image} is built by docker:build`);
});

test('every pack Dockerfile builds FROM the base of the same run (BASE_TAG, no default); master and base run as uid 10001', async (t) => {
  for (const pack of await packs) {
    const dockerfile = readFileSync(pack.dockerfilePath, 'utf8');
    t.regex(dockerfile, /^ARG REGISTRY=?$/m, pack.id);
    t.regex(dockerfile, /^ARG BASE_TAG$/m, pack.id);
    t.regex(dockerfile, /^FROM \$\{REGISTRY\}sentinel-executor-base:\$\{BASE_TAG\}\s*$/m, pack.id);
  }
  for (const file of ['master/Dockerfile', 'executor/Dockerfile']) {
    const dockerfile = readFileSync(path.join(root, file), 'utf8');
    t.regex(dockerfile, /^USER 10001:10001$/m, file);
    t.regex(dockerfile, /^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m, file);
  }
});

test('multi-stage: runtime stages get no compiler and no dev dependencies; the master builds no C', (t) => {
  const stages = (file: string) => readFileSync(path.join(root, file), 'utf8').split(/^FROM /m).slice(1);
  for (const file of ['master/Dockerfile', 'executor/Dockerfile']) {
    const all = stages(file);
    t.true(all.length >= 2, `${file} has a build stage and a runtime stage`);
    const runtime = all.at(-1)!;
    t.notRegex(runtime, /\b(gcc|g\+\+|libc6-dev|build-essential|npm (ci|install)|tsc)\b/, `${file}: runtime stage`);
    t.notRegex(runtime, /^COPY (?!--from=)/m, `${file}: the runtime stage copies only from the build stage`);
    t.regex(all.find((stage) => / AS build$/m.test(stage)) ?? '', /npm prune --omit=dev/, `${file}: dev dependencies pruned before the copy`);
  }
  const masterBuild = stages('master/Dockerfile').find((stage) => / AS build$/m.test(stage))!;
  t.regex(masterBuild, /tsc -b master\b/);
  t.notRegex(masterBuild, /npm run build|native\/build|gcc/, 'the master image compiles no C');
});
