/**
 * Request options through judge() with the real sandbox: args, extra files, compiler options,
 * checkers, hidden tests, stopOnFirstFailure, per-test time limits, and output truncation.
 */
import test from 'ava';
import type { HiddenTestCaseResult } from '@sentinel/core';
import { bundledPacks, TEST_LIMITS } from './helpers.js';
import { judgeWith, visible } from './judge-helpers.js';

test('args reach the program as argv words, shell syntax and newlines included', async (t) => {
  const { python } = await bundledPacks();
  const args = ['a;b', '$(id)', '`id`', 'new\nline', '', '--flag'];
  const { result } = await judgeWith(t, python, { code: 'import sys, json\nprint(json.dumps(sys.argv[1:]))', args });
  t.deepEqual(JSON.parse(result.output), args);
});

test('extra files are written beside the source: text, base64 bytes and nested folders', async (t) => {
  const { python } = await bundledPacks();
  const files = [
    { name: 'data.txt', content: 'hello\n' },
    { name: 'blob.bin', content: Buffer.from([0, 1, 2, 255]).toString('base64'), encoding: 'base64' as const },
    { name: 'lib/util.py', content: 'def twice(n):\n    return 2 * n\n' },
  ];
  const code = 'from lib.util import twice\nprint(open("data.txt").read().strip(), list(open("blob.bin", "rb").read()), twice(21))';
  const { result } = await judgeWith(t, python, { code, files });
  t.is(result.output, 'hello [0, 1, 2, 255] 42\n', result.error);
});

test('compiler options are appended to the compile command', async (t) => {
  const { c } = await bundledPacks();
  const code = '#include <stdio.h>\nint main(void) { printf("%d %ld\\n", ANSWER, __STDC_VERSION__); }\n';
  const { result, recording } = await judgeWith(t, c, { code, compilerOptions: ['-DANSWER=42', '-std=c11', '-O0'] });
  t.is(result.output, '42 201112\n', result.error);
  t.deepEqual(recording.runs[0]!.argv.slice(-3), ['-DANSWER=42', '-std=c11', '-O0']);
});

test('checkers: tokens ignores the amount of whitespace, float compares within epsilon, exact is byte-exact', async (t) => {
  const { python } = await bundledPacks();
  const code = 'print(" 1   2\\t3 ")\nprint(0.1 + 0.2)';
  const expected = '1 2 3\n0.3';
  const testCases = [{ input: '', expected }];
  const lines = await judgeWith(t, python, { code, testCases });
  const tokens = await judgeWith(t, python, { code, testCases, checker: { type: 'tokens' } });
  const float = await judgeWith(t, python, { code, testCases, checker: { type: 'float', absolute: 1e-9, relative: 0 } });
  const tight = await judgeWith(t, python, { code, testCases, checker: { type: 'float', absolute: 1e-18, relative: 0 } });
  const exact = await judgeWith(t, python, { code: 'print("a")', testCases: [{ input: '', expected: 'a' }], checker: { type: 'exact' } });
  t.is(lines.result.verdict, 'WRONG_ANSWER');
  t.is(tokens.result.verdict, 'WRONG_ANSWER', '0.30000000000000004 is not the token 0.3');
  t.is(float.result.verdict, 'ACCEPTED');
  t.is(tight.result.verdict, 'WRONG_ANSWER');
  t.is(exact.result.verdict, 'WRONG_ANSWER', 'the final newline counts under exact');
});

test('hidden tests echo nothing of their input, expected or output', async (t) => {
  const { python } = await bundledPacks();
  const secret = 'SECRET-INPUT-31337';
  const testCases = [
    { name: 'sample', input: '1', expected: '1' },
    { name: 'secret', input: secret, expected: 'SECRET-ANSWER', hidden: true },
  ];
  const { result } = await judgeWith(t, python, { code: 'import sys\nprint(input())\nprint("STDERR-" + sys.argv[0], file=sys.stderr)', testCases });
  const hidden = result.testCases[1] as HiddenTestCaseResult;
  t.deepEqual(Object.keys(hidden).sort(), ['cpuTimeMs', 'executionTime', 'exitCode', 'hidden', 'limitExceeded', 'memoryKb', 'name', 'passed', 'points', 'score', 'signal', 'verdict']);
  t.like(hidden, { name: 'secret', hidden: true, verdict: 'WRONG_ANSWER', passed: false });
  t.false(JSON.stringify(result).includes('SECRET'));
  t.like(result.testCases[0], { name: 'sample', input: '1', actualOutput: '1\n' });
});

test('stopOnFirstFailure: tests after the first failure are SKIPPED and not run', async (t) => {
  const { python } = await bundledPacks();
  const testCases = ['1', '2', '3', '4'].map((n) => ({ input: n, expected: n === '2' ? 'two' : n }));
  const { result, recording } = await judgeWith(t, python, { code: 'print(input())', testCases, stopOnFirstFailure: true });
  t.deepEqual(result.testCases.map((c) => c.verdict), ['ACCEPTED', 'WRONG_ANSWER', 'SKIPPED', 'SKIPPED']);
  t.is(result.verdict, 'WRONG_ANSWER');
  t.is(recording.runs.length, 2);
  t.like(result.testCases[2], { passed: false, executionTime: 0, cpuTimeMs: null, actualOutput: '' });
});

test("a test's timeLimitMs lowers its CPU limit only for that test", async (t) => {
  const { python } = await bundledPacks();
  const code = 'import time\nn = int(input())\nend = time.process_time() + n / 1000\nwhile time.process_time() < end: pass\nprint(n)';
  const testCases = [
    { input: '600', expected: '600', timeLimitMs: 300 },
    { input: '600', expected: '600' },
  ];
  const { result } = await judgeWith(t, python, { code, testCases }, { ...TEST_LIMITS, cpuMs: 2_000 });
  t.deepEqual(result.testCases.map((c) => [c.verdict, c.limitExceeded]), [['TIME_LIMIT', 'cpu'], ['ACCEPTED', null]]);
  t.true(result.testCases[0]!.cpuTimeMs! >= 300 && result.testCases[0]!.cpuTimeMs! < 600);
});

test('output past the stored-result cap is cut and flagged; the comparison still sees all of it', async (t) => {
  const { python } = await bundledPacks();
  const long = 'y'.repeat(5_000);
  const { result } = await judgeWith(t, python, { code: `print("${long}")\nimport sys\nprint("e" * 3000, file=sys.stderr)`, testCases: [{ input: '', expected: long }] });
  const [run] = visible(result);
  t.is(run!.verdict, 'ACCEPTED');
  t.is(run!.actualOutput.length, 1024);
  t.true(run!.outputTruncated);
  t.true(run!.stderrTruncated);
  t.is(run!.stderr.length, 1024);
});

test('stdin is a regular file: /dev/stdin opens by name and its size is known', async (t) => {
  const { javascript, bash } = await bundledPacks();
  const input = 'line one\nline two\n';
  const js = await judgeWith(t, javascript, { code: 'const fs = require("fs"); process.stdout.write(fs.readFileSync("/dev/stdin", "utf8") + fs.fstatSync(0).size)', stdin: input });
  t.is(js.result.output, `${input}${Buffer.byteLength(input)}`, js.result.error);
  const sh = await judgeWith(t, bash, { code: 'cat /dev/stdin', testCases: [{ input, expected: input }] });
  t.is(sh.result.verdict, 'ACCEPTED');
});
