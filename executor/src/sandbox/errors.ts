/**
 * The sandbox's own failures: a run it could not give an outcome. What the program did is never
 * one of these (it is in the RunOutcome); each says whether running the job again can help.
 */
import { describe, SentinelError } from '@sentinel/core';

export type SandboxFailure = 'start' | 'cgroup' | 'closed' | 'teardown' | 'host' | 'spec' | 'protocol';

/** Whether a retry can help, per cause. */
const RETRYABLE: Readonly<Record<SandboxFailure, boolean>> = {
  start: true, // the spawner or bwrap could not start a sandbox (no process, memory or pipe to spare; killed from outside)
  cgroup: true, // a cgroup write failed (EBUSY, a group going away)
  closed: true, // this executor is stopping: another one can run the job
  teardown: true, // a run outlived its kill: that run is lost, the next gets a fresh group
  host: true, // a host file operation failed (disk full, out of descriptors)
  spec: false, // the run's own options are refused (no argv, NUL in an argument): the same every time
  protocol: false, // the sandbox's pipes are not as this code set them up: a bug
};

export class SandboxFailedError extends SentinelError {
  readonly code = 'SANDBOX_FAILED';
  override readonly retryable: boolean;

  constructor(readonly reason: SandboxFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = RETRYABLE[reason];
  }
}

/** Rethrows `error` as a SentinelError, an untyped one as a host fault (for a run's `.catch`). */
export function rethrowTyped(error: unknown): never {
  if (error instanceof SentinelError) throw error;
  throw new SandboxFailedError('host', describe(error), { cause: error });
}
