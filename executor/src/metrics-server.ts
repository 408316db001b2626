/**
 * The executor's own HTTP server for Prometheus: GET /metrics on SENTINEL_METRICS_PORT (0: none).
 * A port already taken (a second executor on one host) is logged and the executor goes on
 * without it: metrics are not worth refusing jobs for.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ExecutorMetrics } from './metrics.js';

export interface MetricsServer {
  /** The port it listens on. */
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(metrics: ExecutorMetrics, port: number, host: string, logger: Logger): Promise<MetricsServer | undefined> {
  if (port === 0) return undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'NOT_FOUND', message: 'only GET /metrics is served here' }));
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics: cannot collect');
        response.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'INTERNAL_ERROR', message: 'internal error' }));
      },
    );
  });
  try {
    server.listen(port, host);
    await once(server, 'listening');
  } catch (error) {
    logger.warn({ err: error, port }, `metrics port ${port} not available: this executor serves no metrics`);
    return undefined;
  }
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, `metrics on http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`);
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
