/**
 * The Judge0 CE 1.13.1 API end to end: a private Redis, the built master and executor, the real
 * sandbox, real HTTP, and a real callback receiver (WEBHOOK_ALLOW_PRIVATE=true lets it be on
 * 127.0.0.1). Requests are Judge0's documented examples (test/fixtures/judge0/); every answer is
 * checked against the OpenAPI document by the helpers.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALL_FIELDS } from '../master/src/compat/judge0/fields.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { checkedBody } from './helpers/contract.js';
import { getJson, postJson, startStack, waitFor } from './helpers/services.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/judge0/${name}`, import.meta.url), 'utf8'));
const STATUSES = fixture('statuses.json').cases as Array<{ name: string; status: number; exit_signal?: number; exit_code?: number; sentinel_verdict?: string; submission: object }>;
const ERRORS = fixture('errors.json').create as Array<{ name: string; body: object; status: number; answer: object }>;

/** Ruby's Base64.encode64, written out here (not the module's) to check the module against. */
const rubyBase64 = (text: string) => `${(Buffer.from(text).toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`;

let redis: TestRedis;
let url = '';
let receiverPort = 0;
const received: Array<{ method: string; headers: IncomingHttpHeaders; body: string }> = [];
const cleanups: Array<() => unknown> = [];

test.before(async () => {
  redis = await startRedis();
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ method: request.method ?? '', headers: request.headers, body });
      response.end();
    });
  }).listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  cleanups.push(() => {
    receiver.closeAllConnections();
    receiver.close();
  });
  receiverPort = (receiver.address() as AddressInfo).port;
  const stack = await startStack({ teardown: (fn) => void cleanups.push(fn) }, redis.url, { WEBHOOK_SECRET: 'whsec-judge0-test', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_BACKOFF_MS: '300' });
  url = stack.url;
});
test.after.always(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await redis?.stop();
});

/** Polls GET /judge0/submissions/batch until no submission is In Queue or Processing. */
async function finished(tokens: string[], query = 'fields=*'): Promise<any[]> {
  return waitFor('the submissions', async () => {
    const { status, body } = await getJson(`${url}/judge0/submissions/batch?tokens=${tokens.join(',')}&${query}`);
    if (status !== 200) throw new Error(`GET batch answered ${status}: ${JSON.stringify(body)}`);
    return body.submissions.every((s: any) => s === null || s.status.id > 2) ? body.submissions : undefined;
  }, 120_000);
}

test.serial('every status Sentinel produces, from one batch with one bad item, read back with fields=*', async (t) => {
  const items = [...STATUSES.slice(0, 4).map((c) => c.submission), { source_code: 'print(1)', language_id: 999999 }, ...STATUSES.slice(4).map((c) => c.submission)];
  t.true(items.length <= 20);
  const created = await postJson(`${url}/judge0/submissions/batch`, { submissions: items });
  t.is(created.status, 201);
  t.deepEqual(created.body[4], { language_id: ["language with id 999999 doesn't exist"] });
  const tokens = created.body.filter((_: unknown, index: number) => index !== 4).map((entry: any) => entry.token as string);
  t.true(tokens.every((token: string) => /^[0-9a-f-]{36}$/.test(token)));
  const submissions = await finished(tokens);
  for (const [index, expected] of STATUSES.entries()) {
    const got = submissions[index];
    t.is(got.status.id, expected.status, `${expected.name}: ${JSON.stringify({ status: got.status, sentinel_verdict: got.sentinel_verdict, message: got.message, exit_code: got.exit_code, exit_signal: got.exit_signal, stderr: got.stderr?.slice(0, 200) })}`);
    t.is(got.status_id, expected.status);
    if (expected.exit_signal !== undefined) t.is(got.exit_signal, expected.exit_signal, expected.name);
    if (expected.exit_code !== undefined) t.is(got.exit_code, expected.exit_code, expected.name);
    if (expected.sentinel_verdict !== undefined) t.is(got.sentinel_verdict, expected.sentinel_verdict, expected.name);
    t.deepEqual(Object.keys(got), [...ALL_FIELDS], 'fields=* gives every field, in order');
  }
  const [accepted] = submissions;
  t.like(accepted, { stdout: 'hello, Judge0\n', stderr: null, compile_output: null, message: null, language_id: 71, language: { id: 71, name: 'Python (3.11)' }, stdin: 'Judge0', expected_output: 'hello, Judge0', sentinel_verdict: 'ACCEPTED' });
  t.regex(accepted.time, /^\d+\.\d{3}$/);
  t.regex(accepted.wall_time, /^\d+\.\d{3}$/);
  t.true(Number.isInteger(accepted.memory) && accepted.memory > 0);
  const compileError = submissions[6];
  t.regex(compileError.compile_output, /sc/);
  t.is(submissions[5].message, 'Time limit exceeded');
  t.is(submissions[12].message, 'Exited with error status 3');
});

test.serial('wait=true answers 201 with the default fields; GET by token; at the root too', async (t) => {
  const created = await postJson(`${url}/submissions?wait=true`, { source_code: 'print(input())', language_id: 71, stdin: 'hi' });
  t.is(created.status, 201);
  t.deepEqual(Object.keys(created.body), ['token', 'time', 'memory', 'stdout', 'stderr', 'compile_output', 'message', 'status', 'sentinel_verdict']);
  t.like(created.body, { stdout: 'hi\n', stderr: null, status: { id: 3, description: 'Accepted' } });
  const read = await getJson(`${url}/judge0/submissions/${created.body.token}?fields=stdout,status_id,language_id`);
  t.deepEqual(read.body, { stdout: 'hi\n', status_id: 3, language_id: 71 });
  const plain = await postJson(`${url}/judge0/submissions`, { source_code: 'print(1)', language_id: 71 });
  t.is(plain.status, 201);
  t.deepEqual(Object.keys(plain.body), ['token']);
});

test.serial('base64_encoded=true: decoded in from either form, encoded out as Ruby does (60 columns, final newline)', async (t) => {
  const line = 'x'.repeat(70);
  const source = `import sys\ndata = sys.stdin.read()\nprint(data.upper())\nprint('${line}', file=sys.stderr)`;
  const created = await postJson(`${url}/judge0/submissions?base64_encoded=true&wait=true&fields=stdout,stderr,source_code,stdin,status`, {
    source_code: rubyBase64(source), // 60-column lines with a final newline
    stdin: Buffer.from('abc').toString('base64'), // one line, no newline
    language_id: 71,
  });
  t.is(created.status, 201);
  t.is(created.body.status.id, 3);
  t.is(created.body.stdout, 'QUJDCg==\n');
  t.is(created.body.stderr, rubyBase64(`${line}\n`));
  t.true(created.body.stderr.split('\n')[0].length === 60 && created.body.stderr.endsWith('\n'));
  t.is(created.body.source_code, rubyBase64(source));
  t.is(Buffer.from(created.body.stdin, 'base64').toString(), 'abc');
});

test.serial('output that is not UTF-8: 400 with Judge0\'s message without base64, encoded with it', async (t) => {
  const created = await postJson(`${url}/judge0/submissions?wait=true`, { source_code: 'import sys\nsys.stdout.buffer.write(b"\\xff\\xfe")', language_id: 71 });
  t.is(created.status, 201);
  t.deepEqual(created.body, { error: 'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter', token: created.body.token });
  const plain = await getJson(`${url}/judge0/submissions/${created.body.token}`);
  t.is(plain.status, 400);
  t.deepEqual(plain.body, { error: 'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter' });
  const encoded = await getJson(`${url}/judge0/submissions/${created.body.token}?base64_encoded=true`);
  t.is(encoded.status, 200);
  t.is(encoded.body.status.id, 3);
  t.is(typeof encoded.body.stdout, 'string');
  const withoutStdout = await getJson(`${url}/judge0/submissions/${created.body.token}?fields=status`);
  t.is(withoutStdout.status, 200);
});

test.serial('refusals in Judge0\'s shapes: 422 per field (limits above Judge0\'s and the language\'s own), 400 fields, 404', async (t) => {
  for (const { name, body, status, answer } of ERRORS) {
    const got = await postJson(`${url}/judge0/submissions`, body);
    t.is(got.status, status, name);
    t.deepEqual(got.body, answer, name);
  }
  // Above the language's own limit (Sentinel's python ceiling), though within Judge0's 15 s.
  const languages = await getJson(`${url}/languages`);
  const python = languages.body.languages.find((language: any) => language.id === 'python');
  const cpuSeconds = python.limits.cpuMs / 1000;
  const above = await postJson(`${url}/judge0/submissions`, { source_code: 'print(1)', language_id: 71, cpu_time_limit: cpuSeconds + 1 });
  t.is(above.status, 422);
  t.deepEqual(above.body, { cpu_time_limit: [`must be less than or equal to ${cpuSeconds}`] });

  const fields = await getJson(`${url}/judge0/submissions/${randomUUID()}?fields=stdout,nope,time,bad`);
  t.is(fields.status, 400);
  t.deepEqual(fields.body, { error: 'invalid fields: [nope, bad]' });
  const unknown = await getJson(`${url}/judge0/submissions/${randomUUID()}`);
  t.is(unknown.status, 404);
  t.deepEqual(unknown.body, { status: 404, error: 'Not Found' });
  t.is((await getJson(`${url}/submissions/not-a-token`)).status, 404);
  const batch = await getJson(`${url}/judge0/submissions/batch?tokens=${randomUUID()}`);
  t.deepEqual(batch.body, { submissions: [null] });
  const empty = await postJson(`${url}/judge0/submissions/batch`, { submissions: [] });
  t.deepEqual([empty.status, empty.body], [400, { error: 'there should be at least one submission in a batch' }]);
  const allBad = await postJson(`${url}/judge0/submissions/batch`, { submissions: [{ language_id: 71 }] });
  t.deepEqual([allBad.status, allBad.body], [422, [{ source_code: ["can't be blank"] }]]);
  // Not JSON: Judge0's error shape, Sentinel's reason.
  const response = await fetch(`${url}/judge0/submissions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
  const body = await checkedBody('POST', `${url}/judge0/submissions`, response);
  t.is(response.status, 415);
  t.regex((body as any).error, /application\/json/);
});

test.serial('languages, statuses; Sentinel\'s own GET /languages unchanged', async (t) => {
  const languages = await getJson(`${url}/judge0/languages`);
  t.deepEqual(languages.body.find((language: any) => language.id === 71), { id: 71, name: 'Python (3.11)' });
  t.deepEqual(languages.body.find((language: any) => language.id === 50), { id: 50, name: 'C (GCC 12 (C17))' });
  const c = await getJson(`${url}/judge0/languages/50`);
  t.like(c.body, { id: 50, is_archived: false, source_file: 'main.c' });
  t.regex(c.body.compile_cmd, /gcc/);
  t.is((await getJson(`${url}/judge0/languages/4242`)).status, 404);
  for (const path of ['/statuses', '/judge0/statuses']) {
    const statuses = await getJson(`${url}${path}`);
    t.is(statuses.body.length, 14);
    t.deepEqual(statuses.body[11], { id: 12, description: 'Runtime Error (Other)' });
  }
  const own = await getJson(`${url}/languages`);
  t.true(own.body.languages.some((language: any) => language.id === 'python'));
});

test.serial('callback_url: a PUT of the default fields, base64, application/json, with Sentinel\'s signature', async (t) => {
  const created = await postJson(`${url}/judge0/submissions`, { source_code: 'print("called back")', language_id: 71, callback_url: `http://127.0.0.1:${receiverPort}/judge0-hook` });
  t.is(created.status, 201);
  await waitFor('the callback', async () => (received.length ? true : undefined), 60_000);
  const [delivery] = received;
  t.is(delivery!.method, 'PUT');
  t.regex(String(delivery!.headers['content-type']), /^application\/json/);
  t.regex(String(delivery!.headers['sentinel-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
  const body = JSON.parse(delivery!.body);
  t.deepEqual(Object.keys(body), ['token', 'time', 'memory', 'stdout', 'stderr', 'compile_output', 'message', 'status', 'sentinel_verdict']);
  t.like(body, { token: created.body.token, stdout: rubyBase64('called back\n'), status: { id: 3, description: 'Accepted' } });
});
