/** POST /execute: validate, resolve the language, queue the job (and with `?wait=`, wait for it). */
import { bodyParser } from '@koa/bodyparser';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { ValidationError } from 'joi';
import { checkAgainstPack, executeRequestSchema, limitCeiling, limitMaximums, requestBounds, type ExecuteRequest, type JobView, type PackRegistry, type ResolvedPack } from '@sentinel/core';
import type { RouteDeps } from '../deps.js';
import { HttpError } from '../http-errors.js';
import type { ValidRequest } from '../job-store.js';
import { viewWhenDone } from '../job-waiter.js';
import { waitParam, whileConnected } from './jobs.js';

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

export function registerExecute(router: Router, deps: RouteDeps): void {
  const schema = executeRequestSchema(requestBounds(deps.config)).label('body');
  const maximums = limitMaximums(deps.config);
  const ceilings = new Map(deps.registry.list().map((pack) => [pack.id, limitCeiling({ maximums, pack: pack.limits })]));
  const parseJson = bodyParser({ enableTypes: ['json'], jsonLimit: deps.config.BODY_LIMIT_BYTES, encoding: 'utf-8' });

  router.post('/execute', requireJson, parseJson, async (ctx) => {
    const { value, error } = schema.validate(ctx.request.body, { abortEarly: true });
    if (error) throw invalid(error);
    const request = value as ExecuteRequest & ValidRequest;
    const pack = findLanguage(deps.registry, request.language);
    const problem = checkAgainstPack(pack, request, ceilings.get(pack.id)!);
    if (problem) {
      const { code, field, message, maximum } = problem;
      throw new HttpError(400, code, message, { field, ...(maximum === undefined ? {} : { extra: { maximum } }) });
    }
    const waitSeconds = waitParam(ctx, deps.config.MAX_WAIT_SECONDS);
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
    const view = await whileConnected(ctx, (signal) =>
      viewWhenDone({ jobs: deps.jobs, waiter: deps.waiter, id: payload.id, languageId: pack.id, timeoutMs: waitSeconds * 1000, signal }),
    );
    const waited: ExecuteResponse | ExecuteWaitResponse = view ? { ...body, ...view, timestamp: body.timestamp } : body;
    ctx.body = waited;
  });
}

const requireJson: Middleware = async (ctx, next) => {
  if (!ctx.is('application/json')) {
    const got = ctx.get('Content-Type').slice(0, 100) || 'none';
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json (got ${got})`, {
      field: 'Content-Type',
    });
  }
  await next();
};

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
