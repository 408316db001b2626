/**
 * The master's configuration: a declarative schema of environment variables, read once at boot.
 * A bad value is a ConfigError naming the variable (see core's readEnv / loadConfigOrExit).
 */
import Joi from 'joi';
import { commonEnv, DEFAULT_REQUEST_BOUNDS, readEnv, type CommonConfig, type EnvSchema, type RequestBounds } from '@sentinel/core';

const count = (min: number) => Joi.number().integer().min(min);

export const masterEnv = {
  ...commonEnv,
  PORT: Joi.number().port().default(8910),
  HOST: Joi.string().min(1).default('0.0.0.0'),
  /** Requests per client (IP) and window; shared by every replica through Redis. */
  RATE_LIMIT_MAX: count(1).default(120),
  RATE_LIMIT_WINDOW_MS: count(1).default(60_000),
  /** Behind a proxy: take the client IP from X-Forwarded-For (koa `app.proxy`). */
  TRUST_PROXY: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off').default(false),
  /** How long finished jobs (and the job -> language key) are kept, seconds. */
  JOB_RETENTION_SECONDS: count(1).default(86_400),
  BODY_LIMIT_BYTES: count(1).default(16 * 1024 * 1024),
  MAX_CODE_BYTES: count(1).default(DEFAULT_REQUEST_BOUNDS.maxCodeBytes),
  MAX_TEST_CASES: count(0).default(DEFAULT_REQUEST_BOUNDS.maxTestCases),
  MAX_CASE_BYTES: count(1).default(DEFAULT_REQUEST_BOUNDS.maxCaseBytes),
} satisfies EnvSchema;

export interface MasterConfig extends CommonConfig {
  PORT: number;
  HOST: string;
  RATE_LIMIT_MAX: number;
  RATE_LIMIT_WINDOW_MS: number;
  TRUST_PROXY: boolean;
  JOB_RETENTION_SECONDS: number;
  BODY_LIMIT_BYTES: number;
  MAX_CODE_BYTES: number;
  MAX_TEST_CASES: number;
  MAX_CASE_BYTES: number;
}

/** Reads and validates the master's variables; throws ConfigError naming the first bad one. */
export function readMasterConfig(env: NodeJS.ProcessEnv = process.env): MasterConfig {
  return readEnv<MasterConfig>(masterEnv, env);
}

export function requestBounds(config: MasterConfig): RequestBounds {
  return { maxCodeBytes: config.MAX_CODE_BYTES, maxTestCases: config.MAX_TEST_CASES, maxCaseBytes: config.MAX_CASE_BYTES };
}
