/**
 * Service configuration is read from the environment once, at boot, against a declarative joi
 * schema whose keys are the variable names. A bad value is a ConfigError naming the variable;
 * `loadConfigOrExit` turns that into a message and exit code 1.
 */
import Joi from 'joi';
import { ConfigError } from './errors.js';
import { DEFAULT_REQUEST_BOUNDS, type RequestBounds } from './job.js';
import { DEFAULT_MAXIMUMS, type Limits } from './limits.js';

/** A service's env schema: the compiler checks it has a schema for every key of the config T. */
export type ConfigSchema<T> = Joi.StrictSchemaMap<T>;

export function readEnv<T>(schema: ConfigSchema<T>, env: NodeJS.ProcessEnv = process.env): T {
  const picked = Object.fromEntries(
    Object.keys(schema)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]]),
  );
  const { value, error } = Joi.object(schema).validate(picked, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    throw new ConfigError(String(detail?.path[0] ?? '(environment)'), detail?.message ?? error.message);
  }
  return value as T;
}

export function loadConfigOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sentinel: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** A comma-separated list of names, e.g. SENTINEL_PACKS=python,javascript. */
export const nameList = () =>
  Joi.string()
    .pattern(/^\s*[@a-z0-9][@a-z0-9/_.-]*(\s*,\s*[@a-z0-9][@a-z0-9/_.-]*)*\s*$/)
    .custom((value: string) => value.split(',').map((name) => name.trim()))
    .messages({ 'string.pattern.base': '{{#label}} must be a comma-separated list of names' });

export const redisUrl = () => Joi.string().uri({ scheme: ['redis', 'rediss'] });

/** pino's level names, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables every Sentinel process reads. */
export const commonEnv = {
  REDIS_URL: redisUrl().default('redis://127.0.0.1:6379'),
  SENTINEL_PACKS: nameList(),
  /** The least level of the JSON log lines written (pino's levels; silent: none). */
  LOG_LEVEL: Joi.string().valid(...LOG_LEVELS).default('info'),
} satisfies ConfigSchema<CommonConfig>;

export interface CommonConfig {
  REDIS_URL: string;
  SENTINEL_PACKS?: string[];
  LOG_LEVEL: LogLevel;
}

/**
 * Request size bounds. The master checks requests against them and every executor re-checks the
 * payloads it takes, so both read the same variables.
 */
export const requestBoundsEnv = {
  MAX_CODE_BYTES: Joi.number().integer().min(1).default(DEFAULT_REQUEST_BOUNDS.maxCodeBytes),
  MAX_TEST_CASES: Joi.number().integer().min(0).default(DEFAULT_REQUEST_BOUNDS.maxTestCases),
  MAX_CASE_BYTES: Joi.number().integer().min(1).default(DEFAULT_REQUEST_BOUNDS.maxCaseBytes),
  MAX_FILES: Joi.number().integer().min(0).default(DEFAULT_REQUEST_BOUNDS.maxFiles),
  MAX_FILE_BYTES: Joi.number().integer().min(1).default(DEFAULT_REQUEST_BOUNDS.maxFileBytes),
} satisfies ConfigSchema<RequestBoundsConfig>;

export interface RequestBoundsConfig {
  MAX_CODE_BYTES: number;
  MAX_TEST_CASES: number;
  MAX_CASE_BYTES: number;
  MAX_FILES: number;
  MAX_FILE_BYTES: number;
}

export function requestBounds(config: RequestBoundsConfig): RequestBounds {
  return {
    maxCodeBytes: config.MAX_CODE_BYTES,
    maxTestCases: config.MAX_TEST_CASES,
    maxCaseBytes: config.MAX_CASE_BYTES,
    maxFiles: config.MAX_FILES,
    maxFileBytes: config.MAX_FILE_BYTES,
  };
}

const positive = () => Joi.number().integer().min(1);

/**
 * The operator's limit maximums. The master rejects requests above them (400) and every executor
 * caps packs and payloads with them, so both read the same variables. 0 is rejected: it never
 * means "unlimited".
 */
export const limitMaximumsEnv = {
  SENTINEL_MAX_WALL_MS: positive().default(DEFAULT_MAXIMUMS.wallMs),
  SENTINEL_MAX_CPU_MS: positive().default(DEFAULT_MAXIMUMS.cpuMs),
  SENTINEL_MAX_MEMORY_MB: positive().default(DEFAULT_MAXIMUMS.memoryMb),
  SENTINEL_MAX_PROCESSES: positive().default(DEFAULT_MAXIMUMS.processes),
  SENTINEL_MAX_OUTPUT_KB: positive().default(DEFAULT_MAXIMUMS.outputKb),
  SENTINEL_MAX_FILE_KB: positive().default(DEFAULT_MAXIMUMS.fileSizeKb),
} satisfies ConfigSchema<LimitMaximumsConfig>;

export interface LimitMaximumsConfig {
  SENTINEL_MAX_WALL_MS: number;
  SENTINEL_MAX_CPU_MS: number;
  SENTINEL_MAX_MEMORY_MB: number;
  SENTINEL_MAX_PROCESSES: number;
  SENTINEL_MAX_OUTPUT_KB: number;
  SENTINEL_MAX_FILE_KB: number;
}

export function limitMaximums(config: LimitMaximumsConfig): Limits {
  return {
    wallMs: config.SENTINEL_MAX_WALL_MS,
    cpuMs: config.SENTINEL_MAX_CPU_MS,
    memoryMb: config.SENTINEL_MAX_MEMORY_MB,
    processes: config.SENTINEL_MAX_PROCESSES,
    outputKb: config.SENTINEL_MAX_OUTPUT_KB,
    fileSizeKb: config.SENTINEL_MAX_FILE_KB,
  };
}
