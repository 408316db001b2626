/** POST /execute: validate, resolve the language, queue the job (and with `?wait=`, wait for it). */
import type Router from '@koa/router';
import type { JobView, RequestBounds } from '@sentinel/core';
import { admit } from '../admission.js';
import type { RouteDeps } from '../deps.js';
import { jsonBodyReader } from '../json-body.js';
import { viewWhenDone } from '../job-waiter.js';
import { checkCallback } from '../webhooks/policy.js';
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
  const readBody = jsonBodyReader({ limitBytes: deps.config.BODY_LIMIT_BYTES, maxDepth: MAX_JSON_DEPTH, maxValues: maxJsonValues(deps.rules.bounds) });

  router.post('/execute', async (ctx) => {
    // A refused request is a RequestError, answered by the error handler with its code's status.
    const { pack, request } = deps.rules.checkRequest(await readBody(ctx));
    checkCallback(deps.config, request);
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
