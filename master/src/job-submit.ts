/** The single-submit path of POST /execute and of each item of POST /batch: admission, quota, then the queue. */
import type { AcceptedRequest, JobPayload } from '@sentinel/core';
import type { Context } from 'koa';
import { admit } from './admission.js';
import type { RouteDeps } from './deps.js';
import type { SubmitOptions } from './job-store.js';
import type { RequestLogState } from './request-log.js';
import { checkCallback } from './webhooks/policy.js';

/**
 * Queues a request `JobRules.checkRequest` accepted, once its callback is one this master may call
 * (400), the queue and Redis admit it (503) and the key's daily quota has room (429), owned by the
 * request's key.
 */
export async function submitAccepted(deps: SubmitDeps, ctx: Context, { pack, request }: AcceptedRequest, extra: Pick<SubmitOptions, 'id' | 'interactive' | 'extraKeys'> = {}): Promise<JobPayload> {
  checkCallback(deps.config, request);
  await admit(deps.queue, pack.id, deps.config.MAX_QUEUE_LENGTH);
  await deps.memory.admit();
  const { requestId } = ctx.state as RequestLogState;
  return deps.access.withDailyJobs(ctx, 1, () => deps.jobs.submit(pack, request, { ...extra, owner: deps.access.ownerOf(ctx), requestId }));
}

/** What a submit uses of the route dependencies. */
export type SubmitDeps = Pick<RouteDeps, 'config' | 'queue' | 'memory' | 'access' | 'jobs'>;
