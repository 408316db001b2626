import test from 'ava';
import { randomUUID } from 'node:crypto';
import type { JobPayload, ResolvedPack, TestCaseInput } from '@sentinel/core';
import { judge } from '../src/judge.js';
import { bundledPacks, realSandbox, RecordingSandbox, TEST_LIMITS, testCPack } from './helpers.js';

function payload(pack: ResolvedPack, code: string, testCases: TestCaseInput[] = [], stdin = ''): JobPayload {
  return { id: randomUUID(), language: pack.id, code, testCases, stdin, limits: {}, submittedAt: new Date().toISOString() };
}

const seedCases = [{ input: '5', expected: '10' }, { input: '100', expected: '200' }];

test('python: the seed example passes both test cases and reports progress up to 100', async (t) => {
  const { python } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const progress: number[] = [];
  const result = await judge(payload(python, 'n = int(input())\nprint(n * 2)', seedCases), python, {
    sandbox, workspaces, runLimits: TEST_LIMITS, compileLimits: TEST_LIMITS, onProgress: (p) => void progress.push(p),
  });
  t.is(result.verdict, 'ACCEPTED');
  t.is(result.passed, 2);
  t.deepEqual(result.testCases.map((c) => [c.actualOutput, c.passed]), [['10\n', true], ['200\n', true]]);
  t.deepEqual(progress, [10, 55, 100]);
  t.true(result.executionTime >= result.testCases[0]!.executionTime);
});

test('javascript: wrong output is passed false with WRONG_ANSWER; a throw is RUNTIME_ERROR', async (t) => {
  const { javascript } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const context = { sandbox, workspaces, runLimits: TEST_LIMITS, compileLimits: TEST_LIMITS };
  const wrong = await judge(payload(javascript, 'console.log(Number(require("fs").readFileSync(0, "utf8")) * 3)', seedCases), javascript, context);
  t.is(wrong.verdict, 'WRONG_ANSWER');
  t.deepEqual(wrong.testCases.map((c) => [c.actualOutput, c.passed, c.verdict]), [['15\n', false, 'WRONG_ANSWER'], ['300\n', false, 'WRONG_ANSWER']]);
  const crash = await judge(payload(javascript, 'throw new Error("boom")', seedCases.slice(0, 1)), javascript, context);
  t.is(crash.verdict, 'RUNTIME_ERROR');
  t.is(crash.testCases[0]!.exitCode, 1);
  t.regex(crash.testCases[0]!.stderr, /Error: boom/);
});

test('trailing whitespace, CRLF and trailing blank lines do not fail a test; other differences do', async (t) => {
  const { python } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const result = await judge(
    payload(python, 'print(input() + "  \\r")\nprint()\nprint()', [{ input: 'a b', expected: 'a b' }, { input: 'a b', expected: 'a  b' }]),
    python,
    { sandbox, workspaces, runLimits: TEST_LIMITS, compileLimits: TEST_LIMITS },
  );
  t.deepEqual(result.testCases.map((c) => c.passed), [true, false]);
});

test('without test cases, one run with stdin: its stdout is the job output', async (t) => {
  const { python } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const result = await judge(payload(python, 'import sys\nprint(sys.stdin.read().upper(), end="")', [], 'hi\n'), python, {
    sandbox, workspaces, runLimits: TEST_LIMITS, compileLimits: TEST_LIMITS,
  });
  t.like(result, { output: 'HI\n', error: '', verdict: 'ACCEPTED', total: 0, testCases: [] });
});

test('an endless loop is TIME_LIMIT and the job goes on to the next test', async (t) => {
  const { python } = await bundledPacks();
  const { sandbox, workspaces } = await realSandbox(t);
  const result = await judge(payload(python, 'n = int(input())\nwhile n < 0: pass\nprint(n * 2)', [{ input: '-1', expected: '' }, { input: '2', expected: '4' }]), python, {
    sandbox, workspaces, runLimits: { ...TEST_LIMITS, wallMs: 500 }, compileLimits: TEST_LIMITS,
  });
  t.deepEqual(result.testCases.map((c) => c.verdict), ['TIME_LIMIT', 'ACCEPTED']);
  t.is(result.verdict, 'TIME_LIMIT');
});

test('a compiled language compiles exactly once for all of its test cases', async (t) => {
  const c = await testCPack();
  const { sandbox, workspaces } = await realSandbox(t);
  const recording = new RecordingSandbox(sandbox);
  const code = '#include <stdio.h>\nint main(void) { long n; scanf("%ld", &n); printf("%ld\\n", n * 2); return 0; }\n';
  const cases = Array.from({ length: 5 }, (_, i) => ({ input: String(i), expected: String(i * 2) }));
  const result = await judge(payload(c, code, cases), c, { sandbox: recording, workspaces, runLimits: TEST_LIMITS, compileLimits: TEST_LIMITS });
  t.is(result.verdict, 'ACCEPTED', JSON.stringify(result));
  t.is(recording.runs.filter((run) => run.argv[0] === '/usr/bin/gcc').length, 1);
  t.is(recording.runs.filter((run) => run.argv[0] === './main').length, 5);
});

test('a compile error is COMPILATION_ERROR with the compiler output, and no test runs', async (t) => {
  const c = await testCPack();
  const { sandbox, workspaces } = await realSandbox(t);
  const recording = new RecordingSandbox(sandbox);
  const result = await judge(payload(c, 'int main(void) { return missing; }\n', seedCases), c, { sandbox: recording, workspaces, runLimits: TEST_LIMITS, compileLimits: TEST_LIMITS });
  t.is(result.verdict, 'COMPILATION_ERROR');
  t.regex(result.error, /'missing' undeclared/);
  t.deepEqual(result.testCases.map((tc) => [tc.verdict, tc.passed]), [['COMPILATION_ERROR', false], ['COMPILATION_ERROR', false]]);
  t.is(recording.runs.length, 1);
});
