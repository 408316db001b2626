/** Scores and groups, and what stopOnFirstFailure skips. */
import test from 'ava';
import type { TestCaseResult, TestCaseSpec } from '@sentinel/core';
import { jobScore, StopPlan } from '../src/scoring.js';

const spec = (group?: string, points?: number): TestCaseSpec => ({ input: '', expected: '', ...(group ? { group } : {}), ...(points === undefined ? {} : { points }) });
const result = (points: number, fraction: number): TestCaseResult => ({ hidden: true, passed: fraction === 1, points, score: points * fraction, executionTime: 1, verdict: fraction === 1 ? 'ACCEPTED' : 'WRONG_ANSWER', exitCode: 0, signal: null, cpuTimeMs: 1, memoryKb: 1, limitExceeded: null });

test('without groups: the sum of the tests\' scores; 0.1 + 0.2 reads 0.3', (t) => {
  t.deepEqual(jobScore([spec(), spec(), spec()], [result(1, 1), result(1, 0), result(2, 0.5)]), { score: 2, maxScore: 4 });
  t.deepEqual(jobScore([spec(), spec()], [result(0.1, 1), result(0.2, 1)]), { score: 0.3, maxScore: 0.3 });
});

test('a group scores its points only when all its tests pass, or its lowest fraction', (t) => {
  const tests = [spec('a'), spec('b'), spec('a'), spec(), spec('b')];
  const scored = jobScore(tests, [result(10, 1), result(20, 1), result(10, 1), result(5, 0), result(20, 0)]);
  t.deepEqual(scored, {
    score: 20,
    maxScore: 65,
    groups: [
      { group: 'a', points: 20, score: 20, passed: true, tests: [0, 2] },
      { group: 'b', points: 40, score: 0, passed: false, tests: [1, 4] },
    ],
  });
  const partial = jobScore([spec('a'), spec('a')], [result(10, 0.5), result(10, 0.8)]);
  t.deepEqual(partial.groups, [{ group: 'a', points: 20, score: 10, passed: false, tests: [0, 1] }]);
  t.is(partial.score, 10);
});

test('stopOnFirstFailure: every later test without groups, the rest of its group with them', (t) => {
  const plain = new StopPlan([spec(), spec()], true);
  plain.record(spec(), false);
  t.true(plain.skips(spec()));

  const tests = [spec('a'), spec('b'), spec('a'), spec()];
  const grouped = new StopPlan(tests, true);
  grouped.record(tests[0]!, false);
  t.deepEqual(tests.map((test) => grouped.skips(test)), [true, false, true, false]);
  grouped.record(tests[3]!, false);
  t.false(grouped.skips(spec()));

  const off = new StopPlan(tests, false);
  off.record(tests[0]!, false);
  t.false(off.skips(tests[2]!));
});
