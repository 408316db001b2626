/**
 * The outermost middleware: gives each request its id (a valid `X-Request-Id`, else a new UUID),
 * echoes it on the answer whatever it is, runs the rest with that id on every log line, then
 * writes one line per request and times it for the metrics, by route template (never the raw URL).
 */
import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { REQUEST_ID } from '@sentinel/core';
import type { Logger } from './logger.js';
import type { MasterMetrics } from './metrics.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Route label of a request no route matched (a 404): one label, whatever the URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** What the middlewares and routes put in `ctx.state` for this one. */
export interface RequestLogState {
  requestId?: string;
  /** The job the request is about, when a route knows it (POST /execute sets its new job's id). */
  jobId?: string;
  /** The route template, for a path answered outside the router (GET /metrics). */
  route?: string;
}

/** The client's id when it is one we accept, else a fresh UUID. */
/** What @koa/router leaves on the context of a request it routed. */
type RoutedContext = Context & { _matchedRoute?: string | RegExp; params?: Record<string, string> };

export function requestIdOf(header: string | undefined): string {
  return header !== undefined && REQUEST_ID.test(header) ? header : randomUUID();
}

export function requestLog(logger: Logger, metrics: MasterMetrics): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const state = ctx.state as RequestLogState;
    const requestId = requestIdOf(ctx.get(REQUEST_ID_HEADER) || undefined);
    state.requestId = requestId;
    ctx.set(REQUEST_ID_HEADER, requestId);
    const run = () => next();
    try {
      await (logger.withFields ? logger.withFields({ requestId }, run) : run());
    } finally {
      // The error handler inside answers every error, so the status here is the one sent.
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(ctx);
      metrics.observeRequest({ method: ctx.method, route, status: ctx.status }, seconds);
      const jobId = state.jobId ?? (ctx as RoutedContext).params?.id;
      logger.info(`${ctx.method} ${route} ${ctx.status}`, {
        requestId,
        method: ctx.method,
        route,
        status: ctx.status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        ...(jobId ? { jobId } : {}),
      });
    }
  };
}

function routeOf(ctx: Context): string {
  const matched = (ctx.state as RequestLogState).route ?? (ctx as RoutedContext)._matchedRoute;
  return typeof matched === 'string' ? matched : UNMATCHED_ROUTE;
}
