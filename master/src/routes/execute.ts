/** POST /execute: validate, resolve the language, queue the job (and with `?wait=`, wait for it). */
import type Router from '@koa/router';
import type { ValidationError } from 'joi';
import {
  checkAgainstPack,
  executeRequestSchema,
  limitCeiling,
  limitMaximums,
  requestBounds,
  type ExecuteRequest,
  type JobView,
  type PackRegistry,
  type RequestBounds,
  type ResolvedPack,
} from '@sentinel/core';
import { admit } from '../admission.js';
import type { RouteDeps } from '../deps.js';
import { HttpError } from '../http-errors.js';
import { jsonBodyReader } from '../json-body.js';
import type { ValidRequest } from '../job-store.js';
import { viewWhenDone } from '../job-waiter.js';
import { sendAnswer, waitParam, whileConnected } from './jobs.js';

/** The answer of a successful POST /execute, exactly as the API contract has it. */
export interface ExecuteResponse {
  id: string;
  status: 'queued';
  timestamp: string;
  message: string;
}

/**
 * The answer of POST /execute?wait=: the contract's fields, `status` being the job's status when
 * the wait ended, plus everything GET /job/:id answers. `timestamp` stays the submission time (in
 * GET /job/:id it is the time of the current state).
 */
export type ExecuteWaitResponse = JobView & { message: string };

/** No valid request nests deeper than 3 levels (body, testCases, a test case); 16 leaves room. */
export const MAX_JSON_DEPTH = 16;

/**
 * Most array elements and object members a body may have: a valid request has at most about 100
 * besides 6 per test case and 4 per file (797 with the default bounds); this leaves room.
 */
export function maxJsonValues(bounds: RequestBounds): number {
  return 1024 + 8 * bounds.maxTestCases + 8 * bounds.maxFiles;
}

export function registerExecute(router: Router, deps: RouteDeps): void {
  const bounds = requestBounds(deps.config);
  const schema = executeRequestSchema(bounds).label('body');
  const maximums = limitMaximums(deps.config);
  const ceilings = new Map(deps.registry.list().map((pack) => [pack.id, limitCeiling({ maximums, pack: pack.limits })]));
  const readBody = jsonBodyReader({ limitBytes: deps.config.BODY_LIMIT_BYTES, maxDepth: MAX_JSON_DEPTH, maxValues: maxJsonValues(bounds) });

  router.post('/execute', async (ctx) => {
    const { value, error } = schema.validate(await readBody(ctx), { abortEarly: true });
    if (error) throw invalid(error);
    const request = value as ExecuteRequest & ValidRequest;
    const pack = findLanguage(deps.registry, request.language);
    const problem = checkAgainstPack(pack, request, ceilings.get(pack.id)!);
    if (problem) {
      const { code, field, message, maximum } = problem;
      throw new HttpError(400, code, message, { field, ...(maximum === undefined ? {} : { extra: { maximum } }) });
    }
    const waitSeconds = waitParam(ctx, deps.config.MAX_WAIT_SECONDS);
    await admit(deps.queue, pack.id, deps.config.MAX_QUEUE_LENGTH);
    await deps.memory.admit();
    const payload = await deps.jobs.submit(pack, request);
    const body: ExecuteResponse = {
      id: payload.id,
      status: 'queued',
      timestamp: payload.submittedAt,
      message: `Job queued for ${pack.id}`,
    };
    if (waitSeconds === undefined) {
      ctx.body = body;
      return;
    }
    const answer = await whileConnected(ctx, (signal) =>
      viewWhenDone({ jobs: deps.jobs, queue: deps.queue, languageIds: deps.registry.ids(), id: payload.id, languageId: pack.id, timeoutMs: waitSeconds * 1000, signal }),
    );
    const waited: ExecuteResponse | ExecuteWaitResponse = answer ? { ...body, ...answer.view, timestamp: body.timestamp } : body;
    sendAnswer(ctx, waited, answer?.result);
  });
}

function invalid(error: ValidationError): HttpError {
  const detail = error.details[0];
  const field = detail?.path.length ? fieldPath(detail.path) : 'body';
  return new HttpError(400, 'INVALID_REQUEST', detail?.message ?? error.message, { field });
}

/** ['testCases', 0, 'input'] -> 'testCases[0].input' */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (joined, key) => (typeof key === 'number' ? `${joined}[${key}]` : joined ? `${joined}.${key}` : key),
    '',
  );
}

/** The pack a request names, by id or alias (case-insensitive), or a 400 listing what is served. */
function findLanguage(registry: PackRegistry, language: string): ResolvedPack {
  const pack = registry.find(language) ?? registry.find(language.toLowerCase());
  if (pack) return pack;
  const supported = registry.ids();
  throw new HttpError(400, 'UNKNOWN_LANGUAGE', `unsupported language "${language}"; supported: ${supported.join(', ')}`, {
    field: 'language',
    extra: { supported },
  });
}
