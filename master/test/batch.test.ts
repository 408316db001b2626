/** POST /batch and GET /jobs on a real Redis: the body and query rules, errors in place, order. No worker: jobs stay queued. */
import test from 'ava';
import { postJson, request, SEED_REQUEST, submitJob, UUID_V4, useMaster } from './helpers/master.js';

const ctx = useMaster(test, { BATCH_MAX_JOBS: '3' });

const expectedJobs = 'the body must be { "jobs": [ ... ] } with 1 to 3 execute requests';

test.serial('too many items, none, or a body that is not { jobs: [...] }: 400 INVALID_REQUEST naming jobs, nothing queued', async (t) => {
  const cases: [unknown, string][] = [
    [{ jobs: [SEED_REQUEST, SEED_REQUEST, SEED_REQUEST, SEED_REQUEST] }, 'got 4'],
    [{ jobs: [] }, 'got 0'],
    [[SEED_REQUEST], 'it is not an object'],
    [{}, '"jobs" is missing'],
    [{ jobs: SEED_REQUEST }, '"jobs" is not an array'],
    [{ jobs: [SEED_REQUEST], wait: 5 }, '"wait" is not allowed'],
  ];
  const before = await ctx.db.llen('bull:python:wait');
  for (const [body, why] of cases) {
    const reply = await postJson(`${ctx.master.url}/batch`, body);
    t.is(reply.status, 400, why);
    t.deepEqual(reply.body, { error: 'INVALID_REQUEST', message: `${expectedJobs} (${why})`, field: 'jobs', maximum: 3 });
  }
  t.is(await ctx.db.llen('bull:python:wait'), before);
});

test('each item is checked as POST /execute checks it: errors in place with their field under jobs[i], ids for the rest', async (t) => {
  const reply = await postJson(`${ctx.master.url}/batch`, { jobs: [SEED_REQUEST, 'not a request', { ...SEED_REQUEST, code: 42 }] });
  t.is(reply.status, 200);
  const [queued, notObject, badCode] = reply.body.jobs as Record<string, unknown>[];
  t.regex(String(queued!.id), UUID_V4);
  t.like(queued, { status: 'queued' });
  t.like((await request(`${ctx.master.url}/job/${String(queued!.id)}`)).body, { status: 'queued', language: 'python' });
  const alone = await postJson(`${ctx.master.url}/execute`, { ...SEED_REQUEST, code: 42 });
  t.deepEqual(badCode, { ...alone.body, field: 'jobs[2].code' });
  t.like(notObject, { error: 'INVALID_REQUEST', field: 'jobs[1]' });
});

test('GET /jobs answers each job in order, an unknown one as JOB_NOT_FOUND in its place', async (t) => {
  const first = await submitJob(ctx.master.url);
  const last = await submitJob(ctx.master.url);
  const missing = '00000000-0000-4000-8000-000000000000';
  const reply = await request(`${ctx.master.url}/jobs?ids=${first},${missing},${last.toUpperCase()}`);
  t.is(reply.status, 200);
  const jobs = reply.body.jobs as Record<string, unknown>[];
  t.deepEqual(jobs[0], (await request(`${ctx.master.url}/job/${first}`)).body);
  t.deepEqual(jobs[1], { id: missing, error: 'JOB_NOT_FOUND', message: (await request(`${ctx.master.url}/job/${missing}`)).body.message });
  t.deepEqual(jobs[2], (await request(`${ctx.master.url}/job/${last}`)).body);
});

test('GET /jobs with ids missing, given twice, not UUIDs or too many: 400 INVALID_REQUEST naming ids', async (t) => {
  const id = '00000000-0000-4000-8000-000000000000';
  const cases: [string, string][] = [
    ['', 'it is missing'],
    ['?ids=', '"" is not a UUID'],
    [`?ids=${id},,${id}`, '"" is not a UUID'],
    [`?ids=${id},nope`, '"nope" is not a UUID'],
    [`?ids=${id}&ids=${id}`, 'it is given 2 times; give it once'],
    [`?ids=${[id, id, id, id].join(',')}`, 'got 4'],
  ];
  for (const [query, why] of cases) {
    const reply = await request(`${ctx.master.url}/jobs${query}`);
    t.is(reply.status, 400, query);
    t.deepEqual(reply.body, { error: 'INVALID_REQUEST', message: `"ids" must be 1 to 3 job ids (UUIDs) separated by commas (${why})`, field: 'ids', maximum: 3 });
  }
});
