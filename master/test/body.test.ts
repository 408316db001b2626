/**
 * The raw body of POST /execute, byte by byte: invalid UTF-8, nesting, huge numbers of values,
 * compression, a body cut into chunks past the limit. Each is a 4xx JSON error naming the body, and
 * the master goes on answering.
 */
import { gzipSync } from 'node:zlib';
import test from 'ava';
import { postJson, rawPost, request, SEED_REQUEST, startTestMaster, useMaster, type TestMaster } from './helpers/master.js';

const ctx = useMaster(test);
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** A body that is the seed request with `code` spliced in as raw bytes between its quotes. */
function withRawCode(bytes: number[]): Buffer {
  const [before, after] = JSON.stringify({ ...SEED_REQUEST, code: '@@' }).split('@@') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

const invalidUtf8 = test.macro(async (t, bytes: number[]) => {
  const reply = await rawPost(`${ctx.master.url}/execute`, withRawCode(bytes), JSON_TYPE);
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_UTF8', field: 'body', message: 'request body is not valid UTF-8: JSON must be sent as UTF-8 text' });
});
test('a stray continuation byte', invalidUtf8, [0x70, 0x80, 0x71]);
test('a 0xFF byte', invalidUtf8, [0xff]);
test('an overlong NUL (C0 80)', invalidUtf8, [0xc0, 0x80]);
test('a UTF-8 encoded surrogate (ED A0 80)', invalidUtf8, [0xed, 0xa0, 0x80]);
test('a sequence cut short', invalidUtf8, [0xe2, 0x82]);
test('Latin-1 text', invalidUtf8, [...Buffer.from('café', 'latin1')]);

test('valid multi-byte UTF-8 and a BOM are accepted, the text kept as sent', async (t) => {
  const code = 'print("é€😀")';
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ ...SEED_REQUEST, code }))]);
  const reply = await rawPost(`${ctx.master.url}/execute`, body, JSON_TYPE);
  t.is(reply.status, 200);
  t.is(JSON.parse((await ctx.db.hget(`bull:python:${String(reply.body.id)}`, 'data'))!).code, code);
});

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const TOO_DEEP = { error: 'JSON_TOO_DEEP', field: 'body', maximum: 16, message: 'request body nests arrays and objects more than 16 levels deep' };

test('100 000 nested arrays are a 400 JSON_TOO_DEEP, as the body or inside a field', async (t) => {
  for (const body of [nested(100_000), `{"code":"x","language":"python","limits":${nested(100_000)}}`, '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
    const reply = await postJson(`${ctx.master.url}/execute`, body);
    t.is(reply.status, 400);
    t.deepEqual(reply.body, TOO_DEEP);
  }
});

test('brackets inside strings are text, not nesting', async (t) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { ...SEED_REQUEST, code: `print("${'[{'.repeat(1_000)}\\"]")` });
  t.is(reply.status, 200);
});

test('16 levels pass the scan and are judged by the schema', async (t) => {
  const reply = await postJson(`${ctx.master.url}/execute`, `{"code":"x","language":"python","limits":${nested(15)}}`);
  t.deepEqual(reply.body, { error: 'INVALID_REQUEST', field: 'limits', message: '"limits" must be of type object' });
});

test('a 16 MiB body of nested arrays or of keys is refused without being parsed', async (t) => {
  const size = 16 * 1024 * 1024 - 16;
  const keys = `{${Array.from({ length: Math.floor(size / 13) }, (_, index) => `"k${String(index).padStart(7, '0')}":0`).join(',')}}`;
  for (const [what, body, error] of [['nesting', nested(size / 2 - 1), 'JSON_TOO_DEEP'], ['keys', keys, 'JSON_TOO_MANY_VALUES']] as const) {
    const started = performance.now();
    const reply = await postJson(`${ctx.master.url}/execute`, body);
    const ms = performance.now() - started;
    t.is(reply.status, 400);
    t.is(reply.body.error, error);
    t.log(`${(body.length / 1024 / 1024).toFixed(1)} MiB of ${what}: answered in ${ms.toFixed(0)} ms`);
    // Not a performance figure (the machine is shared): a bound that only a full parse would break.
    t.true(ms < 10_000, `answered in ${ms.toFixed(0)} ms`);
  }
});

test('huge numbers of keys or elements are a 400 JSON_TOO_MANY_VALUES', async (t) => {
  const keys = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`k${index}`, 0]));
  const expected = { error: 'JSON_TOO_MANY_VALUES', field: 'body', maximum: 1_984, message: 'request body has more than 1984 array elements and object members in all' };
  t.deepEqual((await postJson(`${ctx.master.url}/execute`, { ...SEED_REQUEST, ...keys })).body, expected);
  t.deepEqual((await postJson(`${ctx.master.url}/execute`, { ...SEED_REQUEST, args: Array(100_000).fill('a') })).body, expected);
});

test('the largest valid request is within the bounds of the scan', async (t) => {
  const testCase = { name: 'n', input: '1', expected: '1', hidden: false, timeLimitMs: 100 };
  const body = {
    code: 'print(1)',
    language: 'python',
    version: '3.11',
    testCases: Array(100).fill(testCase),
    stdin: '',
    args: Array(64).fill('a'),
    files: Array.from({ length: 20 }, (_, index) => ({ name: `f${index}`, content: 'x', encoding: 'utf8' })),
    limits: { wallMs: 1000, cpuMs: 1000, memoryMb: 64, processes: 8, outputKb: 64, fileSizeKb: 64 },
    checker: { type: 'float', absolute: 1e-6, relative: 1e-6 },
    stopOnFirstFailure: true,
  };
  t.is((await postJson(`${ctx.master.url}/execute`, body)).status, 200);
  const compiled = await postJson(`${ctx.master.url}/execute`, { ...body, compilerOptions: Array(32).fill('-O2') });
  t.is(compiled.body.error, 'COMPILER_OPTION_NOT_ALLOWED', 'past the scan and the schema: refused by python, which compiles nothing');
});

test('a "__proto__" key anywhere is a 400', async (t) => {
  for (const body of ['{"code":"x","language":"python","__proto__":{"stdin":"a"}}', '{"code":"x","language":"python","limits":{"__proto__":{"cpuMs":1}}}']) {
    t.deepEqual((await postJson(`${ctx.master.url}/execute`, body)).body, { error: 'INVALID_REQUEST', field: 'body', message: '"__proto__" is not allowed' });
  }
});

test('an empty body is a 400 MALFORMED_JSON', async (t) => {
  for (const body of ['', '  \n']) {
    t.deepEqual((await postJson(`${ctx.master.url}/execute`, body)).body, { error: 'MALFORMED_JSON', field: 'body', message: 'request body is not valid JSON: the body is empty' });
  }
});

test('a gzip body is accepted; broken gzip is a 400; an unknown Content-Encoding a 415', async (t) => {
  const gzipped = await rawPost(`${ctx.master.url}/execute`, gzipSync(JSON.stringify(SEED_REQUEST)), { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
  t.is(gzipped.status, 200);
  const broken = await rawPost(`${ctx.master.url}/execute`, Buffer.from('not gzip at all'), { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
  t.is(broken.status, 400);
  t.like(broken.body, { error: 'MALFORMED_JSON', field: 'body' });
  t.regex(broken.body.message as string, /^request body is not valid gzip data: /);
  const unknown = await rawPost(`${ctx.master.url}/execute`, Buffer.from('{}'), { ...JSON_TYPE, 'Content-Encoding': 'zstd' });
  t.is(unknown.status, 415);
  t.deepEqual(unknown.body, { error: 'UNSUPPORTED_MEDIA_TYPE', field: 'Content-Encoding', message: 'Content-Encoding must be identity, gzip, deflate or br (got zstd)' });
});

test.serial('a body past BODY_LIMIT_BYTES is a 413, sent in chunks or as a gzip bomb', async (t) => {
  const small: TestMaster = await startTestMaster(ctx.redis.url, { BODY_LIMIT_BYTES: '1024' });
  t.teardown(() => small.close());
  const chunks = Array.from({ length: 4 }, () => Buffer.alloc(512, 0x20));
  const chunked = await rawPost(`${small.url}/execute`, chunks, JSON_TYPE);
  t.is(chunked.status, 413);
  t.deepEqual(chunked.body, { error: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than 1024 bytes' });
  t.is(chunked.headers.connection, 'close');
  const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
  t.true(bomb.length < 1024 * 16);
  const inflated = await rawPost(`${small.url}/execute`, bomb, { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
  t.is(inflated.status, 413);
});

test.after('the master still answers, and no request was logged as an error', async (t) => {
  t.is((await request(`${ctx.master.url}/languages`)).status, 200);
  t.deepEqual(ctx.master.logs.filter((line) => line.startsWith('error')), []);
});
