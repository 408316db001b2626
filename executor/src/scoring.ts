/**
 * Scores: a test's score is its points times its fraction; tests of one group (subtask) score as
 * one, the group's points times the lowest fraction of its tests. Also which tests a failure skips
 * under stopOnFirstFailure: without groups, every later test; with groups, the rest of its group.
 */
import type { GroupResult, TestCaseResult, TestCaseSpec } from '@sentinel/core';

export interface JobScore {
  score: number;
  maxScore: number;
  groups?: GroupResult[];
}

export function jobScore(tests: readonly TestCaseSpec[], results: readonly TestCaseResult[]): JobScore {
  const groups = new Map<string, GroupResult>();
  let score = 0;
  let maxScore = 0;
  for (const [index, result] of results.entries()) {
    maxScore += result.points;
    const name = tests[index]?.group;
    if (name === undefined) {
      score += result.score;
      continue;
    }
    const group = groups.get(name) ?? { group: name, points: 0, score: 0, passed: true, tests: [] };
    group.points += result.points;
    group.passed &&= result.passed;
    group.tests.push(index);
    groups.set(name, group);
  }
  for (const group of groups.values()) {
    const lowest = Math.min(...group.tests.map((index) => fractionOf(results[index]!)));
    group.score = round(group.points * lowest);
    score += group.score;
  }
  return { score: round(score), maxScore: round(maxScore), ...(groups.size ? { groups: [...groups.values()] } : {}) };
}

/** The fraction a test earned (a test worth 0 points earned all of nothing when it passed). */
function fractionOf(result: TestCaseResult): number {
  if (result.points === 0) return result.passed ? 1 : 0;
  return result.score / result.points;
}

/** Sums of fractions of points: 12 significant digits, so 0.1 + 0.2 reads 0.3. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * What a failed test stops under stopOnFirstFailure: the rest of its group when the job has
 * groups (a test without one is a group of its own), every later test when it has none.
 */
export class StopPlan {
  private readonly grouped: boolean;
  private stoppedAll = false;
  private readonly stoppedGroups = new Set<string>();

  constructor(
    tests: readonly TestCaseSpec[],
    private readonly enabled: boolean,
  ) {
    this.grouped = tests.some((test) => test.group !== undefined);
  }

  /** Whether `test` is skipped by an earlier failure. */
  skips(test: TestCaseSpec): boolean {
    return this.stoppedAll || (test.group !== undefined && this.stoppedGroups.has(test.group));
  }

  /** Records how `test` went. */
  record(test: TestCaseSpec, passed: boolean): void {
    if (!this.enabled || passed) return;
    if (!this.grouped) this.stoppedAll = true;
    else if (test.group !== undefined) this.stoppedGroups.add(test.group);
  }
}
