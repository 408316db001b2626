/** Local-mode configuration, from the environment, validated at boot. */
import path from 'node:path';
import Joi from 'joi';
import { readEnv, redisUrl } from '@sentinel/core';

export const localEnv = {
  PORT: Joi.number().integer().min(1).max(65535).default(8910),
  /** When set, local mode uses this Redis instead of starting its own. */
  REDIS_URL: redisUrl(),
  SENTINEL_DATA_DIR: Joi.string().default(path.resolve('.sentinel')),
  SENTINEL_REDIS_SERVER: Joi.string().default('redis-server'),
  /**
   * The private Redis's maxmemory, MiB (policy noeviction: an evicted job key is a lost job). The
   * master stops admitting jobs at MAX_REDIS_MEMORY_PERCENT of it, before writes start failing.
   */
  SENTINEL_REDIS_MAXMEMORY_MB: Joi.number().integer().min(16).max(1_048_576).default(1_024),
  /** How long an executor may take to finish its active jobs on shutdown before it is killed. */
  SENTINEL_DRAIN_MS: Joi.number().integer().min(0).default(30_000),
};

export interface LocalConfig {
  PORT: number;
  REDIS_URL?: string;
  SENTINEL_DATA_DIR: string;
  SENTINEL_REDIS_SERVER: string;
  SENTINEL_REDIS_MAXMEMORY_MB: number;
  SENTINEL_DRAIN_MS: number;
}

export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const config = readEnv<LocalConfig>(localEnv, env);
  return { ...config, SENTINEL_DATA_DIR: path.resolve(config.SENTINEL_DATA_DIR) };
}
