/**
 * Whether the container suite can run here, and the commands it runs. It needs a Docker Engine
 * that answers, a compose tool (`docker compose` v2, else Debian's `docker-compose` 1.29) and the
 * official base images the Dockerfiles and docker-compose.yml name, present or pullable. Without
 * them the suite's tests are registered as skipped, saying why; with SENTINEL_CONTAINER_TESTS=1
 * (CI) a missing piece is a failure instead. Every command is an argument array, never a shell.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The images FROM which everything the suite runs is built (Dockerfiles, docker-compose.yml). */
export const BASE_IMAGES = ['node:20-bookworm-slim', 'redis:7.2-alpine'] as const;

/** Debian's docker client (20.10) when present: it matches Debian's engine; else the one on PATH. */
export const DOCKER = process.env.SENTINEL_DOCKER || (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (or SIGKILL at `timeoutMs`), collecting its output. */
export function run(command: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  const [program, ...args] = command;
  return new Promise((resolve) => {
    const child = spawn(program!, args, { cwd: options.cwd ?? root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${options.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}` });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; the error carries its output. */
export async function must(command: readonly string[], options: Parameters<typeof run>[1] = {}): Promise<string> {
  const result = await run(command, options);
  if (result.code !== 0) throw new Error(`${command.join(' ')} exited with ${result.code}:\n${result.stderr.slice(-4000)}\n${result.stdout.slice(-2000)}`);
  return result.stdout;
}

export type Support = { ready: true; compose: string[] } | { ready: false; reason: string };

/** What is missing for the suite, or the compose command to use. */
export async function containerSupport(): Promise<Support> {
  const info = await run([DOCKER, 'info', '--format', '{{.ServerVersion}}'], { timeoutMs: 15_000 });
  if (info.code !== 0) return { ready: false, reason: `no container engine answers (${DOCKER} info: ${firstLine(info.stderr)})` };
  const compose = await composeCommand();
  if (!compose) return { ready: false, reason: 'no compose tool: neither `docker compose` (v2) nor `docker-compose` (1.29) runs' };
  for (const image of BASE_IMAGES) {
    if ((await run([DOCKER, 'image', 'inspect', image], { timeoutMs: 15_000 })).code === 0) continue;
    const pulled = await run([DOCKER, 'pull', image], { timeoutMs: 120_000 });
    if (pulled.code !== 0) {
      return { ready: false, reason: `${image} is not present and cannot be pulled (${firstLine(pulled.stderr)}); scripts/container-base-images.sh builds stand-ins` };
    }
  }
  return { ready: true, compose };
}

/** `docker compose` when the v2 plugin is there, else `docker-compose` (1.29). */
async function composeCommand(): Promise<string[] | undefined> {
  for (const command of [[DOCKER, 'compose'], ['docker', 'compose'], ['docker-compose']]) {
    if ((await run([...command, 'version'], { timeoutMs: 15_000 })).code === 0) return command;
  }
  return undefined;
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
