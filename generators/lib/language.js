// @ts-check
/**
 * The `language` generator's questions and what it makes of the answers: one definition serves
 * `npx plop language` (asked, or bypassed with `-- --id perl ...`) and `npm run manage -- add`
 * (from flags, without a terminal). Commands are argv words separated by spaces, or a JSON array
 * when a word has a space in it; never a shell line.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEBIAN_PACKAGE, PACK_ALIAS as ALIAS, PACK_ID as ID, packSchema, RELATIVE_FILE as ARTIFACT, SOURCE_FILE } from '@sentinel/core';
import { discoverPacks } from './packs.js';

/**
 * @typedef {{
 *   id: string, displayName: string, version: string, aliases: string[], sourceFile: string,
 *   compile: string[], artifacts: string[], run: string[], debianPackages: string[], baseImage: string,
 *   fixturesFrom: string,
 * }} LanguageAnswers
 */

// Pack names follow core's contract (core/src/pack/patterns.ts); these two are the generator's own.
const IMAGE = /^[a-z0-9][a-z0-9._\-/]*$/;
const TEXT = /^(?=.*\S)[^\x00-\x1f\x7f]{1,64}$/;

/** A list answer ("a, b c" or an array) as words. @param {unknown} value @returns {string[]} */
export function words(value) {
  if (Array.isArray(value)) return value.map(String);
  return String(value ?? '').split(/[\s,]+/).filter(Boolean);
}

/** An argv answer: a JSON array of strings, or words separated by whitespace. @param {unknown} value @returns {string[]} */
export function argv(value) {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value ?? '').trim();
  if (text.startsWith('[')) {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string' && word !== '')) throw new Error('must be a JSON array of non-empty strings');
    return parsed;
  }
  return text.split(/\s+/).filter(Boolean);
}

/**
 * The generator's prompts; `root` is where packs are made (plop's destination).
 * @param {() => string} root
 */
export function languagePrompts(root) {
  /** @param {(value: any) => true | string | Promise<true | string>} check */
  const safe = (check) => (/** @type {unknown} */ value) => {
    try {
      return check(value);
    } catch (error) {
      return /** @type {Error} */ (error).message;
    }
  };
  return [
    { type: 'input', name: 'id', message: 'Language id (lowercase, also the queue name, e.g. perl)', validate: safe((v) => validateId(root(), String(v))) },
    { type: 'input', name: 'displayName', message: 'Display name (e.g. Perl)', validate: safe((v) => TEXT.test(String(v)) || 'a display name of 1 to 64 characters (no control characters) is required') },
    { type: 'input', name: 'version', message: 'Toolchain version (check its --version, e.g. 5.36)', validate: safe((v) => TEXT.test(String(v)) || 'the toolchain version (1 to 64 characters, no control characters) is required') },
    { type: 'input', name: 'aliases', message: 'Aliases, comma-separated (optional)', default: '', validate: safe((v) => words(v).every((a) => ALIAS.test(a)) || `aliases must match ${ALIAS}`) },
    { type: 'input', name: 'sourceFile', message: 'Source file name (e.g. main.pl, Main.java)', validate: safe((v) => SOURCE_FILE.test(String(v)) || `must match ${SOURCE_FILE}`) },
    { type: 'input', name: 'compile', message: 'Compile command, argv words or a JSON array (empty for interpreted languages)', default: '', validate: safe((v) => (argv(v), true)) },
    {
      type: 'input', name: 'artifacts', message: 'Files a successful compile leaves, comma-separated (e.g. main, Main.class)', default: '',
      when: (/** @type {Record<string, unknown>} */ answers) => argv(answers.compile).length > 0,
      validate: safe((v) => words(v).every((a) => ARTIFACT.test(a) && !a.split('/').includes('..')) || `artifacts must be relative paths matching ${ARTIFACT}`),
    },
    { type: 'input', name: 'run', message: 'Run command, argv words or a JSON array (e.g. /usr/bin/perl main.pl)', validate: safe((v) => argv(v).length > 0 || 'a run command is required') },
    { type: 'input', name: 'debianPackages', message: 'Debian packages of the toolchain (optional)', default: '', validate: safe((v) => words(v).every((p) => DEBIAN_PACKAGE.test(p)) || `packages must match ${DEBIAN_PACKAGE}`) },
    { type: 'input', name: 'baseImage', message: 'Image the pack builds FROM (its registry prefix and tag come from the build)', default: 'sentinel-executor-base', validate: safe((v) => IMAGE.test(String(v)) || `must match ${IMAGE}`) },
    { type: 'input', name: 'fixturesFrom', message: `Directory with fixture programs (${FIXTURES.map((f) => f.base).join(', ')} + the extension); empty for TODO placeholders`, default: '', validate: safe((v) => validateFixturesDir(String(v))) },
  ];
}

/**
 * The pack options index.js will export, checked against core's pack schema before anything is
 * written: what the generator makes always loads. Throws naming the field.
 * @param {LanguageAnswers} answers
 */
export function checkPackOptions(answers) {
  const { id, displayName, version, aliases, sourceFile, compile, artifacts, run, debianPackages } = answers;
  const options = { id, displayName, version, aliases, sourceFile, ...(compile.length ? { compile } : {}), artifacts, run, debianPackages };
  const { error } = packSchema.validate(options, { abortEarly: true, convert: false });
  if (error) throw new Error(`the pack would be invalid: ${error.details[0]?.message ?? error.message}`);
}

/**
 * The id is well formed and neither a pack directory nor an installed pack's id or alias yet.
 * @param {string} root @param {string} id @returns {Promise<true | string>}
 */
async function validateId(root, id) {
  if (!ID.test(id)) return `the id must match ${ID}`;
  const dir = path.join(root, 'language-packs', id);
  if (existsSync(dir)) return `language-packs/${id} already exists: refusing to overwrite it`;
  let installed;
  try {
    installed = await discoverPacks(root);
  } catch {
    return true; // another pack is broken: that is for its own author, not a reason to refuse this id
  }
  const clash = installed.find((pack) => pack.id === id || pack.aliases.includes(id));
  return clash ? `"${id}" is already the id or an alias of ${clash.packageName}` : true;
}

/** @param {string} dir */
function validateFixturesDir(dir) {
  if (dir === '') return true;
  if (!existsSync(dir)) return `${dir} does not exist`;
  return true;
}

/** The fixtures every pack needs (language-packs/GUIDE.md), with what each program must do. */
export const FIXTURES = [
  { base: 'hello', spec: { name: 'hello', verdict: 'ACCEPTED', output: 'Hello, Sentinel!\n' }, todo: 'prints "Hello, Sentinel!" and a newline' },
  { base: 'echo', spec: { name: 'echo', stdin: 'one line\nand another\n', verdict: 'ACCEPTED', output: 'one line\nand another\n' }, todo: 'copies its standard input to its standard output' },
  { base: 'double', spec: { name: 'double', verdict: 'ACCEPTED', passed: [true, true], testCases: [{ input: '5', expected: '10' }, { input: '100', expected: '200' }] }, todo: 'reads an integer n and prints 2n' },
  { base: 'wrong', spec: { name: 'wrong-answer', verdict: 'WRONG_ANSWER', passed: [false], testCases: [{ input: '5', expected: '10' }] }, todo: 'reads an integer n and prints n + 1' },
  { base: 'crash', spec: { name: 'runtime-error', verdict: 'RUNTIME_ERROR', passed: [false], testCases: [{ input: '', expected: '' }] }, todo: 'fails: an uncaught error, or a non-zero exit status' },
  { base: 'spin', spec: { name: 'time-limit', verdict: 'TIME_LIMIT', passed: [false], testCases: [{ input: '', expected: '' }], limits: { cpuMs: 1000, wallMs: 3000 } }, todo: 'loops forever' },
  { base: 'broken', compiledOnly: true, spec: { name: 'compile-error', verdict: 'COMPILATION_ERROR', passed: [false], testCases: [{ input: '', expected: 'Hello, Sentinel!' }] }, todo: 'does not compile (a syntax or type error)' },
];

/**
 * Writes the pack's fixtures: the programs from `answers.fixturesFrom` when given (each must be
 * there), else placeholders that say what to write, which the conformance suite reports as
 * failing until they are replaced. Never overwrites a file.
 * @param {string} packDir @param {LanguageAnswers} answers
 * @returns {string[]} the files written, relative to packDir
 */
export function writeFixtures(packDir, answers) {
  const ext = path.extname(answers.sourceFile);
  const dir = path.join(packDir, 'fixtures');
  mkdirSync(dir, { recursive: true });
  const kinds = FIXTURES.filter((kind) => !kind.compiledOnly || answers.compile.length > 0);
  const written = [];
  for (const kind of kinds) {
    const source = `${kind.base}${ext}`;
    const target = path.join(dir, source);
    if (answers.fixturesFrom) {
      const from = path.join(answers.fixturesFrom, source);
      if (!existsSync(from)) throw new Error(`fixture program ${from} is missing (needed: ${kinds.map((k) => k.base + ext).join(', ')})`);
      copyFileSync(from, target, 1 /* COPYFILE_EXCL */);
    } else {
      writeFileSync(target, `TODO(sentinel): replace this file with a ${answers.displayName} program that ${kind.todo}.\n`, { flag: 'wx' });
    }
    written.push(`fixtures/${source}`);
  }
  const manifest = { fixtures: kinds.map(({ base, spec: { name, ...rest } }) => ({ name, source: `${base}${ext}`, ...rest })) };
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  return [...written, 'fixtures/manifest.json'];
}

/** The version the generated pack and its @sentinel/executor dev dependency get: the repository's. @param {string} plopfileDir */
export function repositoryVersion(plopfileDir) {
  const manifest = path.join(plopfileDir, 'package.json');
  return existsSync(manifest) ? String(JSON.parse(readFileSync(manifest, 'utf8')).version ?? '0.1.0') : '0.1.0';
}
