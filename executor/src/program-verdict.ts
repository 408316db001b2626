/**
 * What a checker program's or interactor's run says about a test: its exit code is the verdict
 * (testlib's: 0, 1, 2, 3, 7), a score line the fraction, its output the message. Anything else it
 * does (a crash, a limit, another exit code, a score out of range) is a CHECKER_ERROR, with why.
 */
import { PROGRAM_EXIT, SCORE_LINE, type Verdict } from '@sentinel/core';
import { capText, type TestJudgement } from './results.js';
import type { RunOutcome } from './sandbox/types.js';

/** Most bytes of a judging program's message kept per test. */
export const CHECKER_MESSAGE_BYTES = 4 * 1024;

const STOPPED_BY: Readonly<Record<string, string>> = {
  wall: 'its wall-clock time limit',
  cpu: 'its CPU time limit',
  memory: 'its memory limit',
  output: 'its output limit',
  disk: 'its disk limit',
  processes: 'its process limit',
};

/** Which of its streams a program speaks in: a checker in both, an interactor (whose stdout is the solution's stdin) in stderr. */
export type MessageStreams = 'stdout+stderr' | 'stderr';

/** The judgement of one run of a judging program. `role` names it in messages ("checker", "interactor"). */
export function programJudgement(outcome: RunOutcome, role: string, streams: MessageStreams): Omit<TestJudgement, 'interactor'> {
  const said = (streams === 'stderr' ? outcome.stderr : [outcome.stdout, outcome.stderr].filter((text) => text.trim() !== '').join('\n')).trim();
  const failed = (why: string) => ({ verdict: 'CHECKER_ERROR' as const, fraction: 0, message: cap(said ? `${role} ${why}: ${said}` : `${role} ${why}`) });
  if (outcome.exceeded) return failed(`was stopped by ${STOPPED_BY[outcome.exceeded] ?? outcome.exceeded}`);
  if (outcome.signal) return failed(`was killed by ${outcome.signal}`);
  const score = scoreOf(said);
  if (score !== undefined && !(score >= 0 && score <= 1)) return failed(`printed a score out of [0, 1]`);
  switch (outcome.exitCode) {
    case PROGRAM_EXIT.ACCEPTED:
      return { verdict: verdictOf(score ?? 1), fraction: score ?? 1, message: cap(said) };
    case PROGRAM_EXIT.POINTS:
      if (score === undefined) return failed('exited 7 (points) without a "score F" or "points F" line');
      return { verdict: verdictOf(score), fraction: score, message: cap(said) };
    case PROGRAM_EXIT.WRONG_ANSWER:
      return { verdict: 'WRONG_ANSWER', fraction: 0, message: cap(said) };
    case PROGRAM_EXIT.PRESENTATION_ERROR:
      return { verdict: 'PRESENTATION_ERROR', fraction: 0, message: cap(said) };
    case PROGRAM_EXIT.FAIL:
      return failed('failed (exit 3)');
    default:
      return failed(`exited ${outcome.exitCode}, which is no verdict (0, 1, 2, 3 or 7)`);
  }
}

/** The verdict of a fraction of a test's points. */
export function verdictOf(fraction: number): Verdict {
  if (fraction >= 1) return 'ACCEPTED';
  return fraction <= 0 ? 'WRONG_ANSWER' : 'PARTIAL';
}

/** The score of the first score line, if any (NaN when it is no number, so the caller refuses it). */
function scoreOf(text: string): number | undefined {
  const match = SCORE_LINE.exec(text);
  return match ? Number(match[1]) : undefined;
}

function cap(text: string): string {
  const { text: kept, cut } = capText(text, CHECKER_MESSAGE_BYTES);
  return cut ? `${kept}…` : kept;
}
