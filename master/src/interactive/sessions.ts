/**
 * Interactive sessions, as any master route or adapter uses them (README "Interactive runs"):
 * `start` queues a session's job on its language's queue (as POST /execute would, through the same
 * admission, quota and key ownership), `attach` follows a session from any master and answers
 * what the client may do with it. A Piston-compatible /connect is built on these two calls.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import type { Redis } from 'ioredis';
import { SESSION_TTL_SECONDS, SessionStreams, type AcceptedInteractive, type InteractiveBounds, type JobPayload } from '@sentinel/core';
import type { MasterConfig } from '../config.js';
import { HttpError } from '../http-errors.js';
import { submitAccepted, type SubmitDeps } from '../job-submit.js';
import { Attachment, type SessionAttachment, type SessionHandlers } from './attachment.js';

export type { SessionAttachment, SessionHandlers } from './attachment.js';

export interface InteractiveSessionsDeps extends SubmitDeps {
  /** The master's command connection; each attachment reads on a blocking duplicate of it. */
  redis: Redis;
}

/** A session's bounds from the master's config (validated at boot). */
export function sessionBounds(config: Pick<MasterConfig, 'INTERACTIVE_WALL_MS' | 'INTERACTIVE_IDLE_MS' | 'INTERACTIVE_STDIN_BYTES'>): InteractiveBounds {
  return { wallMs: config.INTERACTIVE_WALL_MS, idleMs: config.INTERACTIVE_IDLE_MS, stdinBytes: config.INTERACTIVE_STDIN_BYTES };
}

export class InteractiveSessions {
  private readonly streams: SessionStreams;
  readonly bounds: InteractiveBounds;

  constructor(private readonly deps: InteractiveSessionsDeps) {
    this.streams = new SessionStreams(deps.redis);
    this.bounds = sessionBounds(deps.config);
  }

  /**
   * Queues an interactive session for a request `JobRules.checkInteractiveRequest` accepted; answers
   * its job's payload (its id is the session's). Throws HttpError as POST /execute would (503
   * QUEUE_FULL, 429 QUOTA_EXCEEDED, ...). Output is kept from the start until a client attaches.
   */
  async start(ctx: Context, accepted: AcceptedInteractive): Promise<JobPayload> {
    const id = randomUUID();
    const bounds = { ...this.bounds, wallMs: Math.min(accepted.wallMs, this.bounds.wallMs) };
    // The record first: the executor that takes the job checks it, and any master attaching reads it.
    await this.streams.create(id, { language: accepted.pack.id, bounds });
    return submitAccepted(this.deps, ctx, accepted, { id, interactive: bounds });
  }

  /**
   * Follows session `id`: `handlers.onOutput` hears every output entry from the session's start,
   * then its last (`exit`, or `error`). Throws HttpError 404 JOB_NOT_FOUND for an id that is not a
   * session this request's key may read (another key's session reads as absent).
   */
  async attach(ctx: Pick<Context, 'state'>, id: string, handlers: SessionHandlers): Promise<SessionAttachment> {
    const [record, language] = await Promise.all([this.streams.record(id), this.deps.jobs.languageOf(id, this.deps.access.ownerOf(ctx))]);
    if (!record || language === undefined) {
      throw new HttpError('JOB_NOT_FOUND', `no interactive session with id ${id}: unknown, not interactive, another key's, or expired (a session's keys are kept ${SESSION_TTL_SECONDS} s after its last write)`, { field: 'id' });
    }
    const reader = this.deps.redis.duplicate({ connectionName: 'sentinel-master-session', maxRetriesPerRequest: null });
    return new Attachment({ id, language, record, streams: this.streams, reader, jobs: this.deps.jobs }, handlers);
  }
}
