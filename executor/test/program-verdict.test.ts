/** What a checker program's or interactor's run says: exit codes, score lines, and its own failures. */
import test from 'ava';
import { programJudgement, verdictOf, CHECKER_MESSAGE_BYTES } from '../src/program-verdict.js';
import type { RunOutcome } from '../src/sandbox/types.js';
import { pairVerdict } from '../src/interaction.js';

function ran(fields: Partial<RunOutcome>): RunOutcome {
  const stdout = fields.stdout ?? '';
  return { stdout, stdoutBytes: Buffer.from(stdout), stderr: '', exitCode: 0, signal: null, wallMs: 5, cpuMs: 1, memoryKb: 100, exceeded: null, stdoutTruncated: false, stderrTruncated: false, ...fields };
}

const judged = (fields: Partial<RunOutcome>) => programJudgement(ran(fields), 'checker', 'stdout+stderr');

test('exit codes are testlib\'s: 0, 1, 2 and 3', (t) => {
  t.deepEqual(judged({ exitCode: 0, stdout: 'ok 3 numbers\n' }), { verdict: 'ACCEPTED', fraction: 1, message: 'ok 3 numbers' });
  t.deepEqual(judged({ exitCode: 1, stderr: 'wrong answer expected 3, found 4' }), { verdict: 'WRONG_ANSWER', fraction: 0, message: 'wrong answer expected 3, found 4' });
  t.deepEqual(judged({ exitCode: 2, stdout: 'a', stderr: 'b' }), { verdict: 'PRESENTATION_ERROR', fraction: 0, message: 'a\nb' });
  t.deepEqual(judged({ exitCode: 3, stderr: 'FAIL answer file is empty' }), { verdict: 'CHECKER_ERROR', fraction: 0, message: 'checker failed (exit 3): FAIL answer file is empty' });
});

test('a score line gives partial credit: "score F" with exit 0 or 7, testlib\'s "points F" with 7', (t) => {
  t.like(judged({ exitCode: 0, stdout: 'score 0.25\n' }), { verdict: 'PARTIAL', fraction: 0.25 });
  t.like(judged({ exitCode: 7, stderr: 'points 0.5 half of the pairs' }), { verdict: 'PARTIAL', fraction: 0.5, message: 'points 0.5 half of the pairs' });
  t.like(judged({ exitCode: 7, stdout: 'note\nscore 1' }), { verdict: 'ACCEPTED', fraction: 1 });
  t.like(judged({ exitCode: 7, stdout: 'score 0' }), { verdict: 'WRONG_ANSWER', fraction: 0 });
  t.like(judged({ exitCode: 1, stdout: 'score 0.9' }), { verdict: 'WRONG_ANSWER', fraction: 0 });
  t.like(judged({ exitCode: 7, stdout: 'scores 0.5' }), { verdict: 'CHECKER_ERROR', message: 'checker exited 7 (points) without a "score F" or "points F" line: scores 0.5' });
  t.like(judged({ exitCode: 0, stdout: 'score 1.5' }), { verdict: 'CHECKER_ERROR', message: 'checker printed a score out of [0, 1]: score 1.5' });
  t.like(judged({ exitCode: 7, stdout: 'points -0.1' }), { verdict: 'CHECKER_ERROR' });
});

test('a crash, a limit or another exit code is the checker\'s failure, with why', (t) => {
  t.like(judged({ exitCode: null, signal: 'SIGSEGV' }), { verdict: 'CHECKER_ERROR', message: 'checker was killed by SIGSEGV' });
  t.like(judged({ exitCode: null, signal: 'SIGKILL', exceeded: 'cpu' }), { verdict: 'CHECKER_ERROR', message: 'checker was stopped by its CPU time limit' });
  t.like(judged({ exitCode: null, exceeded: 'output', stdout: 'y\ny' }), { verdict: 'CHECKER_ERROR', message: 'checker was stopped by its output limit: y\ny' });
  t.like(judged({ exitCode: 42 }), { verdict: 'CHECKER_ERROR', message: 'checker exited 42, which is no verdict (0, 1, 2, 3 or 7)' });
});

test('the message is capped; an interactor speaks in stderr only', (t) => {
  const long = judged({ exitCode: 1, stdout: 'x'.repeat(CHECKER_MESSAGE_BYTES * 2) });
  t.is(Buffer.byteLength(long.message!), CHECKER_MESSAGE_BYTES + Buffer.byteLength('…'));
  t.deepEqual(programJudgement(ran({ exitCode: 0, stdout: '? 5\n', stderr: 'guessed in 3' }), 'interactor', 'stderr'), { verdict: 'ACCEPTED', fraction: 1, message: 'guessed in 3' });
});

test('verdictOf a fraction', (t) => {
  t.deepEqual([1, 0.999, 0.001, 0].map(verdictOf), ['ACCEPTED', 'PARTIAL', 'PARTIAL', 'WRONG_ANSWER']);
});

test('the pair: an interactor that ended first with WA stands; else a failed solution; else the interactor', (t) => {
  const brokenPipe = ran({ exitCode: 1, stderr: 'BrokenPipeError' });
  const wrong = ran({ exitCode: 1, stderr: 'too many queries' });
  t.like(pairVerdict(brokenPipe, wrong, true), { verdict: 'WRONG_ANSWER', message: 'too many queries' });
  t.like(pairVerdict(ran({ exitCode: null, signal: 'SIGKILL', exceeded: 'cpu' }), wrong, false), { verdict: 'TIME_LIMIT', message: 'too many queries' });
  t.like(pairVerdict(brokenPipe, ran({ exitCode: 0 }), true), { verdict: 'RUNTIME_ERROR' });
  t.like(pairVerdict(ran({ exitCode: 0 }), ran({ exitCode: 0, stderr: 'ok' }), false), { verdict: 'ACCEPTED', fraction: 1, message: 'ok' });
  t.like(pairVerdict(ran({ exitCode: 0 }), ran({ exitCode: 1, stderr: 'no answer' }), false), { verdict: 'WRONG_ANSWER' });
  t.like(pairVerdict(ran({ exitCode: 0 }), ran({ exitCode: null, signal: 'SIGABRT' }), false), { verdict: 'CHECKER_ERROR', message: 'interactor was killed by SIGABRT' });
  // An interactor that crashed first: the solution's broken pipe is no verdict of its own.
  t.like(pairVerdict(brokenPipe, ran({ exitCode: null, signal: 'SIGABRT' }), true), { verdict: 'CHECKER_ERROR', message: 'interactor was killed by SIGABRT' });
});
