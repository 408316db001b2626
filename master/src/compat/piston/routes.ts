/**
 * Piston v2's HTTP routes on Sentinel's own queues and executors: GET /api/v2/runtimes and
 * POST /api/v2/execute. An execute is translated (request.ts), checked by the job rules, submitted
 * through the one submit path (admission, quota, queue), waited for like `?wait=`, and answered
 * in Piston's shape (stages.ts). Errors are Piston's `{message}` (errors.ts).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { JobView, ResolvedPack } from '@sentinel/core';
import type { RouteDeps } from '../../deps.js';
import { HttpError } from '../../http-errors.js';
import { jsonBodyReader, type JsonBodyReader } from '../../json-body.js';
import { answerBytes } from '../../job-store.js';
import { submitAccepted } from '../../job-submit.js';
import { isFinished, viewWhenDone } from '../../job-waiter.js';
import type { RequestLogState } from '../../request-log.js';
import { MAX_JSON_DEPTH, maxJsonValues } from '../../routes/execute.js';
import { whileConnected } from '../../routes/jobs.js';
import { pistonUnsupportedMediaType } from './errors.js';
import { checkTranslated, translateRequest } from './request.js';
import { pistonRuntimes } from './runtimes.js';
import { pistonStages, type PistonStages } from './stages.js';

/** POST /api/v2/execute's 200 answer. */
export type PistonExecuteResponse = { language: string; version: string } & PistonStages;

/** Room beyond the compile's and the run's wall-clock limits for queueing and set-up, ms. */
const WAIT_MARGIN_MS = 10_000;

const isPlainText = (ctx: Context) => Boolean(ctx.is('text/plain'));

/**
 * The Piston body: application/json, or text/plain that parses as JSON (the npm piston-client
 * sends no Content-Type, so its body goes out as text/plain); anything else is Piston's 415.
 */
export function pistonBodyReader(deps: Pick<RouteDeps, 'config' | 'rules'>): JsonBodyReader {
  const read = jsonBodyReader({
    limitBytes: deps.config.BODY_LIMIT_BYTES,
    maxDepth: MAX_JSON_DEPTH,
    maxValues: maxJsonValues(deps.rules.bounds),
    mediaTypes: ['application/json', 'text/plain'],
  });
  return async (ctx) => {
    if (!ctx.is(['application/json', 'text/plain'])) throw pistonUnsupportedMediaType();
    try {
      return await read(ctx);
    } catch (error) {
      // Plain text that is not JSON is not a body this route takes (415); bad JSON declared as JSON is a 400.
      if (isPlainText(ctx) && error instanceof HttpError && (error.code === 'MALFORMED_JSON' || error.code === 'INVALID_UTF8')) throw pistonUnsupportedMediaType();
      throw error;
    }
  };
}

/** How long an execute waits for its job: its compile and run wall-clock limits and a margin, at least MAX_WAIT_SECONDS. */
export function executeWaitMs(deps: Pick<RouteDeps, 'config' | 'rules'>, pack: ResolvedPack, runWallMs: number): number {
  return Math.max(deps.config.MAX_WAIT_SECONDS * 1000, deps.rules.compileLimits(pack).wallMs + runWallMs + WAIT_MARGIN_MS);
}

export function registerPiston(router: Router, deps: RouteDeps): void {
  const readBody = pistonBodyReader(deps);

  router.get('/api/v2/runtimes', (ctx) => {
    ctx.body = pistonRuntimes(deps.registry);
  });

  router.post('/api/v2/execute', async (ctx) => {
    const translated = translateRequest(await readBody(ctx), deps);
    const accepted = checkTranslated(deps.rules, translated);
    const payload = await submitAccepted(deps, ctx, accepted);
    (ctx.state as RequestLogState).jobId = payload.id;
    const { pack } = accepted;
    const timeoutMs = executeWaitMs(deps, pack, deps.rules.runLimits(pack, accepted.request.limits).wallMs);
    const answer = await whileConnected(ctx, (signal) =>
      viewWhenDone({ jobs: deps.jobs, queue: deps.queue, languageIds: deps.registry.ids(), id: payload.id, languageId: pack.id, timeoutMs, signal }),
    );
    if (!answer) throw new HttpError('INTERNAL_ERROR', `job ${payload.id} is no longer kept`);
    // The stored result is bounded (SENTINEL_RESULT_MAX_KB): parsing it here is cheap.
    const view = JSON.parse(answerBytes(answer).toString('utf8')) as JobView;
    if (!isFinished(view)) {
      throw new HttpError('HTTP_504', `job ${payload.id} did not finish within ${Math.round(timeoutMs / 1000)} s; it is ${view.status}: GET /job/${payload.id} reads it later`);
    }
    const { piston } = translated.runtime;
    const body: PistonExecuteResponse = { language: piston.language, version: piston.version, ...pistonStages(view) };
    ctx.body = body;
  });
}
