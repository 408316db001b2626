/**
 * Piston's six limit fields against Sentinel's limits. Units: `*_timeout` wall-clock ms,
 * `*_cpu_time` CPU ms, `*_memory_limit` bytes (Sentinel: MiB, rounded up). A request only lowers
 * limits: -1 means the language's own limit (never unlimited), a value above the language's limit
 * is a 400 with Piston's message and Sentinel's figure. Piston's defaults (3000 ms run, 10000 ms
 * compile) apply only to an omitted field, and never above the language's limit.
 */
import type { Limits } from '@sentinel/core';
import { pistonBadRequest } from './errors.js';

const MIB = 1024 * 1024;

type Stage = 'compile' | 'run';
type Constraint = 'memory_limit' | 'timeout' | 'cpu_time';

/** Which Sentinel limit a Piston constraint is, and how its units convert. */
const CONSTRAINTS: Readonly<Record<Constraint, { limit: 'wallMs' | 'cpuMs' | 'memoryMb'; toPiston: (value: number) => number; fromPiston: (value: number) => number }>> = {
  memory_limit: { limit: 'memoryMb', toPiston: (mb) => mb * MIB, fromPiston: (bytes) => Math.max(1, Math.ceil(bytes / MIB)) },
  timeout: { limit: 'wallMs', toPiston: (ms) => ms, fromPiston: (ms) => Math.max(1, Math.ceil(ms)) },
  cpu_time: { limit: 'cpuMs', toPiston: (ms) => ms, fromPiston: (ms) => Math.max(1, Math.ceil(ms)) },
};

/** Piston's defaults of an omitted field (-1: the language's own limit). */
const PISTON_DEFAULTS: Readonly<Record<`${Stage}_${Constraint}`, number>> = {
  compile_memory_limit: -1,
  run_memory_limit: -1,
  compile_timeout: 10_000,
  run_timeout: 3_000,
  compile_cpu_time: 10_000,
  run_cpu_time: 3_000,
};

/** The language's own limits, the most a request may ask for. */
export interface LimitCeilings {
  run: Limits;
  compile: Limits;
}

/** What the six fields come to: run limits for the Sentinel request, compile limits as checked. */
export interface PistonLimits {
  /** Lowered run limits (absent: the language's own). */
  run: Partial<Limits>;
  /** Lowered compile limits: checked, but a Sentinel request cannot carry them (the pack's apply). */
  compile: Partial<Limits>;
}

/**
 * Reads the six fields of a Piston body, in Piston's order and with its messages; throws a 400
 * (HttpError) for a value that is not a number, above the configured limit, or negative but -1.
 */
export function pistonLimits(body: Record<string, unknown>, ceilings: LimitCeilings): PistonLimits {
  const lowered: PistonLimits = { run: {}, compile: {} };
  for (const constraint of ['memory_limit', 'timeout', 'cpu_time'] as const) {
    for (const stage of ['compile', 'run'] as const) {
      const name = `${stage}_${constraint}` as const;
      const { limit, toPiston, fromPiston } = CONSTRAINTS[constraint];
      const configured = ceilings[stage][limit];
      const given = body[name];
      // Piston skips a falsy value (absent, null, 0): its default applies.
      const omitted = given === undefined || given === null || given === 0;
      if (!omitted && (typeof given !== 'number' || !Number.isFinite(given))) throw pistonBadRequest(`If specified, ${name} must be a number`);
      const value = omitted ? PISTON_DEFAULTS[name] : (given as number);
      if (value === -1) continue;
      if (!omitted && value > toPiston(configured)) {
        throw pistonBadRequest(`${name} cannot exceed the configured limit of ${toPiston(configured)}`);
      }
      if (value < 0) throw pistonBadRequest(`${name} must be non-negative`);
      // A default above the language's limit is the language's limit, never a 400.
      lowered[stage][limit] = Math.min(fromPiston(value), configured);
    }
  }
  return lowered;
}
