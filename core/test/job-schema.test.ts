import test from 'ava';
import type Joi from 'joi';
import { DEFAULT_REQUEST_BOUNDS, executeRequestSchema, jobPayloadSchema, type JobPayload, type RequestBounds } from '../src/job.js';
import { VERDICT_PRIORITY, VERDICTS, worstVerdict } from '../src/verdict.js';

/** Small bounds so that "too big" fixtures stay small. */
const bounds: RequestBounds = { maxCodeBytes: 16, maxTestCases: 2, maxCaseBytes: 4 };

function errorOf(schema: Joi.ObjectSchema, value: unknown): string | undefined {
  return schema.validate(value).error?.message;
}

test('the contract seed example is accepted and gets stdin ""', (t) => {
  const seed = {
    code: 'n = int(input())\nprint(n * 2)',
    language: 'python',
    testCases: [
      { input: '5', expected: '10' },
      { input: '100', expected: '200' },
    ],
  };
  const { value, error } = executeRequestSchema().validate(seed);
  t.is(error, undefined);
  t.deepEqual(value, { ...seed, stdin: '', limits: {} });
});

test('testCases defaults to [] and stdin to ""', (t) => {
  const { value, error } = executeRequestSchema().validate({ code: 'print(1)', language: 'py' });
  t.is(error, undefined);
  t.deepEqual(value, { code: 'print(1)', language: 'py', testCases: [], stdin: '', limits: {} });
});

test('the default bounds', (t) => {
  t.deepEqual({ ...DEFAULT_REQUEST_BOUNDS }, { maxCodeBytes: 65_536, maxTestCases: 100, maxCaseBytes: 1_048_576 });
});

test('values exactly at the bounds are accepted; empty input and expected are allowed', (t) => {
  const request = {
    code: 'x'.repeat(16),
    language: 'py',
    testCases: [
      { input: '1234', expected: '1234' },
      { input: '', expected: '' },
    ],
    stdin: '1234',
  };
  t.is(errorOf(executeRequestSchema(bounds), request), undefined);
});

const rejectedRequests: [string, unknown, string][] = [
  ['empty code', { code: '', language: 'py' }, '"code" must not be empty'],
  ['missing code', { language: 'py' }, '"code" is required'],
  ['missing language', { code: 'x' }, '"language" is required'],
  ['empty language', { code: 'x', language: '' }, '"language" is not allowed to be empty'],
  ['an unknown field', { code: 'x', language: 'py', timeout: 5 }, '"timeout" is not allowed'],
  ['code over maxCodeBytes', { code: 'x'.repeat(17), language: 'py' }, '"code" must be at most 16 bytes'],
  [
    'too many test cases',
    { code: 'x', language: 'py', testCases: [{ input: '', expected: '' }, { input: '', expected: '' }, { input: '', expected: '' }] },
    '"testCases" must contain less than or equal to 2 items',
  ],
  ['a case input over maxCaseBytes', { code: 'x', language: 'py', testCases: [{ input: '12345', expected: '' }] }, '"testCases[0].input" must be at most 4 bytes'],
  ['a case expected over maxCaseBytes', { code: 'x', language: 'py', testCases: [{ input: '', expected: '12345' }] }, '"testCases[0].expected" must be at most 4 bytes'],
  // 3 characters, 6 bytes: the bound is in bytes.
  ['a case over maxCaseBytes in bytes, not characters', { code: 'x', language: 'py', testCases: [{ input: 'ééé', expected: '' }] }, '"testCases[0].input" must be at most 4 bytes'],
  ['stdin over maxCaseBytes', { code: 'x', language: 'py', stdin: '12345' }, '"stdin" must be at most 4 bytes'],
  ['a non-string input', { code: 'x', language: 'py', testCases: [{ input: 5, expected: '10' }] }, '"testCases[0].input" must be a string'],
  ['a case without expected', { code: 'x', language: 'py', testCases: [{ input: '5' }] }, '"testCases[0].expected" is required'],
  ['an unknown field in a case', { code: 'x', language: 'py', testCases: [{ input: '5', expected: '10', hidden: true }] }, '"testCases[0].hidden" is not allowed'],
];

for (const [name, request, message] of rejectedRequests) {
  test(`executeRequestSchema rejects ${name}`, (t) => {
    t.is(errorOf(executeRequestSchema(bounds), request), message);
  });
}

const goodPayload: JobPayload = {
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  language: 'python',
  code: 'print(int(input()) * 2)',
  testCases: [{ input: '5', expected: '10' }],
  stdin: '',
  limits: { cpuMs: 1_000 },
  submittedAt: '2024-01-01T00:00:00.000Z',
};

test('jobPayloadSchema accepts a payload the master makes', (t) => {
  const { value, error } = jobPayloadSchema().validate(goodPayload);
  t.is(error, undefined);
  t.deepEqual(value, goodPayload);
});

const forged: [string, unknown, string][] = [
  ['a non-uuid id', { ...goodPayload, id: '1' }, '"id" must be a valid GUID'],
  ['a uuid that is not v4', { ...goodPayload, id: '3b241101-e2bb-1255-8caf-4136c566a962' }, '"id" must be a valid GUID'],
  [
    'a language with shell syntax',
    { ...goodPayload, language: 'python; rm -rf /' },
    '"language" with value "python; rm -rf /" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/',
  ],
  [
    'a language with a path',
    { ...goodPayload, language: '../python' },
    '"language" with value "../python" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/',
  ],
  ['an extra field', { ...goodPayload, command: ['/bin/sh', '-c', 'id'] }, '"command" is not allowed'],
  ['empty code', { ...goodPayload, code: '' }, '"code" contains an invalid value'],
  ['missing testCases', { ...goodPayload, testCases: undefined }, '"testCases" is required'],
  ['missing stdin', { ...goodPayload, stdin: undefined }, '"stdin" is required'],
  ['missing limits', { ...goodPayload, limits: undefined }, '"limits" is required'],
  ['a limit of 0 (never "unlimited")', { ...goodPayload, limits: { cpuMs: 0 } }, '"limits.cpuMs" must be greater than or equal to 1'],
  ['a negative limit', { ...goodPayload, limits: { memoryMb: -1 } }, '"limits.memoryMb" must be greater than or equal to 1'],
  ['an unknown limit', { ...goodPayload, limits: { sandbox: 0 } }, '"limits.sandbox" is not allowed'],
  ['a bad submittedAt', { ...goodPayload, submittedAt: 'yesterday' }, '"submittedAt" must be in iso format'],
];

for (const [name, payload, message] of forged) {
  test(`jobPayloadSchema rejects ${name}`, (t) => {
    t.is(errorOf(jobPayloadSchema(), payload), message);
  });
}

test('jobPayloadSchema re-checks the size bounds', (t) => {
  t.is(errorOf(jobPayloadSchema(bounds), { ...goodPayload, code: 'x'.repeat(17) }), '"code" must be at most 16 bytes');
  t.is(
    errorOf(jobPayloadSchema(bounds), { ...goodPayload, code: 'x', testCases: [{ input: '12345', expected: '' }] }),
    '"testCases[0].input" must be at most 4 bytes',
  );
});

test('worstVerdict of no tests is ACCEPTED', (t) => {
  t.is(worstVerdict([]), 'ACCEPTED');
});

test('worstVerdict picks by VERDICT_PRIORITY, whatever the order', (t) => {
  t.is(worstVerdict(['ACCEPTED', 'WRONG_ANSWER', 'ACCEPTED']), 'WRONG_ANSWER');
  t.is(worstVerdict(['WRONG_ANSWER', 'TIME_LIMIT', 'RUNTIME_ERROR']), 'TIME_LIMIT');
  t.is(worstVerdict(['SKIPPED', 'ACCEPTED']), 'SKIPPED');
  t.is(worstVerdict(['ACCEPTED', 'INTERNAL_ERROR', 'COMPILATION_ERROR']), 'INTERNAL_ERROR');
  t.is(worstVerdict(new Set(['OUTPUT_LIMIT', 'MEMORY_LIMIT'] as const)), 'MEMORY_LIMIT');
});

test('VERDICT_PRIORITY, worst first', (t) => {
  t.deepEqual(
    [...VERDICT_PRIORITY],
    ['INTERNAL_ERROR', 'COMPILATION_ERROR', 'TIME_LIMIT', 'MEMORY_LIMIT', 'OUTPUT_LIMIT', 'RUNTIME_ERROR', 'WRONG_ANSWER', 'SKIPPED', 'ACCEPTED'],
  );
  for (const [i, worse] of VERDICTS.entries()) {
    for (const better of VERDICTS.slice(i)) {
      t.is(worstVerdict([better, worse]), worse);
      t.is(worstVerdict([worse, better]), worse);
    }
  }
});
