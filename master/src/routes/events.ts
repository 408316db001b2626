/**
 * GET /job/:id/events: a job's progress as server-sent events, from any master replica (progress
 * travels through Redis pub/sub, JobQueue.watch), then its result, then the end of the stream.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { JobProgress, JobStatus, TestCaseResult } from '@sentinel/core';
import type { RouteDeps } from '../deps.js';
import { EventStream } from '../event-stream.js';
import type { JobAnswer } from '../job-store.js';
import { isFinished } from '../job-waiter.js';
import { answerParts, jobIdParam, jobNotFound } from './jobs.js';

/** A keep-alive comment this often, so that proxies and clients keep an idle stream open. */
export const PING_INTERVAL_MS = 15_000;

/** The data of a `progress` event. */
export interface ProgressEventData {
  id: string;
  status: JobStatus;
  progress: number;
  /** The test that just finished: its result as GET /job/:id shows it (texts cut to a few KB), and its index. */
  test?: TestCaseResult & { index: number };
}

export function registerEvents(router: Router, deps: RouteDeps): void {
  router.get('/job/:id/events', async (ctx) => {
    const id = jobIdParam(ctx);
    const languageId = await deps.jobs.languageOf(id, deps.access.ownerOf(ctx));
    if (!languageId) throw jobNotFound(deps.config, id);
    await follow(ctx, deps, id, languageId);
  });
}

async function follow(ctx: Context, deps: RouteDeps, id: string, languageId: string): Promise<void> {
  const gone = new AbortController();
  const heard: JobProgress[] = [];
  let onProgress: (progress: JobProgress) => void = (progress) => heard.push(progress);
  // Watch and wait are registered before the job is read, so no progress and no end is missed.
  const listening = deps.queue.listen(deps.registry.ids()).catch(() => undefined);
  const unwatch = await deps.queue.watch(languageId, id, (progress) => onProgress(progress));
  const ended = deps.queue.waitForEnd(languageId, id, deps.config.MAX_EVENTS_SECONDS * 1000, gone.signal);
  let first: JobAnswer | undefined;
  try {
    await Promise.race([listening, ended]);
    first = await deps.jobs.viewIn(languageId, id);
  } finally {
    if (!first) {
      unwatch();
      gone.abort();
    }
  }
  if (!first) throw jobNotFound(deps.config, id);

  const stream = new EventStream(ctx);
  if (isFinished(first.view)) {
    unwatch();
    gone.abort();
    stream.event('result', answerParts(first.view, first.result));
    stream.end();
    return;
  }
  const progressEvent = (data: ProgressEventData) => stream.event('progress', JSON.stringify(data));
  // One event says the job runs (the first heard, or the state read); after it, only finished tests.
  let running = false;
  onProgress = ({ percent, detail }) => {
    if (detail === undefined && running) return;
    running = true;
    progressEvent({ id, status: 'active', progress: percent, ...(detail === undefined ? {} : { test: detail as ProgressEventData['test'] }) });
  };
  // What was heard while the job was read is newer than or as new as that read.
  if (heard.length > 0) heard.splice(0).forEach(onProgress);
  else if (first.view.status === 'active') onProgress({ percent: first.view.progress ?? 0 });
  else stream.comment(`job ${id} is ${first.view.status}`); // sends the headers now

  const ping = setInterval(() => stream.comment('ping'), PING_INTERVAL_MS);
  const onClose = () => gone.abort();
  ctx.res.once('close', onClose);
  void ended.then(async () => {
    clearInterval(ping);
    unwatch();
    ctx.res.off('close', onClose);
    if (gone.signal.aborted) {
      stream.end();
      return;
    }
    const last = await deps.jobs.viewIn(languageId, id).catch(() => undefined);
    if (last && isFinished(last.view)) {
      stream.event('result', answerParts(last.view, last.result));
    } else {
      // MAX_EVENTS_SECONDS ran out, or the master is stopping: the state now, and the client may connect again.
      if (last) progressEvent({ id, status: last.view.status, progress: last.view.progress ?? 0 });
      stream.comment(`stream ended before the job (at most ${deps.config.MAX_EVENTS_SECONDS} s, MAX_EVENTS_SECONDS); connect again to follow it`);
    }
    stream.end();
  });
}
