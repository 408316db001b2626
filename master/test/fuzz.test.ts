/**
 * Property-based: random and malformed bodies thrown at POST /execute on a real master (real
 * Redis, real HTTP). No answer is a 5xx; every answer is JSON; every 4xx has an error code and a
 * message; every 2xx is a queued job that a real Bull worker (made here) completes.
 * Runs are seeded by fast-check and printed on failure (replay with { seed, path }).
 */
import assert from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import { QueueFactory, type JobResult } from '@sentinel/core';
import { rawPost, request, useMaster, type RawReply } from './helpers/master.js';

const ctx = useMaster(test);
let workers: QueueFactory | undefined;

const RESULT: JobResult = { output: '', error: '', executionTime: 1, verdict: 'ACCEPTED', passed: 0, total: 0, testCases: [] };

test.after.always(() => workers?.close());

/** Workers that complete every job of the test's queues (made in the test, once ctx.redis exists). */
function startWorkers(url: string): void {
  if (workers) return;
  workers = new QueueFactory(url, 'test-worker');
  for (const language of ['python', 'javascript']) void workers.queue(language).process(4, async () => RESULT);
}

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON') },
  { weight: 1, arbitrary: fc.constantFrom('', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx') },
  { weight: 1, arbitrary: printable },
);
const contentEncoding = fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'identity', 'x-unknown') });

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '\0', 'print(1)', '\ud800', '💥'));
const language = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('python', 'py', 'javascript', 'JS') }, { weight: 1, arbitrary: text });

/** Valid requests: well-formed text (NUL included, as data), the languages served, values in range. */
const clean = fc.string({ unit: 'grapheme', maxLength: 40 });
const valid = fc.record(
  {
    code: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((code) => !code.includes('\0')),
    language: fc.constantFrom('python', 'py', 'javascript', 'JS'),
    testCases: fc.array(fc.record({ input: clean, expected: clean, hidden: fc.boolean() }, { requiredKeys: ['input', 'expected'] }), { maxLength: 5 }),
    stdin: clean,
    args: fc.array(clean.filter((word) => !word.includes('\0')), { maxLength: 3 }),
    // Within every served language's ceiling (javascript's is the lowest: 3000 ms, 256 MB).
    limits: fc.record({ cpuMs: fc.integer({ min: 1, max: 3_000 }), memoryMb: fc.integer({ min: 1, max: 256 }) }, { requiredKeys: [] }),
    checker: fc.constantFrom('lines', 'exact', 'tokens', 'float'),
    stopOnFirstFailure: fc.boolean(),
  },
  { requiredKeys: ['code', 'language'] },
);

/** Requests of the right shape, values of all kinds: some are valid, the rest err in a field. */
const validish = fc.record(
  {
    code: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('print(1)', 'console.log(1)') }, { weight: 2, arbitrary: text }),
    language,
    testCases: fc.array(fc.record({ input: text, expected: text }, { requiredKeys: ['input', 'expected'] }), { maxLength: 3 }),
    stdin: text,
    args: fc.array(text, { maxLength: 3 }),
    files: fc.array(fc.record({ name: fc.constantFrom('a.txt', 'b/c', '../x', ''), content: text }), { maxLength: 2 }),
    limits: fc.record({ cpuMs: fc.integer({ min: -5, max: 30_000 }), memoryMb: fc.integer({ min: 1, max: 4096 }) }, { requiredKeys: [] }),
    checker: fc.constantFrom('lines', 'exact', 'tokens', 'float', 'fuzzy'),
    stopOnFirstFailure: fc.boolean(),
  },
  { requiredKeys: ['code', 'language'] },
);

/** A valid-ish request with one key set to any JSON value (or removed, or a stranger added). */
const mutated = fc
  .tuple(validish, fc.constantFrom('code', 'language', 'testCases', 'stdin', 'args', 'files', 'limits', 'checker', 'other'), fc.option(fc.jsonValue({ maxDepth: 3 })))
  .map(([body, key, value]) => {
    const copy: Record<string, unknown> = { ...body };
    if (value === null) delete copy[key];
    else copy[key] = value;
    return copy;
  });

const jsonBody = fc
  .oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: mutated }, { weight: 1, arbitrary: validish }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) })
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null'));
const brokenBody = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((value) => Buffer.from(value)),
  // A valid request cut short, or with random bytes spliced in.
  fc.tuple(validish, fc.nat(), fc.uint8Array({ maxLength: 4 })).map(([body, at, bytes]) => {
    const whole = Buffer.from(JSON.stringify(body));
    const cut = at % (whole.length + 1);
    return Buffer.concat([whole.subarray(0, cut), Buffer.from(bytes), whole.subarray(cut + (at % 3))]);
  }),
);

const exchange = fc.record({
  body: fc.oneof({ weight: 3, arbitrary: jsonBody }, { weight: 1, arbitrary: brokenBody }),
  contentType,
  contentEncoding,
});

const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

async function check(url: string, { body, contentType: type, contentEncoding: encoding }: fc.UniversalValue<typeof exchange>, seen: Map<number, number>) {
  const headers: Record<string, string> = { 'Content-Type': type };
  if (encoding !== undefined) headers['Content-Encoding'] = encoding;
  const reply: RawReply = await rawPost(`${url}/execute`, body, headers);
  seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
  assert.ok(reply.status < 500, `a ${reply.status}: ${JSON.stringify(reply.body)}`);
  if (reply.status >= 400) {
    assert.match(String(reply.body.error), ERROR_CODE);
    assert.equal(typeof reply.body.message, 'string');
    return;
  }
  assert.equal(reply.status, 200);
  assert.equal(reply.body.status, 'queued');
  const done = await request(`${url}/job/${String(reply.body.id)}?wait=10`);
  assert.equal(done.body.status, 'completed', `job ${String(reply.body.id)}: ${JSON.stringify(done.body)}`);
}

test('no body gets a 5xx, every 4xx has an error code, every 2xx job completes', async (t) => {
  startWorkers(ctx.redis.url);
  const seen = new Map<number, number>();
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(exchange, (value) => check(ctx.master.url, value, seen)),
    { numRuns: 1_000, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
  );
  const statuses = [...seen].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
  t.log(`${[...seen.values()].reduce((a, b) => a + b, 0)} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (${statuses})`);
  t.true((seen.get(200) ?? 0) > 0, 'some requests were valid');
  t.true([...seen.keys()].some((status) => status >= 400), 'some were refused');
});

test.after('the master still answers, and nothing was logged as an error', async (t) => {
  t.is((await request(`${ctx.master.url}/languages`)).status, 200);
  t.deepEqual(ctx.master.logs.filter((line) => line.startsWith('error')), []);
});
