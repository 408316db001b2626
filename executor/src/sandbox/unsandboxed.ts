/**
 * SENTINEL_SANDBOX=none: programs run as plain child processes, with no isolation beyond an empty
 * environment, a wall-clock deadline, output caps and (when root) an unprivileged uid. For
 * development on hosts without user namespaces only; the executor and /health warn loudly.
 */
import { spawn } from 'node:child_process';
import { chown, cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SandboxInfo } from '@sentinel/core';
import { killGroup, supervise } from './process.js';
import { SandboxFailedError, rethrowTyped } from './errors.js';
import { stdinFile } from './stdin-file.js';
import type { RunOutcome, RunSpec, Sandbox } from './types.js';

export const UNSANDBOXED_WARNING =
  'SENTINEL_SANDBOX=none: submitted code runs WITHOUT a sandbox (full network and filesystem access); never expose this executor to untrusted users';

export class Unsandboxed implements Sandbox {
  readonly info: SandboxInfo = {
    mode: 'none',
    limitsMode: 'none',
    enforced: {
      wallMs: 'killed at the deadline (process group)',
      outputKb: 'stdout and stderr counted while streaming; killed at the cap',
    },
    warnings: [UNSANDBOXED_WARNING],
  };

  constructor(private readonly identity: { uid?: number; gid?: number }) {}

  async close(): Promise<void> {}

  run(spec: RunSpec): Promise<RunOutcome> {
    return this.start(spec).catch(rethrowTyped);
  }

  private async start(spec: RunSpec): Promise<RunOutcome> {
    const [file, ...args] = spec.argv;
    if (file === undefined) throw new SandboxFailedError('spec', 'empty argv');
    // A compile works on a copy of the job's files, which becomes its output; test runs in the files themselves.
    const cwd = spec.collectInto ?? spec.files;
    if (spec.collectInto !== undefined) await copyOwned(spec.files, spec.collectInto, this.identity);
    // An interactive run's stdin is the child's pipe (supervise feeds it); any other's a file.
    const input = spec.streams ? undefined : await stdinFile(cwd, spec.stdin);
    const child = spawn(file, args, {
      env: { ...spec.env },
      cwd,
      uid: this.identity.uid,
      gid: this.identity.gid,
      stdio: [input?.fd ?? 'pipe', 'pipe', 'pipe'],
      detached: true, // its own process group, so a kill reaches everything it started
    });
    // supervise() must listen before the next tick (a spawn failure is emitted then).
    const supervised = supervise(child, {
      wallMs: spec.limits.wallMs,
      outputBytes: spec.limits.outputKb * 1024,
      kill: async () => killGroup(child),
      streams: spec.streams,
    });
    const outcome = await supervised.finally(() => input?.close().catch(() => {}));
    return { ...outcome, cpuMs: null, memoryKb: null };
  }
}

/** A copy of `from` in `to`, every entry owned by the identity programs run as (so a compile can write there). */
async function copyOwned(from: string, to: string, identity: { uid?: number; gid?: number }): Promise<void> {
  await cp(from, to, { recursive: true });
  if (identity.uid === undefined) return;
  const entries = await readdir(to, { recursive: true });
  for (const entry of ['', ...entries]) await chown(path.join(to, entry), identity.uid, identity.gid ?? identity.uid);
}
