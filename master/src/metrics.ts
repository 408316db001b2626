/**
 * The master's Prometheus metrics (prom-client), in a registry of its own: HTTP request durations
 * per route template and status, the queues' job counts per language and state (read from the
 * queue port at scrape time), and the default process metrics. Served at GET /metrics.
 */
import type { Middleware } from 'koa';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { JobQueue, QueueCounts } from '@sentinel/core';
import { withTimeout } from './health.js';

/** Queue states as the gauge labels them, from the port's counts. */
const QUEUE_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const satisfies readonly (keyof QueueCounts)[];

/** Seconds: from a fast API answer to a long `?wait=`. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A scrape never waits longer than this for the queue counts (Redis down or slow). */
export const QUEUE_COUNTS_TIMEOUT_MS = 3_000;

export interface MasterMetricsSource {
  queue: JobQueue;
  /** Language ids whose queues are counted. */
  languages: () => readonly string[];
  /** Whether Redis is reachable now: when not, the scrape does not wait for the counts. */
  redisReady: () => boolean;
}

export class MasterMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** The counts being read for the scrape under way. */
  private reading: Promise<[string, QueueCounts][] | undefined> | undefined;

  constructor(source: MasterMetricsSource) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'sentinel_http_request_duration_seconds',
      help: 'HTTP requests answered by the master, by method, route template and status, seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    // Both gauges are collected at each scrape from one reading of the counts.
    const read = () => (this.reading ??= readCounts(source).finally(() => setImmediate(() => (this.reading = undefined))));
    new Gauge({
      name: 'sentinel_queue_counts_up',
      help: '1 when this scrape read the queue counts, 0 when Redis did not answer (sentinel_queue_jobs is then absent)',
      registers: [this.registry],
      async collect() {
        this.set((await read()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sentinel_queue_jobs',
      help: 'Jobs in each language queue by state, read at scrape time',
      labelNames: ['language', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [language, count] of (await read()) ?? []) {
          for (const state of QUEUE_STATES) this.set({ language, state }, count[state]);
        }
      },
    });
  }

  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void {
    this.httpDuration.observe({ method: labels.method, route: labels.route, status: String(labels.status) }, seconds);
  }

  /** GET /metrics, answered before any other middleware (no rate limit, no key, no Redis gate). */
  endpoint(path = '/metrics'): Middleware {
    return async (ctx, next) => {
      if (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
      ctx.state.route = path;
      ctx.set('Content-Type', this.registry.contentType);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await this.registry.metrics();
    };
  }
}

async function readCounts({ queue, languages, redisReady }: MasterMetricsSource): Promise<[string, QueueCounts][] | undefined> {
  if (!redisReady()) return undefined;
  const ids = languages();
  try {
    const counts = await withTimeout(Promise.all(ids.map((id) => queue.counts(id))), QUEUE_COUNTS_TIMEOUT_MS, 'the queue counts');
    return ids.map((id, index) => [id, counts[index]!]);
  } catch {
    return undefined;
  }
}
