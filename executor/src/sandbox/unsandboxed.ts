/**
 * SENTINEL_SANDBOX=none: programs run as plain child processes, with no isolation beyond an empty
 * environment, a wall-clock deadline, output caps and (when root) an unprivileged uid. For
 * development on hosts without user namespaces only; the executor and /health warn loudly.
 */
import type { SandboxInfo } from '@sentinel/core';
import { runProcess } from './process.js';
import type { RunOutcome, RunSpec, Sandbox } from './types.js';

export const UNSANDBOXED_WARNING =
  'SENTINEL_SANDBOX=none: submitted code runs WITHOUT a sandbox (full network and filesystem access); never expose this executor to untrusted users';

export class Unsandboxed implements Sandbox {
  readonly info: SandboxInfo = {
    mode: 'none',
    enforced: {
      wallMs: 'killed at the deadline (process group)',
      outputKb: 'stdout and stderr counted while streaming; killed at the cap',
    },
    warnings: [UNSANDBOXED_WARNING],
  };

  constructor(private readonly identity: { uid?: number; gid?: number }) {}

  run(spec: RunSpec): Promise<RunOutcome> {
    const [file, ...args] = spec.argv;
    if (file === undefined) throw new Error('empty argv');
    return runProcess({
      file,
      args,
      env: spec.env,
      cwd: spec.jobDir,
      uid: this.identity.uid,
      gid: this.identity.gid,
      stdin: spec.stdin,
      wallMs: spec.limits.wallMs,
      outputBytes: spec.limits.outputKb * 1024,
    });
  }
}
