/**
 * POST /batch: several execute requests, each checked and admitted as POST /execute does it, one
 * answer entry per request in order. GET /jobs?ids=: several jobs' GET /job/:id answers in order.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ErrorBody } from '@sentinel/core';
import type { RouteDeps } from '../deps.js';
import { HttpError, toHttpError } from '../http-errors.js';
import { jsonBodyReader } from '../json-body.js';
import { submitAccepted } from '../job-submit.js';
import { countItems } from '../rate-limit.js';
import { MAX_JSON_DEPTH, maxJsonValues } from './execute.js';
import { answerParts, isJobId, jobNotFound, sendJsonParts } from './jobs.js';

/** One entry of POST /batch's answer: the queued job, or what POST /execute would have refused it with. */
export type BatchEntry = { id: string; status: 'queued'; timestamp: string } | ErrorBody;

/** How many jobs GET /jobs reads from Redis at once. */
const READS_AT_ONCE = 8;

export function registerBatch(router: Router, deps: RouteDeps): void {
  const max = deps.config.BATCH_MAX_JOBS;
  // A batch body nests two levels deeper than one request ({jobs: [...]}) and holds `max` of them.
  const readBody = jsonBodyReader({ limitBytes: deps.config.BODY_LIMIT_BYTES, maxDepth: MAX_JSON_DEPTH + 2, maxValues: max * maxJsonValues(deps.rules.bounds) + 2 });

  router.post('/batch', async (ctx) => {
    const items = batchItems(await readBody(ctx), max);
    // The request was counted as one submission: its other items are counted now (429 when they do not fit).
    await countItems(ctx, items.length);
    const jobs: BatchEntry[] = [];
    // One after the other, in order: admission then sees the queue each earlier item made.
    for (const [index, item] of items.entries()) jobs.push(await submitItem(deps, ctx, item, index));
    ctx.body = { jobs };
  });

  router.get('/jobs', async (ctx) => {
    const ids = idsParam(ctx, max);
    const parts = await mapBounded(ids, READS_AT_ONCE, async (id) => {
      const languageId = await deps.jobs.languageOf(id, deps.access.ownerOf(ctx));
      const answer = languageId && (await deps.jobs.viewIn(languageId, id));
      if (answer) return answerParts(answer.view, answer.result);
      const { message } = jobNotFound(deps.config, id);
      return [Buffer.from(JSON.stringify({ id, error: 'JOB_NOT_FOUND', message }))];
    });
    const comma = Buffer.from(',');
    sendJsonParts(ctx, [Buffer.from('{"jobs":['), ...parts.flatMap((entry, index) => (index ? [comma, ...entry] : entry)), Buffer.from(']}')]);
  });
}

async function submitItem(deps: RouteDeps, ctx: Context, item: unknown, index: number): Promise<BatchEntry> {
  try {
    const payload = await submitAccepted(deps, ctx, deps.rules.checkRequest(item));
    return { id: payload.id, status: 'queued', timestamp: payload.submittedAt };
  } catch (error) {
    const known = toHttpError(error);
    if (!known) deps.logger.error(`POST /batch: jobs[${index}] failed`, error);
    const body = (known ?? new HttpError('INTERNAL_ERROR', 'internal error')).toJSON();
    if (body.field === undefined) return body;
    // The item's own field, named from the batch: `jobs[2].testCases[0].input`; the item itself is `jobs[2]`.
    return { ...body, field: body.field === 'body' ? `jobs[${index}]` : `jobs[${index}].${body.field}` };
  }
}

/** The items of a `{ "jobs": [...] }` body: 1..max of them, else a 400 naming `jobs`. */
export function batchItems(body: unknown, max: number): unknown[] {
  const expected = `the body must be { "jobs": [ ... ] } with 1 to ${max} execute requests`;
  const fail = (why: string) => new HttpError('INVALID_REQUEST', `${expected} (${why})`, { field: 'jobs', extra: { maximum: max } });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail('it is not an object');
  const other = Object.keys(body).find((key) => key !== 'jobs');
  if (other !== undefined) throw fail(`"${other.slice(0, 40)}" is not allowed`);
  const { jobs } = body as { jobs?: unknown };
  if (!Array.isArray(jobs)) throw fail(jobs === undefined ? '"jobs" is missing' : '"jobs" is not an array');
  if (jobs.length === 0 || jobs.length > max) throw fail(`got ${jobs.length}`);
  return jobs;
}

/** The `ids` query parameter: 1..max comma-separated job ids, else a 400 naming `ids`. */
export function idsParam(ctx: Context, max: number): string[] {
  const raw = ctx.query.ids;
  const fail = (why: string) =>
    new HttpError('INVALID_REQUEST', `"ids" must be 1 to ${max} job ids (UUIDs) separated by commas (${why})`, { field: 'ids', extra: { maximum: max } });
  if (raw === undefined) throw fail('it is missing');
  if (Array.isArray(raw)) throw fail(`it is given ${raw.length} times; give it once`);
  const ids = raw.split(',');
  if (ids.length > max) throw fail(`got ${ids.length}`);
  const bad = ids.find((id) => !isJobId(id));
  if (bad !== undefined) throw fail(`${JSON.stringify(bad.slice(0, 40))} is not a UUID`);
  return ids.map((id) => id.toLowerCase());
}

/** `work` on every item, at most `limit` at once; the answers in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      answers[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return answers;
}
