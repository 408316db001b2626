/**
 * A temporary copy of the repository's layout for the generator: plopfile.js, generators/,
 * k8s-templates/, package.json, empty language-packs/ and k8s/, and node_modules linked to the
 * real one (so the copy resolves @sentinel/core, yaml and node-plop like the repository does).
 */
import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Copy {
  dir: string;
  remove(): Promise<void>;
}

export async function copyLayout(): Promise<Copy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-deploy-'));
  for (const entry of ['plopfile.js', 'package.json', 'generators', 'k8s-templates']) {
    await cp(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  await mkdir(path.join(dir, 'language-packs'));
  await mkdir(path.join(dir, 'k8s'));
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Perl programs for every required fixture kind (Perl is in every Debian image: it is what apt runs on). */
export const PERL_FIXTURES: Record<string, string> = {
  'hello.pl': 'print "Hello, Sentinel!\\n";\n',
  'echo.pl': 'print while <STDIN>;\n',
  'double.pl': 'my $n = <STDIN>;\nprint 2 * $n, "\\n";\n',
  'wrong.pl': 'my $n = <STDIN>;\nprint $n + 1, "\\n";\n',
  'crash.pl': 'die "boom\\n";\n',
  'spin.pl': '1 while 1;\n',
};

export async function writeFixtures(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** A work directory the sandbox uid may pass through (as test/packs.test.ts makes it). */
export async function sandboxWorkDir(parent: string): Promise<string> {
  const dir = path.join(parent, 'work');
  await mkdir(dir);
  await chmod(parent, 0o711);
  await chmod(dir, 0o711);
  return path.join(dir, 'jobs');
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` (no shell, no terminal: stdin is closed), bounded by `timeoutMs`. */
export function runNode(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
