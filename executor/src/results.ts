/**
 * The result shapes of a test (visible or hidden), a skipped test, the single run of a job without
 * tests, and the compile step. Verdicts come from verdict.ts.
 */
import { DEFAULT_POINTS, type CompileResult, type ExceededLimit, type InteractorMeasures, type JobResult, type RunMeasures, type TestCaseResult, type TestCaseSpec, type Verdict } from '@sentinel/core';
import { isUtf8 } from 'node:buffer';
import type { RunOutcome } from './sandbox/types.js';
import { runVerdict, succeeded } from './verdict.js';

/** Compiler output kept in the result. */
export const COMPILE_OUTPUT_BYTES = 64 * 1024;

function measures(outcome: RunOutcome): RunMeasures {
  return { cpuTimeMs: outcome.cpuMs, memoryKb: outcome.memoryKb, limitExceeded: outcome.exceeded };
}

/** How a test was judged: its verdict, the fraction of its points it earned, and what a judging program said. */
export interface TestJudgement {
  verdict: Verdict;
  /** In [0, 1]: 1 for ACCEPTED and 0 for any failure with the built-in checkers. */
  fraction: number;
  /** A checker program's or interactor's output (capped), when one judged the test. */
  message?: string;
  /** The interactor's run, for an interactive test. */
  interactor?: RunOutcome;
}

/** A built-in checker's judgement: all or nothing. */
export function wholeJudgement(verdict: Verdict): TestJudgement {
  return { verdict, fraction: verdict === 'ACCEPTED' ? 1 : 0 };
}

export function interactorMeasures(outcome: RunOutcome): InteractorMeasures {
  return { exitCode: outcome.exitCode, signal: outcome.signal, executionTime: Math.round(outcome.wallMs), ...measures(outcome) };
}

/** The fields every test result starts with: its name, group, points and score. */
function testHead(test: TestCaseSpec, fraction: number) {
  const points = test.points ?? DEFAULT_POINTS;
  return {
    ...(test.name === undefined ? {} : { name: test.name }),
    ...(test.group === undefined ? {} : { group: test.group }),
    points,
    score: points * fraction,
  };
}

/** At most `maxBytes` of UTF-8 (a character cut in two is dropped), and whether anything was cut. */
export function capText(text: string, maxBytes: number): { text: string; cut: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, cut: false };
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1; // back to the start of a character
  return { text: bytes.subarray(0, end).toString('utf8'), cut: true };
}

export function testResult(test: TestCaseSpec, outcome: RunOutcome, judgement: TestJudgement, maxBytes: number): TestCaseResult {
  const { verdict } = judgement;
  const common = {
    ...testHead(test, judgement.fraction),
    ...(judgement.interactor ? { interactor: interactorMeasures(judgement.interactor) } : {}),
    passed: verdict === 'ACCEPTED',
    executionTime: Math.round(outcome.wallMs),
    verdict,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    ...measures(outcome),
  };
  if (test.hidden) return { ...common, hidden: true };
  const stdout = capText(outcome.stdout, maxBytes);
  const stderr = capText(outcome.stderr, maxBytes);
  return {
    ...common,
    ...(judgement.message === undefined ? {} : { checkerMessage: judgement.message }),
    input: test.input,
    expected: test.expected,
    actualOutput: stdout.text,
    stderr: stderr.text,
    outputTruncated: outcome.stdoutTruncated || stdout.cut,
    stderrTruncated: outcome.stderrTruncated || stderr.cut,
    outputNotUtf8: !isUtf8(outcome.stdoutBytes),
    // Set by the stored result's bound (result-budget.ts) when it cuts them.
    inputTruncated: false,
    expectedTruncated: false,
  };
}

/** A test that did not run: after a compile error (the solution's or its checker's), or after a failure with stopOnFirstFailure. */
export function skippedResult(test: TestCaseSpec, verdict: 'SKIPPED' | 'COMPILATION_ERROR' | 'CHECKER_ERROR'): TestCaseResult {
  const common = {
    ...testHead(test, 0),
    passed: false,
    executionTime: 0,
    verdict,
    exitCode: null,
    signal: null,
    cpuTimeMs: null,
    memoryKb: null,
    limitExceeded: null,
  };
  if (test.hidden) return { ...common, hidden: true };
  return {
    ...common,
    input: test.input,
    expected: test.expected,
    actualOutput: '',
    stderr: '',
    outputTruncated: false,
    stderrTruncated: false,
    outputNotUtf8: false,
    inputTruncated: false,
    expectedTruncated: false,
  };
}

/** The result of a job without test cases, but its executionTime and compile. */
export function singleRunResult(outcome: RunOutcome): Omit<JobResult, 'executionTime'> {
  return {
    output: outcome.stdout,
    error: outcome.stderr,
    verdict: runVerdict(outcome),
    passed: 0,
    total: 0,
    score: 0,
    maxScore: 0,
    testCases: [],
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    outputTruncated: outcome.stdoutTruncated,
    stderrTruncated: outcome.stderrTruncated,
    outputNotUtf8: !isUtf8(outcome.stdoutBytes),
    ...measures(outcome),
  };
}

const COMPILE_STOPPED: Readonly<Record<ExceededLimit, string>> = {
  wall: 'wall-clock time limit',
  cpu: 'CPU time limit',
  memory: 'memory limit',
  output: 'output limit',
  disk: 'job directory size limit',
  processes: 'process limit',
  idle: 'idle bound',
  input: 'stdin bound',
};

export function compileResult(outcome: RunOutcome): CompileResult {
  const why = outcome.exceeded
    ? `\n[compilation stopped: ${COMPILE_STOPPED[outcome.exceeded]}]`
    : outcome.signal
      ? `\n[compiler killed by ${outcome.signal}]`
      : '';
  return {
    output: capText(outcome.stderr + outcome.stdout, COMPILE_OUTPUT_BYTES).text + why,
    timeMs: Math.round(outcome.wallMs),
    success: succeeded(outcome),
  };
}
