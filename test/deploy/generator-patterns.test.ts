/**
 * The `language` generator validates names with core's pack contract, not a copy of it: its prompts
 * accept exactly what core's pack schema accepts, it has no name pattern of its own, and every
 * Dockerfile (bundled and generated) builds FROM the tagged base.
 */
import test from 'ava';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { packSchema, PACK_ID } from '@sentinel/core';
import { checkPackOptions, languagePrompts } from '../../generators/lib/language.js';
import { root } from './workspace.js';

type Prompt = { name: string; validate: (value: unknown) => true | string | Promise<true | string> };

const NAMES = ['perl', 'perl-6', 'c', 'x1', 'Perl', '6perl', 'perl_6', 'c++', 'c#', 'objective.c', '-perl', '', 'a'.repeat(32), 'a'.repeat(33)];

async function prompts(t: import('ava').ExecutionContext) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-generator-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const byName = new Map((languagePrompts(() => dir) as Prompt[]).map((prompt) => [prompt.name, prompt]));
  return (name: string) => byName.get(name)!;
}

const coreAccepts = (field: string, value: unknown) => packSchema.extract(field).validate(value, { convert: false }).error === undefined;

test('the id prompt accepts exactly the ids core accepts', async (t) => {
  const prompt = await prompts(t);
  for (const name of NAMES) {
    t.is((await prompt('id').validate(name)) === true, coreAccepts('id', name), name);
    t.is(PACK_ID.test(name), coreAccepts('id', name), name);
  }
});

test('the aliases, source file and Debian packages prompts accept exactly what core accepts', async (t) => {
  const prompt = await prompts(t);
  for (const name of NAMES) {
    t.is((await prompt('aliases').validate(name)) === true, name === '' || coreAccepts('aliases', [name]), `alias ${name}`);
    t.is((await prompt('sourceFile').validate(name)) === true, coreAccepts('sourceFile', name), `sourceFile ${name}`);
    t.is((await prompt('debianPackages').validate(name)) === true, name === '' || coreAccepts('debianPackages', [name]), `package ${name}`);
  }
});

test('the generator checks the whole pack against core\'s schema before writing', (t) => {
  const answers = { id: 'perl', displayName: 'Perl', version: '5.36', aliases: [], sourceFile: 'main.pl', compile: [], artifacts: ['main'], run: ['perl', 'main.pl'], debianPackages: [], baseImage: '', fixturesFrom: '' };
  t.throws(() => checkPackOptions(answers), { message: /^the pack would be invalid: "artifacts" needs "compile"/ });
  t.notThrows(() => checkPackOptions({ ...answers, artifacts: [] }));
});

test('the generator keeps no pack-name pattern of its own', async (t) => {
  const source = await readFile(path.join(root, 'generators', 'lib', 'language.js'), 'utf8');
  t.notRegex(source, /\[a-z\]\[a-z0-9/);
});

test('bundled and generated Dockerfiles build FROM the tagged base, never :latest', async (t) => {
  const template = await readFile(path.join(root, 'generators', 'language', 'Dockerfile.hbs'), 'utf8');
  t.regex(template, /^FROM \$\{REGISTRY\}\{\{baseImage\}\}:\$\{BASE_TAG\}$/m);
  const packs = await readdir(path.join(root, 'language-packs'), { withFileTypes: true });
  for (const pack of packs.filter((entry) => entry.isDirectory())) {
    const dockerfile = await readFile(path.join(root, 'language-packs', pack.name, 'Dockerfile'), 'utf8');
    t.regex(dockerfile, /^FROM \$\{REGISTRY\}sentinel-executor-base:\$\{BASE_TAG\}$/m, pack.name);
    t.notRegex(dockerfile, /:latest\b/, pack.name);
  }
});
