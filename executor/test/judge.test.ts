/**
 * judge() with the real sandbox and the real packs: compile once, test runs, verdicts, progress.
 * Request options (args, files, compiler options, hidden tests, ...) are in judge-options.test.ts.
 */
import test from 'ava';
import { bundledPacks, TEST_LIMITS } from './helpers.js';
import { judgeWith, visible } from './judge-helpers.js';

const seedCases = [{ input: '5', expected: '10' }, { input: '100', expected: '200' }];

test('python: the seed example passes both test cases and reports progress up to 100', async (t) => {
  const { python } = await bundledPacks();
  const { result, progress } = await judgeWith(t, python, { code: 'n = int(input())\nprint(n * 2)', testCases: seedCases });
  t.is(result.verdict, 'ACCEPTED');
  t.is(result.passed, 2);
  t.deepEqual(visible(result).map((c) => [c.actualOutput, c.passed]), [['10\n', true], ['200\n', true]]);
  t.deepEqual(progress, [10, 55, 100]);
  t.true(result.executionTime >= result.testCases[0]!.executionTime);
  t.is(result.compile, undefined, 'an interpreted language has no compile step');
});

test('C++: 20 test cases, one compile (counted), and the compile step in the result', async (t) => {
  const { cpp } = await bundledPacks();
  const code = '#include <iostream>\nint main() { long n; std::cin >> n; std::cout << n * n << "\\n"; }\n';
  const testCases = Array.from({ length: 20 }, (_, i) => ({ input: String(i), expected: String(i * i) }));
  const { result, recording } = await judgeWith(t, cpp, { code, testCases });
  t.is(result.verdict, 'ACCEPTED', JSON.stringify(result).slice(0, 500));
  t.is(result.passed, 20);
  t.is(recording.runs.filter((run) => run.argv[0] === '/usr/bin/g++').length, 1, 'one compiler run');
  t.is(recording.runs.filter((run) => run.argv[0] === './main').length, 20, 'one run per test');
  t.like(result.compile, { success: true, output: '' });
  t.true(result.compile!.timeMs > 0);
});

test('a compile error is COMPILATION_ERROR with the compiler output, and no test runs', async (t) => {
  const { c } = await bundledPacks();
  const { result, recording } = await judgeWith(t, c, { code: 'int main(void) { return missing; }\n', testCases: seedCases });
  t.is(result.verdict, 'COMPILATION_ERROR');
  t.regex(result.error, /.missing. undeclared/);
  t.like(result.compile, { success: false });
  t.is(result.compile!.output, result.error);
  t.deepEqual(result.testCases.map((tc) => [tc.verdict, tc.passed]), [['COMPILATION_ERROR', false], ['COMPILATION_ERROR', false]]);
  t.is(recording.runs.length, 1);
});

test('javascript: wrong output is WRONG_ANSWER; a throw is RUNTIME_ERROR with exit code and stderr', async (t) => {
  const { javascript } = await bundledPacks();
  const wrong = await judgeWith(t, javascript, { code: 'console.log(Number(require("fs").readFileSync(0, "utf8")) * 3)', testCases: seedCases });
  t.is(wrong.result.verdict, 'WRONG_ANSWER');
  t.deepEqual(visible(wrong.result).map((c) => [c.actualOutput, c.passed, c.verdict]), [['15\n', false, 'WRONG_ANSWER'], ['300\n', false, 'WRONG_ANSWER']]);
  const crash = await judgeWith(t, javascript, { code: 'throw new Error("boom")', testCases: seedCases.slice(0, 1) });
  t.is(crash.result.verdict, 'RUNTIME_ERROR');
  t.like(crash.result.testCases[0], { exitCode: 1, signal: null });
  t.regex(visible(crash.result)[0]!.stderr, /Error: boom/);
});

test('a crash by signal is RUNTIME_ERROR naming the signal', async (t) => {
  const { c } = await bundledPacks();
  const { result } = await judgeWith(t, c, { code: '#include <stdlib.h>\nint main(void) { abort(); }\n', testCases: seedCases.slice(0, 1) });
  t.like(result.testCases[0], { verdict: 'RUNTIME_ERROR', exitCode: null, signal: 'SIGABRT' });
});

test('without test cases, one run with stdin: its stdout is the job output, with its measures', async (t) => {
  const { python } = await bundledPacks();
  const { result } = await judgeWith(t, python, { code: 'import sys\nprint(sys.stdin.read().upper(), end="")', stdin: 'hi\n' });
  t.like(result, { output: 'HI\n', error: '', verdict: 'ACCEPTED', total: 0, testCases: [], exitCode: 0, signal: null, limitExceeded: null, outputTruncated: false });
  t.true(result.cpuTimeMs! >= 0 && result.memoryKb! > 0);
});

test('an endless loop is TIME_LIMIT and the job goes on to the next test', async (t) => {
  const { python } = await bundledPacks();
  const { result } = await judgeWith(t, python, { code: 'n = int(input())\nwhile n < 0: pass\nprint(n * 2)', testCases: [{ input: '-1', expected: '' }, { input: '2', expected: '4' }] }, { ...TEST_LIMITS, cpuMs: 500 });
  t.deepEqual(result.testCases.map((c) => [c.verdict, c.limitExceeded]), [['TIME_LIMIT', 'cpu'], ['ACCEPTED', null]]);
  t.is(result.verdict, 'TIME_LIMIT');
});

test('the job verdict is its worst test by VERDICT_PRIORITY', async (t) => {
  const { python } = await bundledPacks();
  const code = 'import sys\nn = int(input())\nif n == 1: print("wrong")\nelif n == 2: sys.exit(3)\nelif n == 3: print("x" * 100000)\nelse: print(n)';
  const testCases = [0, 1, 2, 3].map((n) => ({ input: String(n), expected: String(n) }));
  const { result } = await judgeWith(t, python, { code, testCases }, { ...TEST_LIMITS, outputKb: 16 });
  t.deepEqual(result.testCases.map((c) => c.verdict), ['ACCEPTED', 'WRONG_ANSWER', 'RUNTIME_ERROR', 'OUTPUT_LIMIT']);
  t.is(result.verdict, 'OUTPUT_LIMIT'); // OUTPUT_LIMIT > RUNTIME_ERROR > WRONG_ANSWER
  t.is(result.passed, 1);
  t.is(result.total, 4);
});
