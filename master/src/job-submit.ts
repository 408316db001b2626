/** The single-submit path of POST /execute and of each item of POST /batch: admission, then the queue. */
import type { AcceptedRequest, JobPayload } from '@sentinel/core';
import { admit } from './admission.js';
import type { RouteDeps } from './deps.js';

/** Queues a request `JobRules.checkRequest` accepted, once the queue and Redis admit it (503 otherwise). */
export async function submitAccepted(deps: RouteDeps, { pack, request }: AcceptedRequest): Promise<JobPayload> {
  await admit(deps.queue, pack.id, deps.config.MAX_QUEUE_LENGTH);
  await deps.memory.admit();
  return deps.jobs.submit(pack, request);
}
