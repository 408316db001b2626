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
  Object.fromEntries(LIMIT_NAMES.map((name) => [name, positive])),
).unknown(false);

export interface LimitSources {
  /** Operator maximums (service config). The final word. */
  maximums: Limits;
  /** The pack's overrides of the defaults. */
  pack?: Partial<Limits>;
  /** What the request asked for; validated against the maximums before this is called. */
  requested?: Partial<Limits>;
}

/**
 * The one precedence rule for limits, pure: requested value if given, else the pack's override,
 * else the default; whatever it is, never above the operator's maximum.
 */
export function resolveLimits({ maximums, pack = {}, requested = {} }: LimitSources): Limits {
  const pick = (name: LimitName): number =>
    Math.min(requested[name] ?? pack[name] ?? DEFAULT_LIMITS[name], maximums[name]);
  return Object.fromEntries(LIMIT_NAMES.map((name) => [name, pick(name)])) as unknown as Limits;
}

/** The first requested limit above its maximum, for a 400 that names it; undefined when none. */
export function limitAboveMaximum(
  requested: Partial<Limits>,
  maximums: Limits,
): { name: LimitName; value: number; maximum: number } | undefined {
  for (const name of LIMIT_NAMES) {
    const value = requested[name];
    if (value !== undefined && value > maximums[name]) return { name, value, maximum: maximums[name] };
  }
  return undefined;
}
