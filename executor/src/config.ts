/** Executor configuration, from the environment, validated at boot. */
import os from 'node:os';
import path from 'node:path';
import Joi from 'joi';
import { commonEnv, DEFAULT_MAXIMUMS, nameList, readEnv, requestBoundsEnv, type CommonConfig, type Limits, type RequestBoundsConfig } from '@sentinel/core';

const positive = Joi.number().integer().min(1);

export const executorEnv = {
  ...commonEnv,
  ...requestBoundsEnv,
  SENTINEL_LANGUAGES: nameList(),
  SENTINEL_CONCURRENCY: positive.max(256).default(os.availableParallelism()),
  SENTINEL_SANDBOX: Joi.string().valid('bwrap', 'none').default('bwrap'),
  SENTINEL_BWRAP: Joi.string().pattern(/^\//).default('/usr/bin/bwrap'),
  SENTINEL_SANDBOX_UID: Joi.number().integer().min(1).max(2 ** 31).default(65534),
  SENTINEL_SANDBOX_GID: Joi.number().integer().min(1).max(2 ** 31).default(65534),
  SENTINEL_WORK_DIR: Joi.string().pattern(/^\//).default(path.join(os.tmpdir(), 'sentinel-jobs')),
  SENTINEL_TMP_MB: positive.max(4096).default(64),
  SENTINEL_MAX_WALL_MS: positive.default(DEFAULT_MAXIMUMS.wallMs),
  SENTINEL_MAX_CPU_MS: positive.default(DEFAULT_MAXIMUMS.cpuMs),
  SENTINEL_MAX_MEMORY_MB: positive.default(DEFAULT_MAXIMUMS.memoryMb),
  SENTINEL_MAX_PROCESSES: positive.default(DEFAULT_MAXIMUMS.processes),
  SENTINEL_MAX_OUTPUT_KB: positive.default(DEFAULT_MAXIMUMS.outputKb),
  SENTINEL_MAX_FILE_KB: positive.default(DEFAULT_MAXIMUMS.fileSizeKb),
};

export interface ExecutorConfig extends CommonConfig, RequestBoundsConfig {
  SENTINEL_LANGUAGES?: string[];
  SENTINEL_CONCURRENCY: number;
  SENTINEL_SANDBOX: 'bwrap' | 'none';
  SENTINEL_BWRAP: string;
  SENTINEL_SANDBOX_UID: number;
  SENTINEL_SANDBOX_GID: number;
  SENTINEL_WORK_DIR: string;
  SENTINEL_TMP_MB: number;
  SENTINEL_MAX_WALL_MS: number;
  SENTINEL_MAX_CPU_MS: number;
  SENTINEL_MAX_MEMORY_MB: number;
  SENTINEL_MAX_PROCESSES: number;
  SENTINEL_MAX_OUTPUT_KB: number;
  SENTINEL_MAX_FILE_KB: number;
}

export function readExecutorConfig(env: NodeJS.ProcessEnv = process.env): ExecutorConfig {
  return readEnv<ExecutorConfig>(executorEnv, env);
}

/** The operator's maximums: no pack or request may go above them. */
export function maximumsOf(config: ExecutorConfig): Limits {
  return {
    wallMs: config.SENTINEL_MAX_WALL_MS,
    cpuMs: config.SENTINEL_MAX_CPU_MS,
    memoryMb: config.SENTINEL_MAX_MEMORY_MB,
    processes: config.SENTINEL_MAX_PROCESSES,
    outputKb: config.SENTINEL_MAX_OUTPUT_KB,
    fileSizeKb: config.SENTINEL_MAX_FILE_KB,
  };
}

/** The host identity sandboxes run as: the sandbox uid when we are root, else our own. */
export function sandboxOwner(config: ExecutorConfig): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: config.SENTINEL_SANDBOX_UID, gid: config.SENTINEL_SANDBOX_GID } : undefined;
}
