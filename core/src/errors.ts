/**
 * Typed errors for Sentinel's own faults. Each has a stable `code`; what user code does is never
 * one of these (it is a verdict, a value in the job result).
 */
export abstract class SentinelError extends Error {
  abstract readonly code: string;
  /** Whether running the job again can help: true for our own transient faults, false when it would fail the same way. */
  readonly retryable: boolean = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No package for a pack name could be found on disk. Lists every package name tried. */
export class PackNotInstalledError extends SentinelError {
  readonly code = 'PACK_NOT_INSTALLED';
  override readonly retryable = false; // the same lookup fails again until the host changes
  constructor(readonly requested: string, readonly tried: readonly string[]) {
    super(`language pack "${requested}" is not installed (tried: ${tried.join(', ')})`);
  }
}

/** The pack's package is installed but importing it failed. Never swallowed. */
export class PackBrokenError extends SentinelError {
  readonly code = 'PACK_BROKEN';
  override readonly retryable = false; // the same import fails again
  constructor(readonly packageName: string, cause: unknown) {
    super(`language pack ${packageName} is installed but failed to load: ${describe(cause)}`, { cause });
  }
}

/** The pack loaded but its config does not satisfy the contract. Names the pack and the field. */
export class PackInvalidError extends SentinelError {
  readonly code = 'PACK_INVALID';
  override readonly retryable = false; // the same config fails the same check
  constructor(readonly packageName: string, readonly field: string, detail: string) {
    super(`language pack ${packageName} is invalid: field "${field}": ${detail}`);
  }
}

/** Two packs claim the same id or alias. */
export class DuplicatePackError extends SentinelError {
  readonly code = 'PACK_DUPLICATE';
  override readonly retryable = false; // the same packs clash again
  constructor(readonly languageName: string, readonly first: string, readonly second: string) {
    super(`language name "${languageName}" is claimed by both ${first} and ${second}`);
  }
}

/** Two packs claim one Piston language name or one Judge0 id. */
export class DuplicatePeerNameError extends SentinelError {
  readonly code = 'PACK_DUPLICATE';
  override readonly retryable = false; // the same packs clash again
  constructor(readonly api: 'Piston' | 'Judge0', readonly peerName: string, readonly first: string, readonly second: string) {
    super(`${api} ${api === 'Judge0' ? 'language id' : 'language name'} "${peerName}" is claimed by both ${first} and ${second}`);
  }
}

/** An environment variable holds a value the service cannot run with. */
export class ConfigError extends SentinelError {
  readonly code = 'CONFIG_INVALID';
  override readonly retryable = false; // the value stays wrong until an operator changes it
  constructor(readonly variable: string, detail: string) {
    super(`invalid configuration: ${variable}: ${detail}`);
  }
}

/** The sandbox cannot be established on this host (fail closed). */
export class SandboxUnavailableError extends SentinelError {
  readonly code = 'SANDBOX_UNAVAILABLE';
  override readonly retryable = false; // this host cannot sandbox at all (the executor stops at boot)
}

/**
 * A job payload taken from the queue does not satisfy the job schema (forged or corrupted).
 * Must not be retried: running it again cannot succeed.
 */
export class InvalidJobError extends SentinelError {
  readonly code = 'JOB_INVALID';
  override readonly retryable = false; // the same payload fails the same check
  constructor(readonly field: string, detail: string) {
    super(`invalid job payload: ${field}: ${detail}`);
  }
}

/**
 * An interactive session cannot go on: its run was started before (a re-delivery after its
 * executor died: a live conversation cannot be replayed), or it expired before an executor took it.
 */
export class SessionLostError extends SentinelError {
  readonly code = 'SESSION_LOST';
  override readonly retryable = false; // running it again would talk to no one
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
