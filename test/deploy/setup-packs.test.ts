/**
 * Choosing packs at setup: `SENTINEL_PACKS=python,c npm run setup` installs only those packs'
 * toolchains. scripts/pack-debian-packages.mjs says which Debian packages (setup.sh hands them to
 * apt, not run here): the union of the chosen packs' debianPackages, every installed pack's when
 * SENTINEL_PACKS is unset or empty, and a refusal naming the names tried for a pack not installed.
 */
import test from 'ava';
import path from 'node:path';
import { loadPacks } from '@sentinel/core';
import { root, runNode } from './workspace.js';

const script = path.join(root, 'scripts', 'pack-debian-packages.mjs');
const packagesFor = (value: string | undefined) => {
  const env = { ...process.env };
  delete env.SENTINEL_PACKS;
  if (value !== undefined) env.SENTINEL_PACKS = value;
  return runNode([script], { env });
};
const lines = (stdout: string) => stdout.split('\n').filter(Boolean);

test('SENTINEL_PACKS chooses: the union of those packs\' debianPackages, sorted, by id, alias or package name', async (t) => {
  const registry = await loadPacks();
  const expected = (ids: string[]) => [...new Set(ids.flatMap((id) => registry.find(id)!.debianPackages))].sort();
  const chosen = await packagesFor('python, c,@sentinel/lang-cpp');
  t.is(chosen.code, 0, chosen.stderr);
  t.deepEqual(lines(chosen.stdout), expected(['python', 'c', 'cpp']));
  t.regex(chosen.stderr, /^packs: c, cpp, python \(SENTINEL_PACKS\)$/m);
});

test('unset or empty SENTINEL_PACKS: every installed pack', async (t) => {
  const all = [...new Set((await loadPacks()).list().flatMap((pack) => pack.debianPackages))].sort();
  for (const value of [undefined, '', ' , ']) {
    const run = await packagesFor(value);
    t.is(run.code, 0, run.stderr);
    t.deepEqual(lines(run.stdout), all, `SENTINEL_PACKS=${JSON.stringify(value)}`);
    t.regex(run.stderr, /\(every installed pack; SENTINEL_PACKS=a,b chooses\)$/m);
  }
});

test('a pack that is not installed stops setup, naming every package tried', async (t) => {
  const run = await packagesFor('python,intercal');
  t.is(run.code, 1);
  t.is(run.stdout, '');
  t.regex(run.stderr, /^SENTINEL_PACKS: .*intercal.*@sentinel\/lang-intercal.*sentinel-lang-intercal/m);
});
