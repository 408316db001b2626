/**
 * The one place a run's outcome becomes a test's verdict: the limit that stopped it, how it ended,
 * and, for a test, its output against the expected one under the job's checker.
 */
import type { BuiltinCheckerSpec, ExceededLimit, Verdict } from '@sentinel/core';
import { check } from './checkers.js';
import type { RunOutcome } from './sandbox/types.js';

const LIMIT_VERDICTS: Readonly<Record<ExceededLimit, Verdict>> = {
  wall: 'TIME_LIMIT',
  cpu: 'TIME_LIMIT',
  memory: 'MEMORY_LIMIT',
  output: 'OUTPUT_LIMIT',
  disk: 'OUTPUT_LIMIT',
  processes: 'RUNTIME_ERROR',
  idle: 'TIME_LIMIT',
  // The client sent more than the session's stdin bound: the run was stopped, not timed out.
  input: 'RUNTIME_ERROR',
};

/** What a test's stdout must match. */
export interface Expectation {
  checker: BuiltinCheckerSpec;
  expected: string;
}

/**
 * The verdict of one run. Without an expectation (a job without test cases) a run that ends well
 * is ACCEPTED whatever it printed.
 */
export function runVerdict(outcome: RunOutcome, expectation?: Expectation): Verdict {
  if (outcome.exceeded) return LIMIT_VERDICTS[outcome.exceeded];
  if (!succeeded(outcome)) return 'RUNTIME_ERROR';
  if (expectation === undefined) return 'ACCEPTED';
  return check(expectation.checker, outcome.stdoutBytes, expectation.expected) ? 'ACCEPTED' : 'WRONG_ANSWER';
}

/** Exit status 0 within every limit (a compile's success too). */
export function succeeded(outcome: RunOutcome): boolean {
  return outcome.exitCode === 0 && outcome.exceeded === null;
}
