/**
 * The stored result's total bound (issue 14: one job stored 33.5 MB in Redis). Worst cases of
 * every text a result echoes, in the characters that cost most as JSON, must fit the bound.
 */
import test from 'ava';
import type { CompileResult, HiddenTestCaseResult, JobResult, VisibleTestCaseResult } from '@sentinel/core';
import { readExecutorConfig } from '../src/config.js';
import { cutJsonText, jsonTextBytes } from '../src/json-text.js';
import { PROGRESS_TEST_BYTES, progressDetail } from '../src/executor.js';
import { boundResult, JOB_FRAME_BYTES, minimumResultBytes, TEST_FRAME_BYTES, waterLevel } from '../src/result-budget.js';

const MiB = 1024 * 1024;
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Texts that cost the most per character as JSON, and ordinary ones. */
const EXPENSIVE = {
  nul: '\u0000',
  quote: '"',
  loneSurrogate: '\ud800',
  astral: '\u{1F600}',
  cjk: '\u4e2d',
  ascii: 'x',
};

function visible(fields: Partial<VisibleTestCaseResult> = {}): VisibleTestCaseResult {
  return {
    name: '\u0001'.repeat(128),
    group: '\u0001'.repeat(64),
    passed: false,
    points: 999_999.999999999,
    score: 123_456.789012345,
    executionTime: 2 ** 31,
    verdict: 'PRESENTATION_ERROR',
    checkerMessage: '',
    interactor: { exitCode: -(2 ** 31), signal: 'SIGRTMIN+15', executionTime: 2 ** 31, cpuTimeMs: 2 ** 31, memoryKb: 2 ** 40, limitExceeded: 'processes' },
    exitCode: -(2 ** 31),
    signal: 'SIGRTMIN+15',
    cpuTimeMs: 2 ** 31,
    memoryKb: 2 ** 40,
    limitExceeded: 'processes',
    input: '',
    expected: '',
    actualOutput: '',
    stderr: '',
    outputTruncated: true,
    stderrTruncated: true,
    outputNotUtf8: false,
    inputTruncated: false,
    expectedTruncated: false,
    ...fields,
  };
}

function job(testCases: JobResult['testCases'], fields: Partial<JobResult> = {}): JobResult {
  return { output: '', error: '', executionTime: 2 ** 31, verdict: 'COMPILATION_ERROR', passed: 0, total: testCases.length, score: 0, maxScore: 0, testCases, ...fields };
}

test('jsonTextBytes is what JSON.stringify writes, without the quotes', (t) => {
  t.is(jsonTextBytes('abc'), 3);
  t.is(jsonTextBytes('\u0000'), 6);
  t.is(jsonTextBytes('\n"\\'), 6);
  t.is(jsonTextBytes('\ud800'), 6);
  t.is(jsonTextBytes('\u{1F600}'), 4);
  t.is(jsonTextBytes('\u4e2d'), 3);
  // Every character class, mixed, against JSON.stringify itself.
  const all = Array.from({ length: 0x110 }, (_, code) => String.fromCharCode(code)).join('') + '\u07ff\u0800\u2028\ud7ff\ud800x\udc00\ud83d\ude00\uffff\ud800';
  for (let start = 0; start < all.length; start += 7) {
    const text = all.slice(start) + all.slice(0, start);
    t.is(jsonTextBytes(text), Buffer.byteLength(JSON.stringify(text)) - 2);
  }
});

test('cutJsonText keeps the longest start that fits, never half a surrogate pair', (t) => {
  for (const [kind, unit] of Object.entries(EXPENSIVE)) {
    const text = `a${unit.repeat(50)}\u{1F600}${unit.repeat(50)}`;
    for (let max = 0; max < jsonTextBytes(text); max += 1) {
      const { text: cut, cut: wasCut } = cutJsonText(text, max);
      t.true(wasCut);
      t.true(jsonTextBytes(cut) <= max, `${kind} ${max}`);
      t.true(text.startsWith(cut));
      t.false(/[\ud800-\udbff]$/.test(cut) && text.charCodeAt(cut.length) >= 0xdc00 && text.charCodeAt(cut.length) <= 0xdfff, `${kind} ${max}: split pair`);
      // Maximal: one more character would not fit.
      const next = text.codePointAt(cut.length)! > 0xffff ? 2 : 1;
      t.true(jsonTextBytes(text.slice(0, cut.length + next)) > max, `${kind} ${max}: not maximal`);
    }
    t.deepEqual(cutJsonText(text, jsonTextBytes(text)), { text, cut: false });
  }
});

test('waterLevel: what fits stays whole, the longest are cut to one common length', (t) => {
  t.is(waterLevel([1, 2, 3], 6), Number.MAX_SAFE_INTEGER);
  t.is(waterLevel([10, 10, 10], 12), 4);
  t.is(waterLevel([1, 100, 100], 51), 25);
  t.is(waterLevel([1, 2, 100], 102), 99);
  t.is(waterLevel([5, 5], 0), 0);
  t.is(waterLevel([], 10), Number.MAX_SAFE_INTEGER);
});

test('the frame constants hold: a test result without its texts, and a job without its tests', (t) => {
  // A test's share of the job's groups: its group's entry when the group has only it.
  const share = jsonBytes({ group: '\u0001'.repeat(64), points: 999_999.999999999, score: 123_456.789012345, passed: false, tests: [99] }) + 1;
  t.true(jsonBytes(visible()) + share <= TEST_FRAME_BYTES, String(jsonBytes(visible()) + share));
  const hidden: HiddenTestCaseResult = { ...visible(), hidden: true } as unknown as HiddenTestCaseResult;
  t.true(jsonBytes(hidden) <= TEST_FRAME_BYTES);
  const compile: CompileResult = { output: '', timeMs: 2 ** 31, success: false };
  const frame = job([], { compile, checkerCompile: compile, score: 123_456_789.0123456, maxScore: 100_000_000, groups: [], exitCode: -(2 ** 31), signal: 'SIGRTMIN+15', cpuTimeMs: 2 ** 31, memoryKb: 2 ** 40, limitExceeded: 'processes', outputTruncated: true, stderrTruncated: true, outputNotUtf8: true });
  t.true(jsonBytes(frame) <= JOB_FRAME_BYTES, String(jsonBytes(frame)));
  t.log(`frames: test ${jsonBytes(visible())} B (bound ${TEST_FRAME_BYTES}), job ${jsonBytes(frame)} B (bound ${JOB_FRAME_BYTES})`);
});

test('a result within the bound is stored as it is', (t) => {
  const result = job([visible({ input: '5', expected: '10', actualOutput: '10\n' })]);
  t.is(boundResult(result, 4 * MiB), result);
});

test('worst case: 100 tests with all a 16 MiB request can echo, 64 KiB outputs, in the costliest characters, fit 4 MiB', (t) => {
  for (const [kind, unit] of Object.entries(EXPENSIVE)) {
    // A request's JSON writes each character at least as long as the stored JSON does: 16 MiB of
    // body is at most 80 KiB of JSON text per input and per expected over 100 tests.
    const echo = unit.repeat(Math.floor((80 * 1024) / jsonTextBytes(unit)));
    // Each output is first cut at SENTINEL_RESULT_OUTPUT_KB (64) of UTF-8.
    const output = unit.repeat(Math.floor((64 * 1024) / Buffer.byteLength(unit)));
    const tests = Array.from({ length: 100 }, () => visible({ input: echo, expected: echo, actualOutput: output, stderr: output, outputTruncated: false, stderrTruncated: false }));
    const compile = { output, timeMs: 1, success: true };
    const started = performance.now();
    const bounded = boundResult(job(tests, { compile }), 4 * MiB);
    const ms = performance.now() - started;
    const size = jsonBytes(bounded);
    t.log(`${kind}: ${size} bytes stored (unbounded ${jsonBytes(job(tests, { compile }))}), bounded in ${ms.toFixed(0)} ms`);
    t.true(size <= 4 * MiB, `${kind}: ${size}`);
    t.true(size > 3.9 * MiB, `${kind}: the room is used (${size})`);
    const first = bounded.testCases[0] as VisibleTestCaseResult;
    t.true(first.outputTruncated && first.stderrTruncated, kind);
    // One common length: the longest texts of a test get the same share.
    t.true(Math.abs(jsonTextBytes(first.input) - jsonTextBytes(first.actualOutput)) <= 6 || !first.inputTruncated, kind);
    t.true(jsonTextBytes(first.actualOutput) > 8_000, `${kind}: each text keeps about 4 MiB / 401 (${jsonTextBytes(first.actualOutput)})`);
  }
});

test('the issue 14 job: 100 tests of 85 KB input, 70 KB expected, 70 KB of stdout and of stderr, fit 4 MiB', (t) => {
  const tests = Array.from({ length: 100 }, () => visible({ input: 'i'.repeat(85_000), expected: 'x'.repeat(70_000), actualOutput: 'o'.repeat(64 * 1024), stderr: 'e'.repeat(64 * 1024), outputTruncated: true, stderrTruncated: true }));
  const bounded = boundResult(job(tests), 4 * MiB);
  t.true(jsonBytes(bounded) <= 4 * MiB);
  t.like(bounded.testCases[99], { inputTruncated: true, expectedTruncated: true, outputTruncated: true, stderrTruncated: true });
});

test('short texts stay whole while long ones are cut; hidden tests and flags are kept', (t) => {
  const tests = [
    visible({ input: '5', expected: '10', actualOutput: '10\n' }),
    visible({ input: 'i'.repeat(MiB), expected: '1', actualOutput: 'o'.repeat(60_000) }),
    { ...visible(), hidden: true } as unknown as HiddenTestCaseResult,
  ];
  const bounded = boundResult(job(tests), 128 * 1024);
  t.true(jsonBytes(bounded) <= 128 * 1024);
  const [small, large, hidden] = bounded.testCases as [VisibleTestCaseResult, VisibleTestCaseResult, HiddenTestCaseResult];
  t.like(small, { input: '5', expected: '10', actualOutput: '10\n', inputTruncated: false, expectedTruncated: false });
  t.like(large, { expected: '1', inputTruncated: true, expectedTruncated: false, outputTruncated: true });
  t.true(hidden.hidden);
  // The original is untouched.
  t.is((tests[1] as VisibleTestCaseResult).input.length, MiB);
});

test('a job without tests: its output and error are cut and flagged', (t) => {
  const result = job([], { output: '\u0000'.repeat(2 * MiB), error: 'e'.repeat(MiB), exitCode: 0, signal: null, cpuTimeMs: 1, memoryKb: 1, limitExceeded: null, outputTruncated: false, stderrTruncated: false, outputNotUtf8: false });
  const bounded = boundResult(result, MiB);
  t.true(jsonBytes(bounded) <= MiB);
  t.like(bounded, { outputTruncated: true, stderrTruncated: true });
  t.true(bounded.output.length > 80_000 && bounded.error.length > 400_000);
});

test('a compile error: the compiler output, twice (error and compile.output), fits', (t) => {
  const output = '"'.repeat(64 * 1024);
  const result = job([], { error: output, compile: { output, timeMs: 1, success: false } });
  const bounded = boundResult(result, 64 * 1024);
  t.true(jsonBytes(bounded) <= 64 * 1024);
  t.is(bounded.error, bounded.compile!.output);
  t.is(result.compile!.output, output, 'the original is untouched');
});

test('SENTINEL_RESULT_MAX_KB: 4 MiB by default; too small for MAX_TEST_CASES is a boot error naming it', (t) => {
  t.is(readExecutorConfig({}).SENTINEL_RESULT_MAX_KB, 4_096);
  t.is(minimumResultBytes(100), 2 * (JOB_FRAME_BYTES + 100 * TEST_FRAME_BYTES));
  const least = Math.ceil(minimumResultBytes(100) / 1024);
  t.is(least, 602);
  t.is(readExecutorConfig({ SENTINEL_RESULT_MAX_KB: String(least) }).SENTINEL_RESULT_MAX_KB, least);
  t.throws(() => readExecutorConfig({ SENTINEL_RESULT_MAX_KB: String(least - 1) }), {
    message: `invalid configuration: SENTINEL_RESULT_MAX_KB: ${least - 1} is too small for MAX_TEST_CASES=100: a result of that many tests needs at least ${least} KiB`,
  });
  t.throws(() => readExecutorConfig({ SENTINEL_RESULT_MAX_KB: 'lots' }), { message: /SENTINEL_RESULT_MAX_KB/ });
  t.is(readExecutorConfig({ SENTINEL_RESULT_MAX_KB: '16', MAX_TEST_CASES: '1' }).SENTINEL_RESULT_MAX_KB, 16);
});

test('a finished test in a progress event: whole when small; else cut to PROGRESS_TEST_BYTES with the flags, the short texts whole', (t) => {
  const small = visible({ actualOutput: 'ok', outputTruncated: false, stderrTruncated: false });
  t.deepEqual(progressDetail({ index: 3, result: small }), { ...small, index: 3 });
  const large = visible({ input: '5', actualOutput: 'x'.repeat(MiB), stderr: '\u4e2d'.repeat(MiB), outputTruncated: false, stderrTruncated: false });
  const detail = progressDetail({ index: 0, result: large }) as VisibleTestCaseResult & { index: number };
  t.true(jsonBytes(detail) <= PROGRESS_TEST_BYTES + jsonBytes({ index: 0 }), `${jsonBytes(detail)} bytes`);
  t.like(detail, { index: 0, input: '5', inputTruncated: false, outputTruncated: true, stderrTruncated: true });
  t.true(detail.actualOutput.length > 4_000 && large.actualOutput.startsWith(detail.actualOutput));
  const hidden: HiddenTestCaseResult = { hidden: true, passed: true, executionTime: 1, verdict: 'ACCEPTED' } as HiddenTestCaseResult;
  t.deepEqual(progressDetail({ index: 1, result: hidden }), { ...hidden, index: 1 });
});
