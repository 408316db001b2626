import test from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuplicatePackError, PackBrokenError, PackInvalidError, PackNotInstalledError } from '../src/errors.js';
import { defaultSearchPaths, loadPacks } from '../src/pack/loader.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const tree = (name: string) => path.join(fixtures, name, 'node_modules');
const named = tree('named');
const discovery = tree('discovery');

test('a short name resolves to @sentinel/lang-<id>', async (t) => {
  const registry = await loadPacks({ names: ['alpha'], searchPaths: [named] });
  const pack = registry.find('alpha');
  t.is(pack?.packageName, '@sentinel/lang-alpha');
  t.is(pack?.packageDir, path.join(named, '@sentinel/lang-alpha'));
  t.is(pack?.dockerfilePath, path.join(named, '@sentinel/lang-alpha/Dockerfile'));
  t.is(pack?.fixturesDir, path.join(named, '@sentinel/lang-alpha/fixtures'));
});

test('a short name resolves to sentinel-lang-<id>', async (t) => {
  const registry = await loadPacks({ names: ['beta'], searchPaths: [named] });
  t.is(registry.find('beta')?.packageName, 'sentinel-lang-beta');
});

test('a full package name is loaded as it is', async (t) => {
  const registry = await loadPacks({ names: ['sentinel-lang-gamma'], searchPaths: [named] });
  t.is(registry.find('gamma')?.displayName, 'Gamma (unscoped)');
});

test('when both patterns are installed, @sentinel/lang-<id> wins', async (t) => {
  const registry = await loadPacks({ names: ['gamma'], searchPaths: [named] });
  t.is(registry.find('gamma')?.packageName, '@sentinel/lang-gamma');
  t.is(registry.find('gamma')?.displayName, 'Gamma (scoped)');
});

test('the first search path holding a package wins', async (t) => {
  const registry = await loadPacks({ names: ['alpha'], searchPaths: [tree('shadow'), named] });
  t.is(registry.find('alpha')?.displayName, 'Alpha (shadow)');
});

test('blank names are ignored', async (t) => {
  const registry = await loadPacks({ names: ['alpha', ' ', ''], searchPaths: [named] });
  t.deepEqual(registry.ids(), ['alpha']);
});

test('a missing short name is PackNotInstalledError listing every name tried', async (t) => {
  const error = await t.throwsAsync(loadPacks({ names: ['nope'], searchPaths: [named] }), {
    instanceOf: PackNotInstalledError,
    message: 'language pack "nope" is not installed (tried: @sentinel/lang-nope, sentinel-lang-nope)',
  });
  t.is(error?.code, 'PACK_NOT_INSTALLED');
  t.deepEqual(error?.tried, ['@sentinel/lang-nope', 'sentinel-lang-nope']);
});

test('a missing package name is PackNotInstalledError naming it', async (t) => {
  await t.throwsAsync(loadPacks({ names: ['@acme/lang-nope'], searchPaths: [named] }), {
    instanceOf: PackNotInstalledError,
    message: 'language pack "@acme/lang-nope" is not installed (tried: @acme/lang-nope)',
  });
});

test('a package installed in no search path is not installed', async (t) => {
  await t.throwsAsync(loadPacks({ names: ['alpha'], searchPaths: [path.join(fixtures, 'does-not-exist')] }), {
    instanceOf: PackNotInstalledError,
    message: 'language pack "alpha" is not installed (tried: @sentinel/lang-alpha, sentinel-lang-alpha)',
  });
});

test('an entry that throws at import is PackBrokenError with the cause kept', async (t) => {
  const error = await t.throwsAsync(loadPacks({ names: ['throws'], searchPaths: [named] }), {
    instanceOf: PackBrokenError,
    message: 'language pack @sentinel/lang-throws is installed but failed to load: fixture: this pack fails while being imported',
  });
  t.is(error?.code, 'PACK_BROKEN');
  t.is(error?.packageName, '@sentinel/lang-throws');
  t.true(error?.cause instanceof Error);
  t.is((error?.cause as Error).message, 'fixture: this pack fails while being imported');
});

test('an entry importing a missing dependency is PackBrokenError, not PackNotInstalledError', async (t) => {
  const entry = path.join(named, '@sentinel/lang-missing-dep/index.js');
  const error = await t.throwsAsync(loadPacks({ names: ['missing-dep'], searchPaths: [named] }), {
    instanceOf: PackBrokenError,
    message: `language pack @sentinel/lang-missing-dep is installed but failed to load: Cannot find package 'sentinel-fixture-dependency-that-is-not-installed' imported from ${entry}`,
  });
  t.false(error instanceof PackNotInstalledError);
  t.is((error?.cause as NodeJS.ErrnoException).code, 'ERR_MODULE_NOT_FOUND');
});

test('a package whose entry file is missing is PackBrokenError, not PackNotInstalledError', async (t) => {
  const error = await t.throwsAsync(loadPacks({ names: ['missing-entry'], searchPaths: [named] }), {
    instanceOf: PackBrokenError,
    message: /^language pack @sentinel\/lang-missing-entry is installed but failed to load: Cannot find module /,
  });
  t.is((error?.cause as NodeJS.ErrnoException).code, 'MODULE_NOT_FOUND');
});

test('an invalid config is PackInvalidError naming the pack and the field', async (t) => {
  const error = await t.throwsAsync(loadPacks({ names: ['invalid'], searchPaths: [named] }), {
    instanceOf: PackInvalidError,
    message: 'language pack @sentinel/lang-invalid is invalid: field "run": "run" must be an array',
  });
  t.is(error?.field, 'run');
});

test('an entry without a default export is PackInvalidError', async (t) => {
  await t.throwsAsync(loadPacks({ names: ['no-default'], searchPaths: [named] }), {
    instanceOf: PackInvalidError,
    message: 'language pack @sentinel/lang-no-default is invalid: field "(default export)": the entry has no default export',
  });
});

test('two packs with the same id are DuplicatePackError naming both packages', async (t) => {
  const error = await t.throwsAsync(loadPacks({ names: ['alpha', 'dup-id'], searchPaths: [named] }), {
    instanceOf: DuplicatePackError,
    message: 'language name "alpha" is claimed by both @sentinel/lang-alpha and @sentinel/lang-dup-id',
  });
  t.is(error?.code, 'PACK_DUPLICATE');
});

test('two packs with the same alias are DuplicatePackError naming both packages', async (t) => {
  await t.throwsAsync(loadPacks({ names: ['alpha', 'dup-alias'], searchPaths: [named] }), {
    instanceOf: DuplicatePackError,
    message: 'language name "a1" is claimed by both @sentinel/lang-alpha and @sentinel/lang-dup-alias',
  });
});

test('keyword discovery loads only packages with the pack keyword, scoped ones included', async (t) => {
  // The other packages in the tree throw if imported, so loading them would fail this test.
  const registry = await loadPacks({ searchPaths: [discovery] });
  t.deepEqual(registry.ids(), ['alpha', 'beta', 'rust']);
  t.is(registry.find('rust')?.packageName, '@acme/sentinel-rust');
  t.is(registry.find('alpha')?.packageName, '@sentinel/lang-alpha');
  t.is(registry.find('beta')?.packageName, 'sentinel-lang-beta');
});

test('keyword discovery is used when the name list is empty', async (t) => {
  const registry = await loadPacks({ names: [], searchPaths: [discovery] });
  t.deepEqual(registry.ids(), ['alpha', 'beta', 'rust']);
});

test('keyword discovery takes a package name once, from the first search path', async (t) => {
  const registry = await loadPacks({ searchPaths: [tree('shadow'), discovery] });
  t.deepEqual(registry.ids(), ['alpha', 'beta', 'rust']);
  t.is(registry.find('alpha')?.displayName, 'Alpha (shadow)');
});

test('keyword discovery reports a broken pack instead of skipping it', async (t) => {
  await t.throwsAsync(loadPacks({ searchPaths: [discovery, tree('discovery-broken')] }), {
    instanceOf: PackBrokenError,
    message: 'language pack sentinel-lang-broken is installed but failed to load: fixture: this pack fails while being imported',
  });
});

test('keyword discovery in search paths that do not exist finds nothing', async (t) => {
  const registry = await loadPacks({ searchPaths: [path.join(fixtures, 'does-not-exist')] });
  t.deepEqual(registry.list(), []);
});

test('registry.find by id and by alias; list sorted by id', async (t) => {
  const registry = await loadPacks({ names: ['sentinel-lang-beta', 'alpha', 'gamma'], searchPaths: [named] });
  t.is(registry.find('alpha')?.id, 'alpha');
  t.is(registry.find('a1')?.id, 'alpha');
  t.is(registry.find('beta')?.id, 'beta');
  t.is(registry.find('Alpha'), undefined);
  t.is(registry.find('nope'), undefined);
  t.deepEqual(
    registry.list().map((pack) => pack.id),
    ['alpha', 'beta', 'gamma'],
  );
  t.deepEqual(registry.ids(), ['alpha', 'beta', 'gamma']);
});

test('the installed python and javascript packs load from the default search paths', async (t) => {
  t.true(defaultSearchPaths().length > 0);
  const registry = await loadPacks({ names: ['@sentinel/lang-python', 'javascript'] });
  t.deepEqual(registry.ids(), ['javascript', 'python']);
  const python = registry.find('python');
  const javascript = registry.find('javascript');
  t.is(python?.packageName, '@sentinel/lang-python');
  t.is(javascript?.packageName, '@sentinel/lang-javascript');
  t.deepEqual(python?.aliases, ['py', 'python3']);
  t.deepEqual(javascript?.aliases, ['js', 'node', 'nodejs']);
  t.is(registry.find('py'), python);
  t.is(registry.find('node'), javascript);
  for (const pack of registry.list()) {
    t.true(existsSync(pack.dockerfilePath), pack.dockerfilePath);
    t.true(existsSync(path.join(pack.fixturesDir, 'manifest.json')), pack.fixturesDir);
  }
});
