/**
 * Verdicts: what user code did, as values. A test's verdict says how its run ended; a job's verdict
 * is its worst test's, by VERDICT_PRIORITY (first = worst).
 */
export const VERDICTS = [
  'INTERNAL_ERROR',
  'COMPILATION_ERROR',
  'TIME_LIMIT',
  'MEMORY_LIMIT',
  'OUTPUT_LIMIT',
  'RUNTIME_ERROR',
  'WRONG_ANSWER',
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
