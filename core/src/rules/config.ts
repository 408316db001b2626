/** What the job rules read from a service's configuration (the master's or an executor's). */
import Joi from 'joi';
import { limitMaximums, requestBounds, type ConfigSchema, type LimitMaximumsConfig, type RequestBoundsConfig } from '../config.js';
import type { RequestBounds } from '../job.js';
import { DEFAULT_COMPILE_LIMITS, type Limits } from '../limits.js';

/** The compile step's time, ms, set by the executors (the master never compiles). */
export type CompileTimeConfig = Record<'SENTINEL_COMPILE_WALL_MS' | 'SENTINEL_COMPILE_CPU_MS', number>;

const ms = (fallback: number) => Joi.number().integer().min(1).default(fallback);
export const compileTimeEnv = {
  SENTINEL_COMPILE_WALL_MS: ms(DEFAULT_COMPILE_LIMITS.wallMs),
  SENTINEL_COMPILE_CPU_MS: ms(DEFAULT_COMPILE_LIMITS.cpuMs),
} satisfies ConfigSchema<CompileTimeConfig>;

export interface JobRulesConfig extends RequestBoundsConfig, LimitMaximumsConfig, Partial<CompileTimeConfig> {
  /** Languages a checker program or interactor may be written in (default: every loaded pack). */
  JUDGE_LANGUAGES?: string[];
}

/** The numbers the rules are made of, from a config. */
export function rulesSettings(config: JobRulesConfig): { bounds: RequestBounds; maximums: Limits; compileDefaults: Limits; judgeLanguages?: readonly string[] } {
  return {
    ...(config.JUDGE_LANGUAGES ? { judgeLanguages: config.JUDGE_LANGUAGES } : {}),
    bounds: requestBounds(config),
    maximums: limitMaximums(config),
    // Defaults of a compile before the pack's overrides: the configured time, the rest as DEFAULT_COMPILE_LIMITS.
    compileDefaults: {
      ...DEFAULT_COMPILE_LIMITS,
      wallMs: config.SENTINEL_COMPILE_WALL_MS ?? DEFAULT_COMPILE_LIMITS.wallMs,
      cpuMs: config.SENTINEL_COMPILE_CPU_MS ?? DEFAULT_COMPILE_LIMITS.cpuMs,
    },
  };
}
