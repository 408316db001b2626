/**
 * The Judge0 CE 1.13.1 API on Sentinel's queues: every route under /judge0 (point a Judge0 client's
 * base URL there), and the submission and status routes at the root too, where no Sentinel route
 * has their paths. GET /languages at the root stays Sentinel's own.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { RouteDeps } from '../../deps.js';
import { HttpError } from '../../http-errors.js';
import { jsonBodyReader } from '../../json-body.js';
import { submitAccepted } from '../../job-submit.js';
import { viewWhenDone } from '../../job-waiter.js';
import { countItems } from '../../rate-limit.js';
import type { RequestLogState } from '../../request-log.js';
import { isJobId, whileConnected } from '../../routes/jobs.js';
import { MAX_JSON_DEPTH, maxJsonValues } from '../../routes/execute.js';
import { callbackFormatKey } from '../../webhooks/keys.js';
import { JUDGE0_CALLBACK_FORMAT } from './callback.js';
import { NOT_UTF8_BATCH_MESSAGE, NOT_UTF8_MESSAGE } from './encoding.js';
import { Judge0Error, fieldError } from './errors.js';
import { parseFields, type Field } from './fields.js';
import { judge0Languages, languageDetail } from './languages.js';
import { JUDGE0_PREFIX } from './paths.js';
import { translate } from './request.js';
import { STATUSES } from './statuses.js';
import { hasNonUtf8Output, parsedView, readStored, render, submissionKey, toSubmission, type Submission } from './submission.js';

/** Judge0's MAX_SUBMISSION_BATCH_SIZE. */
const MAX_BATCH = 20;
/** Rails' answer to an unknown record (ActiveRecord::RecordNotFound in an API app). */
const NOT_FOUND = { status: 404, error: 'Not Found' };

export function registerJudge0(router: Router, deps: RouteDeps): void {
  const api = new Judge0Api(deps);
  for (const base of [JUDGE0_PREFIX, '']) {
    router.post(`${base}/submissions/batch`, (ctx) => api.createBatch(ctx));
    router.get(`${base}/submissions/batch`, (ctx) => api.showBatch(ctx));
    router.post(`${base}/submissions`, (ctx) => api.create(ctx));
    router.get(`${base}/submissions/:token`, (ctx) => api.show(ctx));
    router.get(`${base}/statuses`, (ctx) => (ctx.body = STATUSES));
  }
  router.get(`${JUDGE0_PREFIX}/languages`, (ctx) => (ctx.body = judge0Languages(deps.registry)));
  router.get(`${JUDGE0_PREFIX}/languages/:id`, (ctx) => {
    const id = /^\d+$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : Number.NaN;
    const pack = deps.registry.findJudge0(id);
    const detail = pack && languageDetail(pack);
    if (!detail) throw new Judge0Error(404, NOT_FOUND);
    ctx.body = detail;
  });
}

const base64Param = (ctx: Context) => ctx.query.base64_encoded === 'true';

class Judge0Api {
  private readonly readBody;
  private readonly readBatch;

  constructor(private readonly deps: RouteDeps) {
    const values = maxJsonValues(deps.rules.bounds);
    this.readBody = jsonBodyReader({ limitBytes: deps.config.BODY_LIMIT_BYTES, maxDepth: MAX_JSON_DEPTH, maxValues: values });
    this.readBatch = jsonBodyReader({ limitBytes: deps.config.BODY_LIMIT_BYTES, maxDepth: MAX_JSON_DEPTH + 2, maxValues: MAX_BATCH * values + 2 });
  }

  /** POST /submissions (?wait=true answers with the fields once done, or at MAX_WAIT_SECONDS). */
  async create(ctx: Context): Promise<void> {
    const fields = parseFields(ctx.query.fields);
    const base64 = base64Param(ctx);
    const { token, languageId } = await this.submit(ctx, await this.readBody(ctx), base64);
    (ctx.state as RequestLogState).jobId = token;
    ctx.status = 201;
    if (ctx.query.wait !== 'true') {
      ctx.body = { token };
      return;
    }
    const { deps } = this;
    const answer = await whileConnected(ctx, (signal) =>
      viewWhenDone({ jobs: deps.jobs, queue: deps.queue, languageIds: deps.registry.ids(), id: token, languageId, timeoutMs: deps.config.MAX_WAIT_SECONDS * 1000, signal }),
    );
    const submission = answer && (await this.submissionOf(token, parsedView(answer)));
    if (!submission) throw new Judge0Error(404, NOT_FOUND);
    ctx.body = submission.notUtf8(fields, base64) ? { error: NOT_UTF8_MESSAGE, token } : render(submission.value, fields, base64);
  }

  /** GET /submissions/{token}. */
  async show(ctx: Context): Promise<void> {
    const fields = parseFields(ctx.query.fields);
    const base64 = base64Param(ctx);
    const submission = await this.read(ctx, ctx.params.token ?? '');
    if (!submission) throw new Judge0Error(404, NOT_FOUND);
    if (submission.notUtf8(fields, base64)) throw new Judge0Error(400, { error: NOT_UTF8_MESSAGE });
    ctx.body = render(submission.value, fields, base64);
  }

  /** POST /submissions/batch: one entry per item, in order; 201 when any was queued, else 422. */
  async createBatch(ctx: Context): Promise<void> {
    const body = await this.readBatch(ctx);
    const items = (body as { submissions?: unknown } | null)?.submissions;
    const count = Array.isArray(items) ? items.length : 0;
    if (count > MAX_BATCH) throw new Judge0Error(400, { error: `number of submissions in a batch should be less than or equal to ${MAX_BATCH}` });
    if (count === 0) throw new Judge0Error(400, { error: 'there should be at least one submission in a batch' });
    await countItems(ctx, count);
    const base64 = base64Param(ctx);
    const entries: Record<string, unknown>[] = [];
    for (const item of items as unknown[]) {
      try {
        entries.push({ token: (await this.submit(ctx, item, base64)).token });
      } catch (error) {
        if (error instanceof Judge0Error) entries.push(error.body);
        else if (error instanceof HttpError) entries.push({ error: error.message });
        else throw error;
      }
    }
    ctx.status = entries.some((entry) => 'token' in entry) ? 201 : 422;
    ctx.body = entries;
  }

  /** GET /submissions/batch?tokens=a,b: null for a token unknown (or not a Judge0 submission). */
  async showBatch(ctx: Context): Promise<void> {
    const raw = ctx.query.tokens;
    const tokens = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).trim().split(',').filter((token) => token !== '');
    if (tokens.length > MAX_BATCH) throw new Judge0Error(400, { error: `number of submissions in a batch should be less than or equal to ${MAX_BATCH}` });
    if (tokens.length === 0) throw new Judge0Error(400, { error: 'there should be at least one submission in a batch' });
    const fields = parseFields(ctx.query.fields);
    const base64 = base64Param(ctx);
    const submissions = await Promise.all(tokens.map((token) => this.read(ctx, token.trim())));
    if (submissions.some((submission) => submission?.notUtf8(fields, base64))) throw new Judge0Error(400, { error: NOT_UTF8_BATCH_MESSAGE });
    ctx.body = { submissions: submissions.map((submission) => (submission ? render(submission.value, fields, base64) : null)) };
  }

  /** Checks and queues one submission; its own fields are kept beside the job (and its callback's format). */
  private async submit(ctx: Context, body: unknown, base64: boolean): Promise<{ token: string; languageId: string }> {
    const { accepted, stored } = translate(body, this.deps.rules, base64);
    const record = JSON.stringify({ ...stored, created_at: new Date().toISOString() });
    const extraKeys = (id: string) => ({
      [submissionKey(id)]: record,
      ...(stored.callback_url === null ? {} : { [callbackFormatKey(id)]: JUDGE0_CALLBACK_FORMAT }),
    });
    try {
      const payload = await submitAccepted(this.deps, ctx, accepted, { extraKeys });
      return { token: payload.id, languageId: accepted.pack.id };
    } catch (error) {
      // CALLBACKS_DISABLED / CALLBACK_NOT_ALLOWED: a refusal of the request's own field.
      if (error instanceof HttpError && error.field === 'callbackUrl') throw fieldError('callback_url', error.message);
      throw error;
    }
  }

  /** A Judge0 submission this request's key may read, or undefined. */
  private async read(ctx: Context, token: string): Promise<ReadSubmission | undefined> {
    if (!isJobId(token)) return undefined;
    const id = token.toLowerCase();
    const { deps } = this;
    const languageId = await deps.jobs.languageOf(id, deps.access.ownerOf(ctx));
    const answer = languageId && (await deps.jobs.viewIn(languageId, id));
    return answer ? this.submissionOf(id, parsedView(answer)) : undefined;
  }

  private async submissionOf(id: string, view: Parameters<typeof toSubmission>[2]): Promise<ReadSubmission | undefined> {
    const stored = await readStored(this.deps.redis, id);
    if (!stored) return undefined;
    const value = toSubmission(id, stored, view);
    return { value, notUtf8: (fields, base64) => !base64 && hasNonUtf8Output(view, fields) };
  }
}

interface ReadSubmission {
  value: Submission;
  /** Judge0's 400 case: output that is not UTF-8 asked for without base64. */
  notUtf8(fields: readonly Field[], base64: boolean): boolean;
}
