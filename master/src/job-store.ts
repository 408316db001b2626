/**
 * Jobs live in Redis only: the payload and result in the language's queue, and the job's language
 * under `jobLanguageKey(id)` so that any master replica can find the queue of any job.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  jobLanguageKey,
  jobOwnerKey,
  type CheckedRequest,
  type InteractiveBounds,
  type JobPayload,
  type JobQueue,
  type JobRecord,
  type JobResult,
  type JobView,
  type PackRegistry,
  type QueueCounts,
  type ResolvedPack,
} from '@sentinel/core';
import { objectMembers, splicedParts } from './stored-json.js';
import { callbackKey } from './webhooks/keys.js';

export type { QueueCounts } from '@sentinel/core';

export interface JobStoreOptions {
  queue: JobQueue;
  redis: Redis;
  registry: PackRegistry;
  /** Seconds finished jobs and the job -> language key are kept. */
  retentionSeconds: number;
  /** Most completed jobs, and most failed jobs, kept per language: the oldest go first. */
  retentionCount: number;
}

/**
 * What GET /job/:id answers: the view, and for a completed job the members of its stored result
 * as the JSON text Redis holds, to be spliced into the answer (stored-json.ts) rather than parsed
 * and serialized again. Without `result`, the view is the whole answer.
 */
export interface JobAnswer {
  view: JobView;
  result?: Buffer;
}

/** Who submitted a job, beside the request itself. */
export interface SubmitOptions {
  /** The id of the API key that submitted it: only that key may read the job (API_KEYS=on). */
  owner?: string;
  /** The submitting request's id (X-Request-Id): the executor's log lines for the job carry it. */
  requestId?: string;
  /** The job's id, when the caller needs it before the job is queued (an interactive session's keys). */
  id?: string;
  /** An interactive session's bounds: the job's one run talks to a client (README "Interactive runs"). */
  interactive?: InteractiveBounds;
  /**
   * More keys kept with the job's retention and written with its own (a compatible API's record of
   * the request, a callback's format), by the job's id; removed too if queuing fails.
   */
  extraKeys?: (jobId: string) => Record<string, string>;
}

/** One try, then one retry at once: no backoff, so no job ever waits delayed. */
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
  // Scores, and a checker program's or interactor's compile.
  'score',
  'maxScore',
  'groups',
  'checkerCompile',
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

  async submit(pack: ResolvedPack, request: CheckedRequest, options: SubmitOptions = {}): Promise<JobPayload> {
    const { redis, retentionSeconds, retentionCount } = this.options;
    const submitted = new Date();
    const payload: JobPayload = {
      id: options.id ?? randomUUID(),
      language: pack.id,
      code: request.code,
      testCases: request.testCases,
      stdin: request.stdin,
      args: request.args,
      files: request.files,
      compilerOptions: request.compilerOptions,
      limits: request.limits,
      checker: request.checker,
      ...(request.interactor ? { interactor: request.interactor } : {}),
      stopOnFirstFailure: request.stopOnFirstFailure,
      submittedAt: submitted.toISOString(),
      ...(options.requestId ? { requestId: options.requestId } : {}),
      ...(request.callbackUrl === undefined ? {} : { callbackUrl: request.callbackUrl }),
      ...(options.interactive ? { interactive: options.interactive } : {}),
    };
    // The owner and the callback live as long as the language key: all go with the job (the masters
    // that hear the job's end find its callback there: webhooks/webhooks.ts).
    const keys = redis.multi().set(jobLanguageKey(payload.id), pack.id, 'EX', retentionSeconds);
    if (options.owner !== undefined) keys.set(jobOwnerKey(payload.id), options.owner, 'EX', retentionSeconds);
    if (payload.callbackUrl !== undefined) keys.set(callbackKey(payload.id), payload.callbackUrl, 'EX', retentionSeconds);
    const extra = options.extraKeys?.(payload.id) ?? {};
    for (const [key, value] of Object.entries(extra)) keys.set(key, value, 'EX', retentionSeconds);
    const failed = (await keys.exec())?.find(([error]) => error);
    if (failed) throw failed[0];
    // The queue removes finished jobs lazily; the language key's TTL makes a job unreadable at its
    // age even when no other job finishes.
    const retention = { ageSeconds: retentionSeconds, count: retentionCount };
    try {
      await this.options.queue.submit(pack.id, payload, { id: payload.id, submittedAt: submitted.getTime(), attempts: ATTEMPTS, retention });
    } catch (error) {
      await redis.del(jobLanguageKey(payload.id), jobOwnerKey(payload.id), callbackKey(payload.id), ...Object.keys(extra)).catch(() => 0);
      throw error;
    }
    return payload;
  }

  /**
   * The language of a job still kept; undefined when the job is unknown or no longer kept, or when
   * `reader` (the requesting API key's id) is given and the job was submitted with another key.
   * A job submitted without a key (API_KEYS=off then) is readable by every key.
   */
  async languageOf(id: string, reader?: string): Promise<string | undefined> {
    const [language, owner] = await this.options.redis.mget(jobLanguageKey(id), jobOwnerKey(id));
    if (reader !== undefined && owner !== null && owner !== reader) return undefined;
    return language && this.options.registry.find(language) ? language : undefined;
  }

  /** What GET /job/:id answers for a job of `language` (one round trip); undefined when its hash is gone. */
  async viewIn(language: string, id: string): Promise<JobAnswer | undefined> {
    const job = await this.options.queue.view(language, id);
    return job && toAnswer(id, job, language);
  }

  counts(languageId: string): Promise<QueueCounts> {
    return this.options.queue.counts(languageId);
  }
}

/** The bytes of GET /job/:id's answer: the view, with a completed job's stored result members spliced in. */
export function answerBytes({ view, result }: JobAnswer): Buffer {
  return result ? Buffer.concat(splicedParts(view, result)) : Buffer.from(JSON.stringify(view));
}

function toAnswer(id: string, job: JobRecord, language: string): JobAnswer {
  const { status } = job;
  const base = { id, status, language };
  const at = (ms: number | undefined) => new Date(ms ?? job.submittedAt).toISOString();
  switch (status) {
    case 'queued':
      return { view: { ...base, timestamp: at(job.submittedAt), progress: 0 } };
    case 'active':
      return { view: { ...base, timestamp: at(job.startedAt), progress: job.progress } };
    case 'completed': {
      const view: JobView = { ...base, timestamp: at(job.finishedAt ?? job.startedAt), progress: 100 };
      const stored = job.result && objectMembers(job.result);
      // The executor's JobResult: spliced as it is. Anything else (a value stored for another
      // processor, say) is parsed and only its JobResult members are shown.
      if (stored && stored.names.every((name) => RESULT_NAMES.has(name))) return { view, result: stored.members };
      return { view: { ...view, ...resultOf(job.result) } };
    }
    case 'failed':
      // Sentinel's own fault (or a rejected payload), never the submitted code's: INTERNAL_ERROR.
      return {
        view: {
          ...base,
          timestamp: at(job.finishedAt ?? job.startedAt),
          progress: job.progress,
          verdict: 'INTERNAL_ERROR',
          error: job.failedReason ?? 'job failed',
        },
      };
  }
}

/** The JobResult members of a stored return value (never id, status or anything else). */
function resultOf(returnvalue: Buffer | undefined): Partial<JobResult> {
  let parsed: unknown;
  try {
    parsed = returnvalue && JSON.parse(returnvalue.toString('utf8'));
  } catch {
    return {}; // not JSON: read as absent
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const source = parsed as Record<string, unknown>;
  return Object.fromEntries(RESULT_FIELDS.filter((name) => name in source).map((name) => [name, source[name]]));
}
