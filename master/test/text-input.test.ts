/**
 * NUL bytes and invalid Unicode inside the request's strings. NUL is never valid source code, so
 * `code` with one is a 400; in test inputs, expected outputs, stdin and files it is data (stdin is
 * a file in the sandbox) and travels to the executor intact. An unpaired surrogate (a JSON
 * "\ud800" escape) is a 400 naming its field: no UTF-8 file can hold it.
 */
import test from 'ava';
import type { JobPayload } from '@sentinel/core';
import { postJson, useMaster } from './helpers/master.js';

const ctx = useMaster(test);
const BASE = { code: 'print(1)', language: 'python' };

const rejected = test.macro(async (t, body: string, field: string, message: string) => {
  const reply = await postJson(`${ctx.master.url}/execute`, body);
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_REQUEST', field, message });
});

const UNPAIRED = 'must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)';

test('a NUL byte in code', rejected, '{"code":"print(1)\\u0000","language":"python"}', 'code', '"code" must not contain NUL bytes');
test('code that is only a NUL byte', rejected, '{"code":"\\u0000","language":"python"}', 'code', '"code" must not contain NUL bytes');
test('a NUL byte in an arg', rejected, '{"code":"x","language":"python","args":["a\\u0000"]}', 'args[0]', '"args[0]" must not contain NUL bytes');
test('an unpaired surrogate in code', rejected, '{"code":"print(\\"\\ud800\\")","language":"python"}', 'code', `"code" ${UNPAIRED}`);
test(
  'an unpaired surrogate in a test input',
  rejected,
  '{"code":"x","language":"python","testCases":[{"input":"\\udfff","expected":""}]}',
  'testCases[0].input',
  `"testCases[0].input" ${UNPAIRED}`,
);
test('an unpaired surrogate in stdin', rejected, '{"code":"x","language":"python","stdin":"a\\ud83d"}', 'stdin', `"stdin" ${UNPAIRED}`);

test('a NUL byte in the language is an unknown language', async (t) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { ...BASE, language: 'python\0' });
  t.is(reply.status, 400);
  t.like(reply.body, { error: 'UNKNOWN_LANGUAGE', field: 'language' });
});

test('NUL bytes in inputs, expected outputs, stdin and files are data, queued intact', async (t) => {
  const request = {
    ...BASE,
    testCases: [{ input: 'a\0b\n', expected: '\0' }],
    stdin: '\0\0\n',
    files: [{ name: 'data.txt', content: 'x\0y' }],
  };
  const reply = await postJson(`${ctx.master.url}/execute`, request);
  t.is(reply.status, 200);
  const stored = JSON.parse((await ctx.db.hget(`bull:python:${String(reply.body.id)}`, 'data'))!) as JobPayload;
  t.deepEqual(stored.testCases, request.testCases);
  t.is(stored.stdin, request.stdin);
  t.deepEqual(stored.files, request.files);
});

test('escaped surrogate pairs are ordinary text', async (t) => {
  const reply = await postJson(`${ctx.master.url}/execute`, '{"code":"print(\\"\\ud83d\\ude00\\")","language":"python"}');
  t.is(reply.status, 200);
  t.is((JSON.parse((await ctx.db.hget(`bull:python:${String(reply.body.id)}`, 'data'))!) as JobPayload).code, 'print("😀")');
});
