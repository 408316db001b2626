import test from 'ava';
import type Joi from 'joi';
import { DEFAULT_REQUEST_BOUNDS, type JobPayload, type RequestBounds } from '../src/job.js';
import { executeRequestSchema, jobPayloadSchema } from '../src/job-schema.js';
import { VERDICT_PRIORITY, VERDICTS, worstVerdict } from '../src/verdict.js';

/** Small bounds so that "too big" fixtures stay small. */
const bounds: RequestBounds = { maxCodeBytes: 16, maxTestCases: 2, maxCaseBytes: 4, maxFiles: 2, maxFileBytes: 4 };

/** What the schema fills in when a request gives only the contract's fields. */
const DEFAULTS = { stdin: '', args: [], files: [], compilerOptions: [], limits: {}, checker: { type: 'lines' }, stopOnFirstFailure: false };

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
  t.deepEqual(value, { ...seed, ...DEFAULTS });
});

test('every optional field gets its default', (t) => {
  const { value, error } = executeRequestSchema().validate({ code: 'print(1)', language: 'py' });
  t.is(error, undefined);
  t.deepEqual(value, { code: 'print(1)', language: 'py', testCases: [], ...DEFAULTS });
});

test('the default bounds', (t) => {
  t.deepEqual({ ...DEFAULT_REQUEST_BOUNDS }, { maxCodeBytes: 65_536, maxTestCases: 100, maxCaseBytes: 1_048_576, maxFiles: 20, maxFileBytes: 1_048_576 });
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
  ['an unknown field in a case', { code: 'x', language: 'py', testCases: [{ input: '5', expected: '10', secret: true }] }, '"testCases[0].secret" is not allowed'],
  ['a hidden that is not a boolean', { code: 'x', language: 'py', testCases: [{ input: '', expected: '', hidden: 'yes' }] }, '"testCases[0].hidden" must be a boolean'],
  ['a timeLimitMs of 0', { code: 'x', language: 'py', testCases: [{ input: '', expected: '', timeLimitMs: 0 }] }, '"testCases[0].timeLimitMs" must be greater than or equal to 1'],
  ['an empty test name', { code: 'x', language: 'py', testCases: [{ input: '', expected: '', name: '' }] }, '"testCases[0].name" is not allowed to be empty'],
  ['args that are not an array', { code: 'x', language: 'py', args: '-v' }, '"args" must be an array'],
  ['an arg with a NUL byte', { code: 'x', language: 'py', args: ['a\0b'] }, '"args[0]" must not contain NUL bytes'],
  ['an absolute file name', { code: 'x', language: 'py', files: [{ name: '/etc/passwd', content: '' }] }, '"files[0].name" must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)'],
  ['a file name with ..', { code: 'x', language: 'py', files: [{ name: 'a/../../b', content: '' }] }, '"files[0].name" must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)'],
  ['a file name that looks like an option', { code: 'x', language: 'py', files: [{ name: '-rf', content: '' }] }, '"files[0].name" must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)'],
  ['a file over maxFileBytes', { code: 'x', language: 'py', files: [{ name: 'a', content: '12345' }] }, '"files[0]".content must be at most 4 bytes'],
  ['a base64 file over maxFileBytes once decoded', { code: 'x', language: 'py', files: [{ name: 'a', content: Buffer.alloc(5).toString('base64'), encoding: 'base64' }] }, '"files[0]".content must be at most 4 bytes'],
  ['a file that is not base64', { code: 'x', language: 'py', files: [{ name: 'a', content: '%%%', encoding: 'base64' }] }, '"files[0]".content is not valid base64'],
  ['an unknown encoding', { code: 'x', language: 'py', files: [{ name: 'a', content: '', encoding: 'hex' }] }, '"files[0].encoding" must be one of [utf8, base64]'],
  ['too many files', { code: 'x', language: 'py', files: [{ name: 'a', content: '' }, { name: 'b', content: '' }, { name: 'c', content: '' }] }, '"files" must contain less than or equal to 2 items'],
  ['the same file twice', { code: 'x', language: 'py', files: [{ name: 'a', content: '' }, { name: 'a', content: '' }] }, '"files" must not name the same file twice'],
  ['a file where a folder must be', { code: 'x', language: 'py', files: [{ name: 'a', content: '' }, { name: 'a/b', content: '' }] }, '"files": "a/b" needs a folder where another file is'],
  ['an empty compiler option', { code: 'x', language: 'py', compilerOptions: [''] }, '"compilerOptions[0]" is not allowed to be empty'],
  ['an unknown checker', { code: 'x', language: 'py', checker: 'fuzzy' }, '"checker" must be one of [lines, exact, tokens, float, judge0, object]'],
  ['a stopOnFirstFailure that is not a boolean', { code: 'x', language: 'py', stopOnFirstFailure: 'no' }, '"stopOnFirstFailure" must be a boolean'],
  ['an empty version', { code: 'x', language: 'py', version: '' }, '"version" is not allowed to be empty'],
  ['code with a NUL byte', { code: 'x\0', language: 'py' }, '"code" must not contain NUL bytes'],
  ['code with an unpaired high surrogate', { code: 'x\uD800', language: 'py' }, '"code" must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)'],
  ['an input with an unpaired low surrogate', { code: 'x', language: 'py', testCases: [{ input: '\uDC00', expected: '' }] }, '"testCases[0].input" must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)'],
  ['an expected with surrogates in the wrong order', { code: 'x', language: 'py', testCases: [{ input: '', expected: '\uDE00\uD83D' }] }, '"testCases[0].expected" must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)'],
  ['stdin with an unpaired surrogate', { code: 'x', language: 'py', stdin: '\uD800' }, '"stdin" must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)'],
  ['a text file with an unpaired surrogate', { code: 'x', language: 'py', files: [{ name: 'a', content: '\uD800' }] }, '"files[0]".content must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF); send bytes as base64'],
  ['a compiler option with a NUL byte', { code: 'x', language: 'py', compilerOptions: ['-O\0'] }, '"compilerOptions[0]" must not contain NUL bytes'],
];

test('NUL is data in inputs, expected output, stdin and files; astral characters are text', (t) => {
  const request = {
    code: 'x = "😀"',
    language: 'py',
    testCases: [{ input: '\0', expected: 'a\0' }],
    stdin: '\0\0',
    files: [{ name: 'a', content: '\0é' }],
  };
  const { value, error } = executeRequestSchema(bounds).validate(request);
  t.is(error, undefined);
  t.like(value, request);
});

test('every new field at its best is accepted and kept', (t) => {
  const request = {
    code: 'x',
    language: 'c',
    version: '12',
    testCases: [{ name: 'big', input: '1', expected: '2', hidden: true, timeLimitMs: 500 }],
    args: ['--verbose', 'a;b'],
    files: [{ name: 'lib/a.h', content: '#' }, { name: 'data.bin', content: Buffer.from([1, 2]).toString('base64'), encoding: 'base64' }],
    compilerOptions: ['-O3'],
    limits: { cpuMs: 500 },
    checker: { type: 'float', absolute: 1e-6 },
    stopOnFirstFailure: true,
  };
  const { value, error } = executeRequestSchema(bounds).validate(request);
  t.is(error, undefined);
  t.deepEqual(value, { ...request, stdin: '', checker: { type: 'float', absolute: 1e-6, relative: 0 } });
});

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
  args: [],
  files: [],
  compilerOptions: [],
  limits: { cpuMs: 1_000 },
  checker: { type: 'lines' },
  stopOnFirstFailure: false,
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
  ['empty code', { ...goodPayload, code: '' }, '"code" must not be empty'],
  ['missing testCases', { ...goodPayload, testCases: undefined }, '"testCases" is required'],
  ['missing stdin', { ...goodPayload, stdin: undefined }, '"stdin" is required'],
  ['missing limits', { ...goodPayload, limits: undefined }, '"limits" is required'],
  ['missing checker', { ...goodPayload, checker: undefined }, '"checker" is required'],
  ['a file escaping the job directory', { ...goodPayload, files: [{ name: '../x', content: '' }] }, '"files[0].name" must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)'],
  ['args as a shell string', { ...goodPayload, args: 'rm -rf /' }, '"args" must be an array'],
  ['a limit of 0 (never "unlimited")', { ...goodPayload, limits: { cpuMs: 0 } }, '"limits.cpuMs" must be greater than or equal to 1'],
  ['a negative limit', { ...goodPayload, limits: { memoryMb: -1 } }, '"limits.memoryMb" must be greater than or equal to 1'],
  ['an unknown limit', { ...goodPayload, limits: { sandbox: 0 } }, '"limits.sandbox" is not allowed'],
  ['a bad submittedAt', { ...goodPayload, submittedAt: 'yesterday' }, '"submittedAt" must be in iso format'],
  ['a request id with a newline (a forged log line)', { ...goodPayload, requestId: 'a\nb' }, '"requestId" with value "a\nb" fails to match the required pattern: /^[A-Za-z0-9._:-]{1,128}$/'],
  ['a request id past 128 characters', { ...goodPayload, requestId: 'a'.repeat(129) }, `"requestId" with value "${'a'.repeat(129)}" fails to match the required pattern: /^[A-Za-z0-9._:-]{1,128}$/`],
];

test('jobPayloadSchema accepts the request id of the submitting request', (t) => {
  const payload = { ...goodPayload, requestId: 'client-7.retry:2_x' };
  t.deepEqual(jobPayloadSchema().validate(payload), { value: payload });
});

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
    ['INTERNAL_ERROR', 'CHECKER_ERROR', 'COMPILATION_ERROR', 'TIME_LIMIT', 'MEMORY_LIMIT', 'OUTPUT_LIMIT', 'RUNTIME_ERROR', 'WRONG_ANSWER', 'PRESENTATION_ERROR', 'PARTIAL', 'SKIPPED', 'ACCEPTED'],
  );
  for (const [i, worse] of VERDICTS.entries()) {
    for (const better of VERDICTS.slice(i)) {
      t.is(worstVerdict([better, worse]), worse);
      t.is(worstVerdict([worse, better]), worse);
    }
  }
});

test('numbers and booleans must be JSON numbers and booleans: no conversion from strings', (t) => {
  const schema = executeRequestSchema();
  const base = { code: 'print(1)', language: 'py' };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ limits: { wallMs: '1000' } }, '"limits.wallMs" must be a number'],
    [{ limits: { memoryMb: '64' } }, '"limits.memoryMb" must be a number'],
    [{ testCases: [{ input: '', expected: '', timeLimitMs: '500' }] }, '"testCases[0].timeLimitMs" must be a number'],
    [{ testCases: [{ input: '', expected: '', hidden: 'true' }] }, '"testCases[0].hidden" must be a boolean'],
    [{ checker: { type: 'float', absolute: '0.5' } }, '"checker.absolute" must be a number'],
    [{ stopOnFirstFailure: 'false' }, '"stopOnFirstFailure" must be a boolean'],
  ];
  for (const [fields, message] of cases) {
    t.is(schema.validate({ ...base, ...fields }, { abortEarly: true }).error?.message, message, JSON.stringify(fields));
  }
  // The same values as JSON numbers and booleans are accepted.
  const { error } = schema.validate({ ...base, limits: { wallMs: 1000 }, stopOnFirstFailure: true, checker: { type: 'float', absolute: 0.5 }, testCases: [{ input: '', expected: '', timeLimitMs: 500, hidden: true }] });
  t.is(error, undefined);
});
