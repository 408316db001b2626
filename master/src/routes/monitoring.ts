/** GET /health, GET /load, GET /languages. */
import type Router from '@koa/router';
import type { Library, Limits } from '@sentinel/core';
import type { RouteDeps } from '../deps.js';
import { collectHealth } from '../health.js';
import type { QueueCounts } from '../job-store.js';

/** Bound of each Redis round made by /health. */
export const HEALTH_TIMEOUT_MS = 1_000;

export interface LoadResponse {
  /** Language id -> its queue's job counts, read now. */
  [languageId: string]: QueueCounts;
}

export interface LanguageInfo {
  id: string;
  displayName: string;
  version: string;
  aliases: string[];
  compiled: boolean;
  /** Patterns of the compiler options a request may add (empty: none). */
  compilerOptions: string[];
  /** The most a request's `limits` may ask for this language. */
  limits: Limits;
  /** Libraries bundled with the toolchain (empty: only the standard library). */
  libraries: Library[];
}

export function registerMonitoring(router: Router, deps: RouteDeps): void {
  router.get('/health', async (ctx) => {
    const report = await collectHealth({ ...deps, timeoutMs: HEALTH_TIMEOUT_MS });
    ctx.status = report.status === 'down' ? 503 : 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = report;
  });

  router.get('/load', async (ctx) => {
    const ids = deps.registry.ids();
    const counts = await Promise.all(ids.map((id) => deps.jobs.counts(id)));
    const body: LoadResponse = Object.fromEntries(ids.map((id, index) => [id, counts[index]!]));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });

  router.get('/languages', (ctx) => {
    const languages: LanguageInfo[] = deps.registry.list().map((pack) => ({
      id: pack.id,
      displayName: pack.displayName,
      version: pack.version,
      aliases: [...pack.aliases],
      compiled: pack.compile !== undefined,
      compilerOptions: [...pack.compilerOptions],
      limits: deps.rules.ceiling(pack),
      libraries: pack.libraries.map((library) => ({ ...library })),
    }));
    ctx.body = { languages };
  });
}
