/** Executor configuration, from the environment, validated at boot. */
import os from 'node:os';
import path from 'node:path';
import Joi from 'joi';
import { commonEnv, compileTimeEnv, ConfigError, limitMaximumsEnv, nameList, readEnv, requestBoundsEnv, type CommonConfig, type CompileTimeConfig, type ConfigSchema, type LimitMaximumsConfig, type RequestBoundsConfig } from '@sentinel/core';
import { minimumResultBytes } from './result-budget.js';
import type { CgroupMode } from './sandbox/cgroup/detect.js';
import type { SandboxSettings } from './sandbox/settings.js';

const positive = Joi.number().integer().min(1);

/** Default host uid and gid of sandboxed programs. */
export const SANDBOX_ID = 61_000;

export const executorEnv = {
  ...commonEnv,
  ...requestBoundsEnv,
  ...limitMaximumsEnv,
  ...compileTimeEnv,
  SENTINEL_LANGUAGES: nameList(),
  SENTINEL_CONCURRENCY: positive.max(256).default(os.availableParallelism()),
  // Sandboxes started ahead of their run (default: SENTINEL_CONCURRENCY); 0 starts each on demand.
  SENTINEL_SPARE_SANDBOXES: Joi.number().integer().min(0).max(256),
  SENTINEL_SANDBOX: Joi.string().valid('bwrap', 'none').default('bwrap'),
  SENTINEL_BWRAP: Joi.string().pattern(/^\//).default('/usr/bin/bwrap'),
  // A uid/gid of its own (no account needed), not nobody (65534), which other services share.
  SENTINEL_SANDBOX_UID: Joi.number().integer().min(1).max(2 ** 31).default(SANDBOX_ID),
  SENTINEL_SANDBOX_GID: Joi.number().integer().min(1).max(2 ** 31).default(SANDBOX_ID),
  SENTINEL_WORK_DIR: Joi.string().pattern(/^\//).default(path.join(os.tmpdir(), 'sentinel-jobs')),
  SENTINEL_TMP_MB: positive.max(4096).default(64),
  SENTINEL_JOB_DIR_MB: positive.max(4096).default(64),
  SENTINEL_OPEN_FILES: positive.min(16).max(65_536).default(256),
  SENTINEL_CGROUP: Joi.string().valid('auto', 'v1', 'v2', 'off').default('auto'),
  SENTINEL_CGROUP_MOUNT: Joi.string().pattern(/^\//).default('/sys/fs/cgroup'),
  SENTINEL_CGROUP_NAME: Joi.string().pattern(/^[A-Za-z0-9_.-]{1,64}$/).default('sentinel'),
  SENTINEL_RESULT_OUTPUT_KB: positive.max(65_536).default(64),
  // The whole stored result, JSON bytes: Redis keeps it for the retention time, GET /job sends it whole.
  SENTINEL_RESULT_MAX_KB: positive.max(1_048_576).default(4_096),
  // Prometheus: GET /metrics on a port of the executor's own (0: not served).
  SENTINEL_METRICS_PORT: Joi.number().port().default(9101),
  SENTINEL_METRICS_HOST: Joi.string().min(1).default('0.0.0.0'),
} satisfies ConfigSchema<ExecutorConfig>;

export interface ExecutorConfig extends CommonConfig, RequestBoundsConfig, LimitMaximumsConfig, CompileTimeConfig {
  SENTINEL_LANGUAGES?: string[];
  SENTINEL_CONCURRENCY: number;
  SENTINEL_SPARE_SANDBOXES?: number;
  SENTINEL_SANDBOX: 'bwrap' | 'none';
  SENTINEL_BWRAP: string;
  SENTINEL_SANDBOX_UID: number;
  SENTINEL_SANDBOX_GID: number;
  SENTINEL_WORK_DIR: string;
  SENTINEL_TMP_MB: number;
  SENTINEL_JOB_DIR_MB: number;
  SENTINEL_OPEN_FILES: number;
  SENTINEL_CGROUP: CgroupMode;
  SENTINEL_CGROUP_MOUNT: string;
  SENTINEL_CGROUP_NAME: string;
  /** Most of each test's stdout and stderr kept in its stored result (marked truncated past it). */
  SENTINEL_RESULT_OUTPUT_KB: number;
  /** Most JSON bytes of a job's whole stored result: past it, its texts are cut to fit (result-budget.ts). */
  SENTINEL_RESULT_MAX_KB: number;
  /** Port of the executor's GET /metrics (0: off). */
  SENTINEL_METRICS_PORT: number;
  SENTINEL_METRICS_HOST: string;
}

export function readExecutorConfig(env: NodeJS.ProcessEnv = process.env): ExecutorConfig {
  const config = readEnv<ExecutorConfig>(executorEnv, env);
  const needed = Math.ceil(minimumResultBytes(config.MAX_TEST_CASES) / 1024);
  if (config.SENTINEL_RESULT_MAX_KB < needed) {
    throw new ConfigError(
      'SENTINEL_RESULT_MAX_KB',
      `${config.SENTINEL_RESULT_MAX_KB} is too small for MAX_TEST_CASES=${config.MAX_TEST_CASES}: a result of that many tests needs at least ${needed} KiB`,
    );
  }
  return config;
}

/** The sandbox's options, from the configuration (the sandbox itself reads no environment). */
export function sandboxSettings(config: ExecutorConfig): SandboxSettings {
  const MiB = 1024 * 1024;
  return {
    kind: config.SENTINEL_SANDBOX,
    bwrapPath: config.SENTINEL_BWRAP,
    cgroup: { mode: config.SENTINEL_CGROUP, mount: config.SENTINEL_CGROUP_MOUNT, name: config.SENTINEL_CGROUP_NAME },
    // The sandbox uids when we are root; otherwise every sandbox keeps our own.
    owner: process.getuid?.() === 0 ? { uid: config.SENTINEL_SANDBOX_UID, gid: config.SENTINEL_SANDBOX_GID } : undefined,
    concurrency: config.SENTINEL_CONCURRENCY,
    spares: config.SENTINEL_SPARE_SANDBOXES ?? config.SENTINEL_CONCURRENCY,
    tmpBytes: config.SENTINEL_TMP_MB * MiB,
    jobDirBytes: config.SENTINEL_JOB_DIR_MB * MiB,
    openFiles: config.SENTINEL_OPEN_FILES,
  };
}
