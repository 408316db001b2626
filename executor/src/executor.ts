/**
 * The executor: one process serving the queues of the languages it is given, with one concurrency
 * bound shared by all of them (so 24 languages on two cores never run 48 programs at once).
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Redis } from 'ioredis';
import {
  ConfigError,
  createJobQueue,
  createRedis,
  executorStatusKey,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TTL_S,
  JobRules,
  loadPacks,
  REQUEST_ID,
  SentinelError,
  type ExecutorStatus,
  type JobPayload,
  type JobQueue,
  type JobResult,
  type PackRegistry,
  type FinishedJob,
  type ResolvedPack,
  type RunningJob,
  type TestCaseResult,
  type WorkerIdentity,
} from '@sentinel/core';
import { sandboxSettings, type ExecutorConfig } from './config.js';
import { judgeSession } from './interactive/judge-session.js';
import { judge, type FinishedTest, type JudgeContext } from './judge.js';
import { createLogger, silentLogger, type Logger } from './logger.js';
import { ExecutorMetrics } from './metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { payloadChars, releasedPayload, RELEASE_FROM_CHARS } from './payload-release.js';
import { boundResult, boundTest } from './result-budget.js';
import { SandboxFailedError } from './sandbox/errors.js';
import { createSandbox } from './sandbox/select.js';
import type { Sandbox } from './sandbox/types.js';
import { Workspaces } from './workspace.js';

export interface ExecutorDeps {
  config: ExecutorConfig;
  packs: readonly ResolvedPack[];
  sandbox: Sandbox;
  workspaces: Workspaces;
  queue: JobQueue;
  redis: Redis;
  /** JSON lines; a job's lines carry its jobId, requestId and language. Default: none. */
  logger?: Logger;
  /** Default: a registry of its own, served by no one. */
  metrics?: ExecutorMetrics;
  /** Closed on stop. */
  metricsServer?: MetricsServer;
  /** Told who holds this executor's jobs before it takes any (local mode's supervisor releases them when it dies). */
  onWorker?: (worker: WorkerIdentity) => void;
}

export class Executor {
  readonly id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly limit: LimitFunction;
  /** What a payload may be and the limits its runs get (the master's rules, from the same config). */
  private readonly rules: JobRules;
  private readonly startedAt = new Date().toISOString();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly logger: Logger;
  readonly metrics: ExecutorMetrics;

  constructor(private readonly deps: ExecutorDeps) {
    this.limit = pLimit(deps.config.SENTINEL_CONCURRENCY);
    this.logger = deps.logger ?? silentLogger();
    this.metrics = deps.metrics ?? new ExecutorMetrics();
    this.rules = JobRules.fromConfig(deps.config, deps.packs);
  }

  get sandbox(): Sandbox {
    return this.deps.sandbox;
  }

  /** Who holds this executor's running jobs (a supervisor releases them when it dies). */
  get worker(): WorkerIdentity {
    return this.deps.queue.worker();
  }

  async start(): Promise<void> {
    const { config, packs, queue } = this.deps;
    for (const pack of packs) {
      // The worker loop's promise rejects when the connections close under it (a stop right after
      // start): not a crash, and only worth a line when not stopping.
      queue
        .process(pack.id, {
          concurrency: config.SENTINEL_CONCURRENCY,
          handler: (job) => this.limit(() => this.handle(pack, job)),
          onFinished: (job) => void this.release(pack, job),
        })
        .catch((error: unknown) => {
          if (!this.stopping) this.logger.error({ err: error, language: pack.id }, `queue ${pack.id}: worker stopped`);
        });
    }
    // Sent before the loops take their first job (that needs a Redis round trip); the languages are known now.
    this.deps.onWorker?.(queue.worker());
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat().catch(() => {}), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Stops taking jobs, lets the active ones finish, then closes every connection. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeat);
    await this.deps.queue.close();
    await this.deps.sandbox.close();
    await this.deps.workspaces.close();
    await this.deps.redis.del(executorStatusKey(this.id)).catch(() => {});
    await this.deps.redis.quit().catch(() => {});
    await this.deps.metricsServer?.close();
  }

  status(): ExecutorStatus {
    return {
      id: this.id,
      hostname: os.hostname(),
      pid: process.pid,
      languages: this.deps.packs.map((pack) => pack.id),
      concurrency: this.deps.config.SENTINEL_CONCURRENCY,
      sandbox: this.deps.sandbox.info,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
    };
  }

  private async beat(): Promise<void> {
    await this.deps.redis.set(executorStatusKey(this.id), JSON.stringify(this.status()), 'EX', HEARTBEAT_TTL_S);
  }

  private async handle(pack: ResolvedPack, job: RunningJob): Promise<JobResult> {
    const startedAt = Date.now();
    const logger = this.logger.child({ jobId: job.id, requestId: requestIdOf(job.data), language: pack.id });
    let payload: JobPayload;
    try {
      payload = this.rules.checkPayload(pack, job.data);
    } catch (error) {
      // InvalidJobError is not retryable: a forged or corrupted payload fails the same way every time.
      logger.warn({ err: error }, `rejected job ${job.id} on ${pack.id}: ${(error as Error).message}`);
      this.metrics.jobFailed(pack.id, errorCode(error), 0);
      throw error;
    }
    const waitSeconds = (startedAt - Date.parse(payload.submittedAt)) / 1000;
    this.metrics.jobStarted(pack.id, waitSeconds);
    logger.info({ waitMs: Math.round(waitSeconds * 1000) }, `job ${job.id} started`);
    try {
      const context: JudgeContext = {
        sandbox: this.deps.sandbox,
        workspaces: this.deps.workspaces,
        runLimits: this.rules.runLimits(pack, payload.limits),
        compileLimits: this.rules.compileLimits(pack),
        rules: this.rules,
        resultOutputBytes: this.deps.config.SENTINEL_RESULT_OUTPUT_KB * 1024,
        // 100 without a test is not stored: the job completes right after it, and a completed job
        // reads as 100 anyway (one Redis round trip less on the way to every result).
        onProgress: (percent, finished) => (finished ? job.progress(percent, progressDetail(finished)) : percent < 100 ? job.progress(percent) : undefined),
      };
      const { interactive } = payload;
      const result = interactive
        ? await judgeSession({ ...payload, interactive }, pack, context, { redis: this.deps.redis, owner: this.id })
        : await judge(payload, pack, context);
      const runSeconds = (Date.now() - startedAt) / 1000;
      this.metrics.jobJudged(pack.id, result, runSeconds);
      logger.info({ verdict: result.verdict, passed: result.passed, total: result.total, runMs: Math.round(runSeconds * 1000) }, `job ${job.id} judged: ${result.verdict}`);
      return boundResult(result, this.deps.config.SENTINEL_RESULT_MAX_KB * 1024);
    } catch (error) {
      if (error instanceof SandboxFailedError && error.reason === 'start') this.metrics.sandboxStartFailed(pack.id);
      this.metrics.jobFailed(pack.id, errorCode(error), (Date.now() - startedAt) / 1000);
      logger.error({ err: error }, `job ${job.id} failed: ${(error as Error)?.message ?? String(error)}`);
      throw error;
    }
  }

  /** Drops a finished job's large payload from Redis (payload-release.ts); a failure only costs memory. */
  private async release(pack: ResolvedPack, job: FinishedJob): Promise<void> {
    if (payloadChars(job.data) < RELEASE_FROM_CHARS) return;
    await this.deps.queue.replaceFinishedPayload(pack.id, job.id, releasedPayload(job.data)).catch((error: unknown) =>
      this.logger.warn({ err: error, jobId: job.id, language: pack.id }, `job ${job.id} on ${pack.id}: payload not released`),
    );
  }
}

/**
 * Most bytes of JSON a finished test takes in its progress event (it goes to every master through
 * Redis pub/sub): longer texts are cut as in the stored result, with the same truncation flags.
 */
export const PROGRESS_TEST_BYTES = 16 * 1024;

/** What a progress event carries for a finished test: its result, bounded, and its index. */
export function progressDetail({ index, result }: FinishedTest): TestCaseResult & { index: number } {
  return { ...boundTest(result, PROGRESS_TEST_BYTES), index };
}

/** The packs this executor serves: SENTINEL_LANGUAGES (ids or aliases) or every loaded pack. */
export function selectLanguages(registry: PackRegistry, names: readonly string[] | undefined): ResolvedPack[] {
  if (!names?.length) return [...registry.list()];
  return names.map((name) => {
    const pack = registry.find(name);
    if (!pack) throw new ConfigError('SENTINEL_LANGUAGES', `"${name}" is not a loaded language pack (loaded: ${registry.ids().join(', ')})`);
    return pack;
  });
}

/** Boots an executor from its config: packs, work directory, a proven sandbox, queues, metrics port. */
export async function startExecutor(
  config: ExecutorConfig,
  logger: Logger = createLogger({ level: config.LOG_LEVEL }),
  onWorker?: (worker: WorkerIdentity) => void,
): Promise<Executor> {
  const registry = await loadPacks({ names: config.SENTINEL_PACKS });
  const packs = selectLanguages(registry, config.SENTINEL_LANGUAGES);
  const workspaces = new Workspaces(config.SENTINEL_WORK_DIR);
  await workspaces.init();
  const sandbox = await createSandbox(sandboxSettings(config), workspaces, (line) => logger.info(line));
  for (const warning of sandbox.info.warnings) logger.warn(`WARNING: ${warning}`);
  const { memoryMb, processes, cpuMs } = sandbox.info.enforced;
  logger.info({ limitsMode: sandbox.info.limitsMode }, `limits mode ${sandbox.info.limitsMode}: memory: ${memoryMb ?? 'not bounded'}; processes: ${processes ?? 'not bounded'}; CPU time: ${cpuMs ?? 'not bounded'}`);
  const metrics = new ExecutorMetrics();
  const metricsServer = await startMetricsServer(metrics, config.SENTINEL_METRICS_PORT, config.SENTINEL_METRICS_HOST, logger);
  const executor = new Executor({
    config,
    packs,
    sandbox,
    workspaces,
    queue: createJobQueue({ redisUrl: config.REDIS_URL, role: 'executor', onError: (id, error) => logger.error({ err: error }, `queue ${id}: redis error: ${(error as Error)?.message ?? String(error)}`) }),
    redis: createRedis(config.REDIS_URL, 'executor-status'),
    logger,
    metrics,
    metricsServer,
    onWorker,
  });
  await executor.start();
  logger.info(
    { executorId: executor.id, languages: packs.map((p) => p.id), metricsPort: metricsServer?.port },
    `executor ${executor.id} serving ${packs.map((p) => p.id).join(', ')} (concurrency ${config.SENTINEL_CONCURRENCY}, sandbox ${sandbox.info.mode}, limits ${sandbox.info.limitsMode})`,
  );
  return executor;
}

/** The request id a payload carries, read before the payload is checked (a rejected one is logged with it too). */
function requestIdOf(data: unknown): string | undefined {
  const id = typeof data === 'object' && data !== null ? (data as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'string' && REQUEST_ID.test(id) ? id : undefined;
}

function errorCode(error: unknown): string {
  return error instanceof SentinelError ? error.code : 'INTERNAL_ERROR';
}
