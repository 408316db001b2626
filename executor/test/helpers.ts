import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type { ExecutionContext } from 'ava';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPackFrom, loadPacks, type Limits, type ResolvedPack } from '@sentinel/core';
import { BwrapSandbox } from '../src/sandbox/bwrap.js';
import type { RunOutcome, RunSpec, Sandbox } from '../src/sandbox/types.js';
import { Workspaces } from '../src/workspace.js';

export const TEST_LIMITS: Limits = { wallMs: 5_000, cpuMs: 5_000, memoryMb: 256, processes: 64, outputKb: 64, fileSizeKb: 1024 };
export const SANDBOX_UID = 65534;

/** The identity sandboxes run as in these tests: nobody when we are root, else ourselves. */
export const owner = process.getuid?.() === 0 ? { uid: SANDBOX_UID, gid: SANDBOX_UID } : undefined;

/** The real bubblewrap sandbox over a private work directory, removed when the test ends. */
export async function realSandbox(t: ExecutionContext): Promise<{ sandbox: BwrapSandbox; workspaces: Workspaces }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sentinel-test-work-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await chmod(root, 0o711); // the sandbox uid must be able to pass through to its job directory
  const workspaces = new Workspaces(path.join(root, 'jobs'), owner);
  await workspaces.init();
  const sandbox = new BwrapSandbox({ bwrapPath: '/usr/bin/bwrap', ...owner, tmpBytes: 16 * 1024 * 1024 });
  return { sandbox, workspaces };
}

export async function bundledPacks(): Promise<{ python: ResolvedPack; javascript: ResolvedPack }> {
  const registry = await loadPacks({ names: ['python', 'javascript'] });
  return { python: registry.find('python')!, javascript: registry.find('javascript')! };
}

export function testCPack(): Promise<ResolvedPack> {
  return loadPackFrom(fileURLToPath(new URL('./fixtures/lang-c', import.meta.url)));
}

/** Wraps a real sandbox and records every run (to count compiles, measure concurrency). */
export class RecordingSandbox implements Sandbox {
  readonly runs: RunSpec[] = [];
  running = 0;
  maxRunning = 0;

  constructor(private readonly inner: Sandbox) {}

  get info() {
    return this.inner.info;
  }

  async run(spec: RunSpec): Promise<RunOutcome> {
    this.runs.push(spec);
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      return await this.inner.run(spec);
    } finally {
      this.running -= 1;
    }
  }
}
