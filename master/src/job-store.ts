/**
 * Jobs live in Redis only: the payload and result in the language's Bull queue, and the job's
 * language under `jobLanguageKey(id)` so that any master replica can find the queue of any job.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  jobLanguageKey,
  queueKeys,
  type ExecuteRequest,
  type JobPayload,
  type JobResult,
  type JobStatus,
  type JobView,
  type PackRegistry,
  type Queue,
  type QueueFactory,
  type QueueJob,
  type ResolvedPack,
} from '@sentinel/core';
import { readJobSnapshot, type JobSnapshot } from './job-snapshot.js';
import { objectMembers } from './stored-json.js';

export interface JobStoreOptions {
  queues: QueueFactory;
  redis: Redis;
  /** Where job views are read (see MasterDeps.jobsRedis). */
  jobsRedis: Redis;
  registry: PackRegistry;
  /** Seconds finished jobs and the job -> language key are kept. */
  retentionSeconds: number;
  /** Most completed jobs, and most failed jobs, kept per language: the oldest go first. */
  retentionCount: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

/** A validated request: the schema has filled in every default (and normalized `checker`). */
export type ValidRequest = Required<Omit<ExecuteRequest, 'language' | 'version' | 'checker'>> & Pick<JobPayload, 'checker'> & Pick<ExecuteRequest, 'version'>;

/**
 * What GET /job/:id answers: the view, and for a completed job the members of its stored result
 * as the JSON text Redis holds, to be spliced into the answer (stored-json.ts) rather than parsed
 * and serialized again. Without `result`, the view is the whole answer.
 */
export interface JobAnswer {
  view: JobView;
  result?: Buffer;
}

/** One try, then one retry at once: no backoff, so no job ever waits in Bull's delayed set. */
const ATTEMPTS = 2;

const RESULT_FIELDS = [
  'output',
  'error',
  'executionTime',
  'verdict',
  'passed',
  'total',
  'testCases',
  'compile',
  // How the single run of a job without test cases ended.
  'exitCode',
  'signal',
  'cpuTimeMs',
  'memoryKb',
  'limitExceeded',
  'outputTruncated',
  'stderrTruncated',
  'outputNotUtf8',
] as const satisfies readonly (keyof JobResult)[];
const RESULT_NAMES: ReadonlySet<string> = new Set(RESULT_FIELDS);

export class JobStore {
  constructor(private readonly options: JobStoreOptions) {}

  private queue(languageId: string): Queue {
    return this.options.queues.queue(languageId);
  }

  async submit(pack: ResolvedPack, request: ValidRequest): Promise<JobPayload> {
    const { redis, retentionSeconds, retentionCount } = this.options;
    const submitted = new Date();
    const payload: JobPayload = {
      id: randomUUID(),
      language: pack.id,
      code: request.code,
      testCases: request.testCases,
      stdin: request.stdin,
      args: request.args,
      files: request.files,
      compilerOptions: request.compilerOptions,
      limits: request.limits,
      checker: request.checker,
      stopOnFirstFailure: request.stopOnFirstFailure,
      submittedAt: submitted.toISOString(),
    };
    await redis.set(jobLanguageKey(payload.id), pack.id, 'EX', retentionSeconds);
    // Bull 4 applies both bounds in the script that finishes a job (moveToFinished): each job that
    // completes (fails) removes the completed (failed) jobs of its queue that finished more than
    // `age` seconds ago, then all but the newest `count`. Removal is lazy, at the next finish; the
    // language key's TTL makes a job unreadable at its age even when no other job finishes.
    const keep = { age: retentionSeconds, count: retentionCount };
    // `timestamp` (the job's created time) is honoured by Bull but missing from its types.
    const options: QueueJob['opts'] & { timestamp: number } = {
      jobId: payload.id,
      attempts: ATTEMPTS,
      removeOnComplete: keep,
      removeOnFail: keep,
      timestamp: submitted.getTime(),
    };
    try {
      await this.queue(pack.id).add(payload, options);
    } catch (error) {
      await redis.del(jobLanguageKey(payload.id)).catch(() => 0);
      throw error;
    }
    return payload;
  }

  /** The language of a job still kept; undefined when the job is unknown or no longer kept. */
  async languageOf(id: string): Promise<string | undefined> {
    const language = await this.options.redis.get(jobLanguageKey(id));
    return language && this.options.registry.find(language) ? language : undefined;
  }

  /** What GET /job/:id answers for a job of `language` (one round trip); undefined when its hash is gone. */
  async viewIn(language: string, id: string): Promise<JobAnswer | undefined> {
    const job = await readJobSnapshot(this.options.jobsRedis, language, id);
    return job && toAnswer(id, job, language);
  }

  /** Jobs waiting in the language's queue: one LLEN on the master's own connection (fails fast when Redis is down). */
  waitingCount(languageId: string): Promise<number> {
    return this.options.redis.llen(queueKeys(languageId).wait);
  }

  async counts(languageId: string): Promise<QueueCounts> {
    const counts = await this.queue(languageId).getJobCounts();
    const { waiting, active, completed, failed, delayed } = counts;
    return { waiting, active, completed, failed, delayed };
  }
}

function statusOf(job: JobSnapshot): JobStatus {
  switch (job.state) {
    case 'active':
      // A worker takes a job in two steps: BRPOPLPUSH moves it to the active list, then a script
      // locks it and sets processedOn. Between the two it has not started (and, should that worker
      // die there, the stall check puts it back): it still reads as queued.
      return job.processedOn ? 'active' : 'queued';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'waiting':
    case 'delayed':
    case 'paused':
      return 'queued';
    case 'stuck':
      // Caught between two lists; the job hash tells how far it got.
      if (job.finishedOn) return job.failedReason ? 'failed' : 'completed';
      return job.processedOn ? 'active' : 'queued';
  }
}

function toAnswer(id: string, job: JobSnapshot, language: string): JobAnswer {
  const status = statusOf(job);
  const base = { id, status, language };
  const at = (ms: number | undefined) => new Date(ms ?? job.timestamp).toISOString();
  switch (status) {
    case 'queued':
      return { view: { ...base, timestamp: at(job.timestamp), progress: 0 } };
    case 'active':
      return { view: { ...base, timestamp: at(job.processedOn), progress: progressOf(job) } };
    case 'completed': {
      const view: JobView = { ...base, timestamp: at(job.finishedOn ?? job.processedOn), progress: 100 };
      const stored = job.returnvalue && objectMembers(job.returnvalue);
      // The executor's JobResult: spliced as it is. Anything else (a value Bull stored for another
      // processor, say) is parsed and only its JobResult members are shown.
      if (stored && stored.names.every((name) => RESULT_NAMES.has(name))) return { view, result: stored.members };
      return { view: { ...view, ...resultOf(job.returnvalue) } };
    }
    case 'failed':
      // Sentinel's own fault (or a rejected payload), never the submitted code's: INTERNAL_ERROR.
      return {
        view: {
          ...base,
          timestamp: at(job.finishedOn ?? job.processedOn),
          progress: progressOf(job),
          verdict: 'INTERNAL_ERROR',
          error: job.failedReason ?? 'job failed',
        },
      };
  }
}

function progressOf(job: JobSnapshot): number {
  const { progress } = job;
  return typeof progress === 'number' && Number.isFinite(progress) ? Math.min(100, Math.max(0, progress)) : 0;
}

/** The JobResult members of a stored Bull return value (never id, status or anything else). */
function resultOf(returnvalue: Buffer | undefined): Partial<JobResult> {
  let parsed: unknown;
  try {
    parsed = returnvalue && JSON.parse(returnvalue.toString('utf8'));
  } catch {
    return {}; // not JSON: read as absent, as Bull's own parse does
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const source = parsed as Record<string, unknown>;
  return Object.fromEntries(RESULT_FIELDS.filter((name) => name in source).map((name) => [name, source[name]]));
}
