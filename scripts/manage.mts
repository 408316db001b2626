/**
 * npm run manage -- add [--id perl --displayName Perl --version 5.36 --sourceFile main.pl
 *                        --run "/usr/bin/perl main.pl" --debianPackages perl ...]
 * npm run manage -- remove <id>
 * npm run manage -- list
 * npm run manage -- keys create --name <name> [--submit-per-minute N --read-per-minute N
 *                                             --wait-per-minute N --daily-jobs N]
 * npm run manage -- keys list
 * npm run manage -- keys revoke <id-or-prefix>
 *
 * add: the `language` generator of plopfile.js. With a terminal it asks whatever the flags do not
 * answer; without one, every required answer must be a flag (the optional ones take their
 * defaults), each checked exactly as the question checks it. remove: deletes a bundled pack's
 * directory (a pack installed from npm is `npm uninstall`ed) and its k8s/ file; an id that is not an
 * installed pack's is refused. list: the installed packs. `--root` works in another checkout.
 * keys: API keys in the Redis of REDIS_URL (or --redis); the key is printed once, at creation.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine } from './lib/command-line.mts';
import { keysCommand, KEY_OPTIONS, KEYS_USAGE } from './lib/keys-command.mts';
import { discoverPacks } from '../generators/lib/packs.js';
import { packFileName } from '../generators/lib/render.js';

/** A command line that cannot be what was meant: exit 2 with the usage. */
class UsageError extends Error {}

const ANSWERS = ['id', 'displayName', 'version', 'aliases', 'sourceFile', 'compile', 'artifacts', 'run', 'debianPackages', 'baseImage', 'fixturesFrom'] as const;

const USAGE = `usage: npm run manage -- add [--id <id> --displayName <name> ...] | remove <id> | list [--root <checkout>]\n${KEYS_USAGE}`;
const { values, positionals } = commandLine(
  USAGE,
  { root: { type: 'string' }, ...KEY_OPTIONS, ...Object.fromEntries(ANSWERS.map((name) => [name, { type: 'string' as const }])) },
  true,
);
const root = path.resolve(values.root ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const [command, ...rest] = positionals;

try {
  if (command === 'add') await add();
  else if (command === 'remove') await remove(rest[0]);
  else if (command === 'list') await list();
  else if (command === 'keys') await keysCommand(rest, values, (message) => new UsageError(message));
  else throw new UsageError(`unknown command ${JSON.stringify(command ?? '')}`);
} catch (error) {
  console.error(`manage: ${(error as Error).message}`);
  if (error instanceof UsageError) console.error(USAGE);
  process.exit(error instanceof UsageError ? 2 : 1);
}


interface Prompt {
  name: string;
  default?: unknown;
  filter?: (value: unknown) => unknown;
  validate?: (value: unknown) => true | string | Promise<true | string>;
}

async function add(): Promise<void> {
  const { default: nodePlop } = await import('node-plop'); // only add needs it (and its inquirer)
  const plop = await nodePlop(path.join(root, 'plopfile.js'), { destBasePath: root, force: false });
  const generator = plop.getGenerator('language');
  const prompts = generator.prompts as unknown as Prompt[];
  const given = values as Record<string, string | undefined>;
  let answers: Record<string, unknown>;
  if (process.stdin.isTTY && process.stdout.isTTY) {
    answers = await generator.runPrompts(prompts.map((prompt) => given[prompt.name] ?? '_'));
  } else {
    answers = {};
    const missing = prompts.filter((prompt) => given[prompt.name] === undefined && prompt.default === undefined).map((prompt) => `--${prompt.name}`);
    if (missing.length) throw new UsageError(`no terminal to ask on: give ${missing.join(', ')}`);
    for (const prompt of prompts) {
      const value = given[prompt.name] ?? prompt.default;
      const verdict = prompt.validate ? await prompt.validate(value) : true;
      if (verdict !== true) throw new Error(`--${prompt.name}: ${verdict}`);
      answers[prompt.name] = prompt.filter ? prompt.filter(value) : value;
    }
  }
  const { changes, failures } = await generator.runActions(answers);
  for (const change of changes) console.log(`${change.type.padEnd(24)} ${change.path}`);
  for (const failure of failures) console.error(`FAILED ${failure.type} ${failure.path} ${failure.error}`);
  if (failures.length) throw new Error(`the generator failed (${failures.length} actions)`);
  console.log(`\nNext: write the fixtures (language-packs/GUIDE.md), then npm install, npm test -w language-packs/${String(answers.id)}, npm run docker:build`);
}

async function remove(id: string | undefined): Promise<void> {
  if (!id) throw new UsageError('remove needs the id of an installed pack');
  const packs = await discoverPacks(root);
  const pack = packs.find((candidate) => candidate.id === id);
  if (!pack) throw new Error(`no installed pack has the id "${id}" (installed: ${packs.map((p) => p.id).join(', ') || 'none'})`);
  const bundled = path.join(realpathSync(root), 'language-packs') + path.sep;
  const dir = realpathSync(pack.packageDir);
  if (dir.startsWith(bundled)) {
    // The workspace link npm made, if it is one to this very directory.
    const link = path.join(root, 'node_modules', pack.packageName);
    const ownLink = isLink(link) && realpathSync(link) === dir;
    rmSync(dir, { recursive: true, force: true });
    console.log(`removed  ${path.relative(root, dir)}`);
    if (ownLink) rmSync(link, { force: true });
  } else {
    console.log(`npm uninstall ${pack.packageName}`);
    const code = await run('npm', ['uninstall', pack.packageName]);
    if (code !== 0) throw new Error(`npm uninstall ${pack.packageName} exited with ${code}`);
  }
  const manifest = path.join(root, 'k8s', packFileName(id));
  if (existsSync(manifest)) {
    rmSync(manifest);
    console.log(`removed  ${path.relative(root, manifest)}`);
  }
  console.log('Run npm install to update package-lock.json; delete the Kubernetes objects with kubectl delete deployment,scaledobject,networkpolicy -n <namespace> sentinel-executor-' + id);
}

async function list(): Promise<void> {
  const packs = await discoverPacks(root);
  const bundled = path.join(realpathSync(root), 'language-packs') + path.sep;
  const rows = packs.map((pack) => [
    pack.id,
    pack.displayName,
    pack.version,
    pack.packageName,
    realpathSync(pack.packageDir).startsWith(bundled) ? 'bundled' : 'npm',
    existsSync(path.join(root, 'k8s', packFileName(pack.id))) ? `k8s/${packFileName(pack.id)}` : 'no manifests: run npm run manifests',
  ]);
  const header = ['id', 'name', 'version', 'package', 'from', 'manifests'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function run(program: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: root, stdio: 'inherit', shell: false });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}
