/**
 * Request options at the API: what the schema cannot know (the pack's version, compiler options,
 * source file name, limits) is checked against the language's pack, with a 400 naming the field.
 */
import test from 'ava';
import { DEFAULT_LIMITS, type JobPayload } from '@sentinel/core';
import { postJson, useMaster } from './helpers/master.js';

const ctx = useMaster(test);

const code = 'print(1)';

test('every option travels with the job, normalized', async (t) => {
  const request = {
    code,
    language: 'py',
    version: '3.11',
    testCases: [{ name: 'one', input: '1', expected: '1', hidden: true, timeLimitMs: 300 }],
    args: ['-x', 'a b'],
    files: [{ name: 'data/in.txt', content: 'x' }],
    checker: 'float',
    stopOnFirstFailure: true,
  };
  const reply = await postJson(`${ctx.master.url}/execute`, request);
  t.is(reply.status, 200);
  const stored = JSON.parse((await ctx.db.hget(`bull:python:${reply.body.id}`, 'data'))!) as JobPayload;
  t.like(stored, { language: 'python', args: ['-x', 'a b'], files: request.files, testCases: request.testCases, stopOnFirstFailure: true, compilerOptions: [] });
  t.deepEqual(stored.checker, { type: 'float', absolute: 1e-6, relative: 1e-6 });
  t.false('version' in stored, 'the version is checked, not carried');
});

const rejected = test.macro(async (t, body: Record<string, unknown>, expected: Record<string, unknown>) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', ...body });
  t.is(reply.status, 400);
  t.deepEqual(reply.body, expected);
});

test('a version the pack does not offer', rejected, { version: '2.7' }, {
  error: 'UNSUPPORTED_VERSION',
  field: 'version',
  message: 'python is offered in version "3.11" only, not "2.7"',
});
test('compiler options for an interpreted language', rejected, { compilerOptions: ['-O2'] }, {
  error: 'COMPILER_OPTION_NOT_ALLOWED',
  field: 'compilerOptions',
  message: 'python is not compiled: it takes no compilerOptions',
});
test('an extra file named like the source', rejected, { files: [{ name: 'main.py', content: 'import os' }] }, {
  error: 'INVALID_REQUEST',
  field: 'files[0].name',
  message: '"main.py" is where python puts the submitted code (main.py)',
});
test('a test time limit above the wall-clock ceiling', rejected, { testCases: [{ input: '', expected: '', timeLimitMs: DEFAULT_LIMITS.wallMs + 1 }] }, {
  error: 'LIMIT_TOO_HIGH',
  field: 'testCases[0].timeLimitMs',
  maximum: DEFAULT_LIMITS.wallMs,
  message: `"testCases[0].timeLimitMs" is ${DEFAULT_LIMITS.wallMs + 1}, above the maximum of ${DEFAULT_LIMITS.wallMs} for python`,
});
test('a file name that climbs out', rejected, { files: [{ name: '../../etc/cron.d/x', content: '' }] }, {
  error: 'INVALID_REQUEST',
  field: 'files[0].name',
  message: '"files[0].name" must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)',
});
test('a checker epsilon out of range', rejected, { checker: { type: 'float', absolute: 2 } }, {
  error: 'INVALID_REQUEST',
  field: 'checker.absolute',
  message: '"checker.absolute" must be less than or equal to 1',
});
