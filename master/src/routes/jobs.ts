/** GET /job/:id: a job's status, and its result once done, from any master replica. */
import type Router from '@koa/router';
import type { RouteDeps } from '../deps.js';
import { HttpError } from '../http-errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerJobs(router: Router, deps: RouteDeps): void {
  router.get('/job/:id', async (ctx) => {
    const raw = ctx.params.id ?? '';
    if (!UUID.test(raw)) throw new HttpError(400, 'INVALID_JOB_ID', '"id" must be a UUID', { field: 'id' });
    const id = raw.toLowerCase();
    const view = await deps.jobs.view(id);
    if (!view) {
      throw new HttpError(
        404,
        'JOB_NOT_FOUND',
        `no job with id ${id} (finished jobs are kept for ${deps.config.JOB_RETENTION_SECONDS} s)`,
        { field: 'id' },
      );
    }
    ctx.body = view;
  });
}
