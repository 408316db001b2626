import test from 'ava';
import { PACK_DEFAULTS, resolvePack, type PackOptions } from '../src/pack/contract.js';
import { DIR, invalid, minimal, PACKAGE } from './helpers/pack-options.js';

test('a minimal pack gets every default and its files located in its package', (t) => {
  const pack = resolvePack(minimal, PACKAGE, DIR);
  t.deepEqual(pack, {
    ...minimal,
    aliases: [],
    env: { PATH: '/usr/local/bin:/usr/bin:/bin' },
    limits: {},
    compileLimits: {},
    compilerOptions: [],
    artifacts: [],
    readOnlyPaths: [],
    memoryRlimit: 'address-space',
    takesArgs: true,
    peers: {},
    debianPackages: [],
    libraries: [],
    dockerfile: 'Dockerfile',
    fixtures: 'fixtures',
    packageName: PACKAGE,
    packageDir: DIR,
    dockerfilePath: '/opt/packs/lang-y/Dockerfile',
    fixturesDir: '/opt/packs/lang-y/fixtures',
  });
  t.false('compile' in pack);
});

test('defaults are copies: changing a resolved pack leaves PACK_DEFAULTS and other packs alone', (t) => {
  const first = resolvePack(minimal, PACKAGE, DIR);
  first.aliases.push('changed');
  first.env['CHANGED'] = '1';
  first.readOnlyPaths.push('/changed');
  const second = resolvePack(minimal, PACKAGE, DIR);
  t.deepEqual(second.aliases, []);
  t.deepEqual(second.env, { PATH: '/usr/local/bin:/usr/bin:/bin' });
  t.deepEqual(second.readOnlyPaths, []);
  t.deepEqual(PACK_DEFAULTS.aliases, []);
});

test('a full pack keeps what it says and locates files in subdirectories', (t) => {
  const full: PackOptions = {
    ...minimal,
    aliases: ['c++', 'c#', 'y.net'],
    compile: ['/usr/bin/yc', '-O2', 'main.y'],
    env: { PATH: '/usr/bin', LANG: 'C.UTF-8' },
    limits: { wallMs: 10_000, memoryMb: 512 },
    readOnlyPaths: ['/usr/lib/y', '/opt/y/'],
    debianPackages: ['g++', 'libstdc++6', 'python3.11'],
    dockerfile: 'docker/Dockerfile.y',
    fixtures: 'test/fixtures',
  };
  const pack = resolvePack(full, PACKAGE, DIR);
  t.like(pack, full);
  t.is(pack.dockerfilePath, '/opt/packs/lang-y/docker/Dockerfile.y');
  t.is(pack.fixturesDir, '/opt/packs/lang-y/test/fixtures');
});

test('unknown top-level fields are rejected', (t) => {
  t.throws(() => resolvePack({ ...minimal, entry: 'index.js' }, PACKAGE, DIR), invalid('entry', '"entry" is not allowed'));
  // A typo of an optional field is not silently ignored.
  t.throws(() => resolvePack({ ...minimal, alias: ['y2'] }, PACKAGE, DIR), invalid('alias', '"alias" is not allowed'));
});

test('a default export that is not an object is rejected as the whole config', (t) => {
  for (const raw of [null, 'python', 42, [minimal]]) {
    t.throws(() => resolvePack(raw, PACKAGE, DIR), invalid('(config)', '"value" must be of type object'), JSON.stringify(raw));
  }
});

test('the first offending field is reported', (t) => {
  t.throws(
    () => resolvePack({ ...minimal, id: 'Bad', run: [] }, PACKAGE, DIR),
    invalid('id', '"id" with value "Bad" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/'),
  );
});
