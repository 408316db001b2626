/** The job rules: what a request and a payload may be, and the limits of a run and a compile. */
import test from 'ava';
import { InvalidJobError } from '../src/errors.js';
import { DEFAULT_COMPILE_LIMITS, DEFAULT_LIMITS, DEFAULT_MAXIMUMS } from '../src/limits.js';
import { resolvePack } from '../src/pack/contract.js';
import { RequestError } from '../src/request-error.js';
import { JobRules } from '../src/rules/job-rules.js';

const c = resolvePack(
  {
    id: 'c', displayName: 'C', version: 'GCC 12', aliases: ['gcc'], sourceFile: 'main.c',
    compile: ['/usr/bin/gcc', 'main.c'], run: ['./main'], compilerOptions: ['-O[0-3]'],
    limits: { cpuMs: 2_000 }, compileLimits: { memoryMb: 2_048 },
  },
  '@sentinel/lang-c',
  '/packs/c',
);
const python = resolvePack({ id: 'python', displayName: 'Python', version: '3.11', sourceFile: 'main.py', run: ['python3', 'main.py'] }, '@sentinel/lang-python', '/packs/python');
const rules = new JobRules({ packs: [c, python], maximums: { ...DEFAULT_MAXIMUMS, memoryMb: 1_500 } });

function refusal(body: unknown) {
  const error = (() => {
    try {
      rules.checkRequest(body);
    } catch (thrown) {
      return thrown;
    }
    return undefined;
  })();
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return error.toJSON();
}

test('a request is accepted, its language found by alias in any case, its defaults filled in', (t) => {
  const { pack, request } = rules.checkRequest({ code: 'int main(){}', language: 'GCC', compilerOptions: ['-O2'], limits: { cpuMs: 1_000 } });
  t.is(pack.id, 'c');
  t.like(request, { stdin: '', testCases: [], args: [], files: [], checker: { type: 'lines' }, stopOnFirstFailure: false, limits: { cpuMs: 1_000 } });
});

test('a request is refused by the schema, the language, and the pack, each with its code and field', (t) => {
  t.like(refusal({ code: '', language: 'c' }), { error: 'INVALID_REQUEST', field: 'code', message: '"code" must not be empty' });
  t.like(refusal([]), { error: 'INVALID_REQUEST', field: 'body' });
  t.deepEqual(refusal({ code: 'x', language: 'cobol' }), {
    error: 'UNKNOWN_LANGUAGE',
    field: 'language',
    message: 'unsupported language "cobol"; supported: c, python',
    supported: ['c', 'python'],
  });
  t.like(refusal({ code: 'x', language: 'c', version: '13' }), { error: 'UNSUPPORTED_VERSION', field: 'version' });
  t.like(refusal({ code: 'x', language: 'c', compilerOptions: ['-O9'] }), { error: 'COMPILER_OPTION_NOT_ALLOWED', field: 'compilerOptions[0]' });
  t.like(refusal({ code: 'x', language: 'c', limits: { cpuMs: 2_001 } }), { error: 'LIMIT_TOO_HIGH', field: 'limits.cpuMs', maximum: 2_000 });
  t.like(refusal({ code: 'x', language: 'c', testCases: [{ input: '', expected: '', timeLimitMs: 1e6 }] }), { error: 'LIMIT_TOO_HIGH', field: 'testCases[0].timeLimitMs' });
});

const payload = {
  id: '1b4e28ba-2fa1-4d2b-883f-0016d3cca427',
  language: 'c',
  code: 'int main(){}',
  testCases: [],
  stdin: '',
  args: [],
  files: [],
  compilerOptions: [],
  limits: {},
  checker: { type: 'lines' },
  stopOnFirstFailure: false,
  submittedAt: '2026-01-01T00:00:00.000Z',
};

test('a payload is accepted as it is', (t) => {
  t.deepEqual(rules.checkPayload(c, payload), payload);
});

test('a forged payload is an InvalidJobError naming the field', (t) => {
  t.throws(() => rules.checkPayload(c, { ...payload, stdin: undefined }), { instanceOf: InvalidJobError, message: 'invalid job payload: stdin: "stdin" is required' });
  t.throws(() => rules.checkPayload(c, { ...payload, extra: 1 }), { instanceOf: InvalidJobError, message: /^invalid job payload: extra: / });
  t.throws(() => rules.checkPayload(python, payload), { instanceOf: InvalidJobError, message: 'invalid job payload: language: "c" sent to the python queue' });
  t.throws(() => rules.checkPayload(c, { ...payload, limits: { cpuMs: 2_001 } }), { instanceOf: InvalidJobError, message: /^invalid job payload: limits\.cpuMs: / });
  t.throws(() => rules.checkPayload(c, { ...payload, limits: { cpuMs: '1' } }), { instanceOf: InvalidJobError, message: 'invalid job payload: limits.cpuMs: "limits.cpuMs" must be a number' });
});

test('run limits: a request only lowers the pack, which the operator maximum caps', (t) => {
  t.deepEqual(rules.runLimits(c), { ...DEFAULT_LIMITS, cpuMs: 2_000 });
  t.deepEqual(rules.runLimits(c, { cpuMs: 500, wallMs: 1e9 }), { ...DEFAULT_LIMITS, cpuMs: 500 });
  t.deepEqual(rules.ceiling(python), DEFAULT_LIMITS);
});

test('compile limits: the compile defaults, the pack override, the operator maximum', (t) => {
  t.deepEqual(rules.compileLimits(python), DEFAULT_COMPILE_LIMITS);
  t.is(rules.compileLimits(c).memoryMb, 1_500);
  const fromConfig = JobRules.fromConfig(
    { MAX_CODE_BYTES: 10, MAX_TEST_CASES: 1, MAX_CASE_BYTES: 1, MAX_FILES: 0, MAX_FILE_BYTES: 1, SENTINEL_MAX_WALL_MS: 20_000, SENTINEL_MAX_CPU_MS: 15_000, SENTINEL_MAX_MEMORY_MB: 1_024, SENTINEL_MAX_PROCESSES: 256, SENTINEL_MAX_OUTPUT_KB: 8_192, SENTINEL_MAX_FILE_KB: 65_536, SENTINEL_COMPILE_WALL_MS: 9_000 },
    [python],
  );
  t.is(fromConfig.compileLimits(python).wallMs, 9_000);
  t.is(fromConfig.bounds.maxCodeBytes, 10);
  t.throws(() => fromConfig.checkRequest({ code: 'x'.repeat(11), language: 'python' }), { instanceOf: RequestError, message: '"code" must be at most 10 bytes' });
});

test('an interactive request: its wall clock may go up to the session bound, not the language\'s; other limits as any request', (t) => {
  const absent = rules.checkInteractiveRequest({ code: 'print(input())', language: 'python' }, 60_000);
  t.is(absent.wallMs, 60_000);
  const lowered = rules.checkInteractiveRequest({ code: 'print(input())', language: 'python', limits: { wallMs: 30_000, cpuMs: 1_000 } }, 60_000);
  t.is(lowered.wallMs, 30_000);
  t.deepEqual(lowered.request.limits, { cpuMs: 1_000 }); // the payload's limits stay under the language's ceiling
  const error = t.throws(() => rules.checkInteractiveRequest({ code: 'x', language: 'python', limits: { wallMs: 60_001 } }, 60_000), { instanceOf: RequestError });
  t.like(error?.toJSON(), {
    error: 'LIMIT_TOO_HIGH',
    field: 'limits.wallMs',
    message: '"limits.wallMs" is 60001, above an interactive session\'s maximum of 60000 (INTERACTIVE_WALL_MS); a request may only lower limits',
  });
  t.like(t.throws(() => rules.checkInteractiveRequest({ code: 'x', language: 'python', limits: { wallMs: '5' } }, 60_000))?.toJSON() as object, { field: 'limits.wallMs' });
  t.like(t.throws(() => rules.checkInteractiveRequest({ code: 'x', language: 'python', stdin: '1' }, 60_000))?.toJSON() as object, { field: 'stdin' });
});
