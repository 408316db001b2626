/**
 * The master's configuration: a declarative schema of environment variables, read once at boot.
 * A bad value is a ConfigError naming the variable (see core's readEnv / loadConfigOrExit).
 */
import Joi from 'joi';
import { commonEnv, limitMaximumsEnv, nameList, MAX_SESSION_MS, MAX_SESSION_STDIN_BYTES, readEnv, requestBoundsEnv, type CommonConfig, type ConfigSchema, type LimitMaximumsConfig, type RequestBoundsConfig } from '@sentinel/core';

const count = (min: number) => Joi.number().integer().min(min);

export const masterEnv = {
  ...commonEnv,
  PORT: Joi.number().port().default(8910),
  HOST: Joi.string().min(1).default('0.0.0.0'),
  /** API keys (README "API keys"): off keeps local mode keyless; on requires `Authorization: Bearer <key>`. */
  API_KEYS: Joi.string().valid('off', 'on').default('off'),
  /** How long a master trusts a key it looked up, ms: a revocation takes effect within this (0: no cache). */
  API_KEY_CACHE_MS: count(0).max(60_000).default(5_000),
  /** Rate limits per class, per key (keys on) or client IP, per window; shared by every replica through Redis. */
  RATE_LIMIT_SUBMIT_PER_MINUTE: count(1).default(120),
  RATE_LIMIT_READ_PER_MINUTE: count(1).default(1_200),
  RATE_LIMIT_WAIT_PER_MINUTE: count(1).default(120),
  RATE_LIMIT_WINDOW_MS: count(1).default(60_000),
  /** Deprecated: the default of each RATE_LIMIT_<CLASS>_PER_MINUTE not set itself. */
  RATE_LIMIT_MAX: count(1),
  /** Behind a proxy: take the client IP from X-Forwarded-For (koa `app.proxy`). */
  TRUST_PROXY: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off').default(false),
  /** How long finished jobs (and the job -> language key) are kept, seconds. */
  JOB_RETENTION_SECONDS: count(1).default(86_400),
  /** At most this many completed, and this many failed, jobs are kept per language (the oldest go first). */
  JOB_RETENTION_COUNT: count(1).default(10_000),
  /** Admission bound: POST /execute is a 503 while a language has this many jobs waiting (0: no bound). */
  MAX_QUEUE_LENGTH: count(0).default(1_000),
  /** Admission bound: POST /execute is a 503 while Redis uses this % of its maxmemory (0: no bound). */
  MAX_REDIS_MEMORY_PERCENT: count(0).max(100).default(90),
  BODY_LIMIT_BYTES: count(1).default(16 * 1024 * 1024),
  /** Longest `?wait=` a request may ask for (GET /job/:id, POST /execute), seconds. */
  MAX_WAIT_SECONDS: count(1).max(300).default(30),
  /** Most jobs in one POST /batch, and most ids in one GET /jobs. */
  BATCH_MAX_JOBS: count(1).max(1_000).default(20),
  /** Longest a GET /job/:id/events stream stays open, seconds (the client may then connect again). */
  MAX_EVENTS_SECONDS: count(1).max(86_400).default(600),
  /** HMAC-SHA256 key of webhook signatures; unset: a job with a callbackUrl is a 400 CALLBACKS_DISABLED. */
  WEBHOOK_SECRET: Joi.string().min(16),
  /** Callbacks may reach private, loopback, link-local and other non-public addresses. */
  WEBHOOK_ALLOW_PRIVATE: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off').default(false),
  /** One delivery attempt's bound, ms (connect to the end of the answer's headers). */
  WEBHOOK_TIMEOUT_MS: count(1).default(5_000),
  /** Delivery attempts in all; then the callback is given up and logged. */
  WEBHOOK_MAX_ATTEMPTS: count(1).max(30).default(8),
  /** The first retry's delay, ms; retry n waits WEBHOOK_BACKOFF_MS x (2^n - 1). */
  WEBHOOK_BACKOFF_MS: count(1).default(1_000),
  /** Deliveries one master makes at once. */
  WEBHOOK_CONCURRENCY: count(1).default(10),
  /** Interactive sessions (README "Interactive runs"): the run's wall clock, ms. */
  INTERACTIVE_WALL_MS: count(1).max(MAX_SESSION_MS).default(60_000),
  /** A session with neither input nor output this long, ms, is stopped (TIME_LIMIT, limitExceeded "idle"). */
  INTERACTIVE_IDLE_MS: count(1).max(MAX_SESSION_MS).default(15_000),
  /** Most bytes of stdin one session takes (limitExceeded "input" past it). */
  INTERACTIVE_STDIN_BYTES: count(1).max(MAX_SESSION_STDIN_BYTES).default(1024 * 1024),
  /** Languages a checker program or interactor may be written in (default: every loaded pack); each must be loaded. */
  JUDGE_LANGUAGES: nameList(),
  ...requestBoundsEnv,
  /** The same SENTINEL_MAX_* the executors read: requests above a language's limits are a 400. */
  ...limitMaximumsEnv,
} satisfies ConfigSchema<MasterConfig>;

export interface MasterConfig extends CommonConfig, RequestBoundsConfig, LimitMaximumsConfig {
  PORT: number;
  HOST: string;
  API_KEYS: 'off' | 'on';
  API_KEY_CACHE_MS: number;
  RATE_LIMIT_SUBMIT_PER_MINUTE: number;
  RATE_LIMIT_READ_PER_MINUTE: number;
  RATE_LIMIT_WAIT_PER_MINUTE: number;
  RATE_LIMIT_WINDOW_MS: number;
  /** Deprecated alias, folded into the three class limits by readMasterConfig. */
  RATE_LIMIT_MAX?: number;
  TRUST_PROXY: boolean;
  JOB_RETENTION_SECONDS: number;
  JOB_RETENTION_COUNT: number;
  MAX_QUEUE_LENGTH: number;
  MAX_REDIS_MEMORY_PERCENT: number;
  BODY_LIMIT_BYTES: number;
  MAX_WAIT_SECONDS: number;
  BATCH_MAX_JOBS: number;
  MAX_EVENTS_SECONDS: number;
  WEBHOOK_SECRET?: string;
  WEBHOOK_ALLOW_PRIVATE: boolean;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_MAX_ATTEMPTS: number;
  WEBHOOK_BACKOFF_MS: number;
  WEBHOOK_CONCURRENCY: number;
  INTERACTIVE_WALL_MS: number;
  INTERACTIVE_IDLE_MS: number;
  INTERACTIVE_STDIN_BYTES: number;
  JUDGE_LANGUAGES?: string[];
}

/** Reads and validates the master's variables; throws ConfigError naming the first bad one. */
export function readMasterConfig(env: NodeJS.ProcessEnv = process.env): MasterConfig {
  const config = readEnv<MasterConfig>(masterEnv, env);
  const deprecated = config.RATE_LIMIT_MAX;
  if (deprecated === undefined) return config;
  // The old single limit stands in for each class limit the environment does not set itself.
  for (const name of CLASS_LIMIT_VARIABLES) if (env[name] === undefined) config[name] = deprecated;
  return config;
}

const CLASS_LIMIT_VARIABLES = ['RATE_LIMIT_SUBMIT_PER_MINUTE', 'RATE_LIMIT_READ_PER_MINUTE', 'RATE_LIMIT_WAIT_PER_MINUTE'] as const;

