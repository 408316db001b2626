import Joi from 'joi';

/** Resource limits for one sandboxed run (a compile or one test case). All strictly positive. */
export interface Limits {
  /** Wall-clock time, milliseconds. */
  wallMs: number;
  /** CPU time summed over every process of the run, milliseconds. */
  cpuMs: number;
  /** Peak memory of the whole process tree, MiB. */
  memoryMb: number;
  /** Processes and threads alive at once. */
  processes: number;
  /** Cap on each of stdout and stderr, KiB; the run is killed when it passes the cap. */
  outputKb: number;
  /** Largest file the run may write, KiB. */
  fileSizeKb: number;
}

/**
 * The limit that stopped a run: wall clock, CPU time, memory, output size, the sandbox's own file
 * systems (a compile filling its working directory), or processes (a run that failed after
 * reaching its process cap, such as a fork bomb). An interactive run also stops at its session's
 * idle bound ("idle") and stdin bound ("input").
 */
export type ExceededLimit = 'wall' | 'cpu' | 'memory' | 'output' | 'disk' | 'processes' | 'idle' | 'input';

export const LIMIT_NAMES = ['wallMs', 'cpuMs', 'memoryMb', 'processes', 'outputKb', 'fileSizeKb'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

/** What a run gets when neither the pack nor the request says otherwise. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  wallMs: 5_000,
  cpuMs: 3_000,
  memoryMb: 256,
  processes: 64,
  outputKb: 1_024,
  fileSizeKb: 10_240,
});

/**
 * Defaults of a compile step: compilers get more time, memory and processes than a test run
 * (javac and kotlinc start a JVM; gcc runs cc1, as and ld), still under the operator's maximums.
 */
export const DEFAULT_COMPILE_LIMITS: Readonly<Limits> = Object.freeze({
  wallMs: 15_000,
  cpuMs: 15_000,
  memoryMb: 1_024,
  processes: 128,
  outputKb: 256,
  fileSizeKb: 65_536,
});

/** Operator maximums when the environment sets none: nothing may exceed these. */
export const DEFAULT_MAXIMUMS: Readonly<Limits> = Object.freeze({
  wallMs: 20_000,
  cpuMs: 15_000,
  memoryMb: 1_024,
  processes: 256,
  outputKb: 8_192,
  fileSizeKb: 65_536,
});

const positive = Joi.number().integer().min(1);

/**
 * A partial set of limits (pack overrides, request values). 0 and negatives are rejected:
 * a limit of 0 never means "unlimited".
 */
export const partialLimitsSchema = Joi.object<Partial<Limits>>(
  Object.fromEntries(LIMIT_NAMES.map((name) => [name, positive.max(2 ** 31)])),
).unknown(false);

export interface LimitSources {
  /** Operator maximums (service config). The final word. */
  maximums: Limits;
  /** Defaults of this kind of run: DEFAULT_LIMITS for test runs, DEFAULT_COMPILE_LIMITS for compiles. */
  defaults?: Readonly<Limits>;
  /** The pack's overrides of the defaults. */
  pack?: Partial<Limits>;
  /** What the request asked for; each value at most the ceiling (checked by requestedLimitAboveCeiling). */
  requested?: Partial<Limits>;
}

/**
 * The most a request may ask for: the pack's override if it has one, else the default, and never
 * above the operator's maximum.
 */
export function limitCeiling({ maximums, defaults = DEFAULT_LIMITS, pack = {} }: LimitSources): Limits {
  return mapLimits((name) => Math.min(pack[name] ?? defaults[name], maximums[name]));
}

/**
 * The one precedence rule for limits, pure: operator maximum > pack override > default, and a
 * request may only lower what that gives (a value above it is clamped here; the master and the
 * executor reject it first with requestedLimitAboveCeiling).
 */
export function resolveLimits(sources: LimitSources): Limits {
  const ceiling = limitCeiling(sources);
  const requested = sources.requested ?? {};
  return mapLimits((name) => Math.min(requested[name] ?? ceiling[name], ceiling[name]));
}

/** The first requested limit above its ceiling, for a 400 that names it; undefined when none. */
export function requestedLimitAboveCeiling(
  requested: Partial<Limits>,
  ceiling: Limits,
): { name: LimitName; value: number; maximum: number } | undefined {
  for (const name of LIMIT_NAMES) {
    const value = requested[name];
    if (value !== undefined && value > ceiling[name]) return { name, value, maximum: ceiling[name] };
  }
  return undefined;
}

function mapLimits(pick: (name: LimitName) => number): Limits {
  return Object.fromEntries(LIMIT_NAMES.map((name) => [name, pick(name)])) as unknown as Limits;
}
