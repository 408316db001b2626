/** GET /job/:id: a job's status, and its result once done, from any master replica. */
import { Readable } from 'node:stream';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { RouteDeps } from '../deps.js';
import { HttpError } from '../http-errors.js';
import type { JobAnswer } from '../job-store.js';
import { viewWhenDone } from '../job-waiter.js';
import { splicedParts } from '../stored-json.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerJobs(router: Router, deps: RouteDeps): void {
  router.get('/job/:id', async (ctx) => {
    const id = jobIdParam(ctx);
    const waitSeconds = waitParam(ctx, deps.config.MAX_WAIT_SECONDS);
    // Another API key's job reads as unknown (404), never as forbidden: its id tells nothing.
    const languageId = await deps.jobs.languageOf(id, deps.access.ownerOf(ctx));
    if (!languageId) throw jobNotFound(deps.config, id);
    // With ?wait the wait is registered before the job is first read (viewWhenDone): a finished
    // job answers at once, and the job is read once more only if it was not finished then.
    const answer =
      waitSeconds === undefined
        ? await deps.jobs.viewIn(languageId, id)
        : await whileConnected(ctx, (signal) => viewWhenDone({ jobs: deps.jobs, queue: deps.queue, languageIds: deps.registry.ids(), id, languageId, timeoutMs: waitSeconds * 1000, signal }));
    if (!answer) throw jobNotFound(deps.config, id); // its hash is gone (removed, or expired while waiting)
    sendAnswer(ctx, answer.view, answer.result);
  });
}

/** The `:id` of a job route, lower-cased; a 400 INVALID_JOB_ID when it is not a UUID. */
export function jobIdParam(ctx: Context): string {
  const raw = ctx.params.id ?? '';
  if (!UUID.test(raw)) throw new HttpError('INVALID_JOB_ID', '"id" must be a UUID', { field: 'id' });
  return raw.toLowerCase();
}

export function isJobId(text: string): boolean {
  return UUID.test(text);
}

/** 404 JOB_NOT_FOUND, saying how long jobs are kept. */
export function jobNotFound({ JOB_RETENTION_SECONDS: seconds, JOB_RETENTION_COUNT: count }: RouteDeps['config'], id: string): HttpError {
  return new HttpError('JOB_NOT_FOUND',
    `no job with id ${id}: unknown, or removed after its retention (finished jobs are kept ${seconds} s, ` +
      `at most the newest ${count} completed and ${count} failed per language)`,
    { field: 'id' },
  );
}

/** Writes `head` as the JSON answer, with a completed job's stored result members spliced in (never parsed). */
export function sendAnswer(ctx: Context, head: object, result: JobAnswer['result']): void {
  if (!result) {
    ctx.body = head;
    return;
  }
  sendJsonParts(ctx, answerParts(head, result));
}

/** The JSON text of an answer as parts: `head` with the stored result members spliced in. */
export function answerParts(head: object, result: JobAnswer['result']): Buffer[] {
  return result ? splicedParts(head, result) : [Buffer.from(JSON.stringify(head))];
}

/** Writes JSON text given in parts (never joined: a stored result may be megabytes). */
export function sendJsonParts(ctx: Context, parts: Buffer[]): void {
  ctx.type = 'json';
  ctx.body = Readable.from(parts, { objectMode: false });
  ctx.length = parts.reduce((sum, part) => sum + part.length, 0);
}

/** A decimal number of seconds: "5", "0.5", ".5" (no sign, exponent, hex or spaces). */
const SECONDS = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * The `wait` query parameter in seconds, or undefined when absent. A 400 naming the maximum when
 * it is not a number, not above 0, above `maxSeconds` or given more than once.
 */
export function waitParam(ctx: Context, maxSeconds: number): number | undefined {
  const raw = ctx.query.wait;
  if (raw === undefined) return undefined;
  const expected = `a number of seconds greater than 0 and at most ${maxSeconds}`;
  const fail = (message: string) =>
    new HttpError('INVALID_REQUEST', message, { field: 'wait', extra: { maximum: maxSeconds } });
  if (Array.isArray(raw)) throw fail(`"wait" is given ${raw.length} times; give it once, as ${expected}`);
  const seconds = SECONDS.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds > 0 && seconds <= maxSeconds)) {
    throw fail(`"wait" must be ${expected} (got ${JSON.stringify(raw.slice(0, 40))})`);
  }
  return seconds;
}

/**
 * Runs `work` with a signal that aborts when the client disconnects before the answer is sent,
 * so that a waiting request whose client went away drops its wait at once.
 */
export async function whileConnected<T>(ctx: Context, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const gone = new AbortController();
  // 'close' of the response before it is sent: the client went away (the connection closed).
  const onClose = () => gone.abort();
  ctx.res.once('close', onClose);
  try {
    return await work(gone.signal);
  } finally {
    ctx.res.off('close', onClose);
  }
}
