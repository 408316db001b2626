/**
 * Verdicts: what user code did, as values. A test's verdict says how its run ended; a job's verdict
 * is its worst test's, by VERDICT_PRIORITY (first = worst).
 * - PRESENTATION_ERROR: a checker program or interactor exited 2 (testlib's _pe); not passed.
 * - PARTIAL: a checker program or interactor gave a score strictly between 0 and 1; not passed.
 * - CHECKER_ERROR: the job author's checker or interactor failed (did not compile, crashed,
 *   looped, exited 3 or with no verdict): never the contestant's fault, never Sentinel's.
 */
export const VERDICTS = [
  'INTERNAL_ERROR',
  'CHECKER_ERROR',
  'COMPILATION_ERROR',
  'TIME_LIMIT',
  'MEMORY_LIMIT',
  'OUTPUT_LIMIT',
  'RUNTIME_ERROR',
  'WRONG_ANSWER',
  'PRESENTATION_ERROR',
  'PARTIAL',
  'SKIPPED',
  'ACCEPTED',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Lower index = reported first when tests disagree. */
export const VERDICT_PRIORITY: readonly Verdict[] = VERDICTS;

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'ACCEPTED';
  for (const verdict of verdicts) {
    if (VERDICT_PRIORITY.indexOf(verdict) < VERDICT_PRIORITY.indexOf(worst)) worst = verdict;
  }
  return worst;
}
