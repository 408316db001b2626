/**
 * An interactive test: the solution and the interactor run at once, each in a sandbox of its own,
 * the solution's stdout fed to the interactor's stdin and the other way round (through the
 * executor, so every limit of both runs holds). The interactor is run as
 * `interactor input.txt output.txt answer.txt`, testlib's convention, and gives the verdict by its
 * exit code, as a checker does.
 */
import { PassThrough } from 'node:stream';
import type { Limits, TestCaseSpec } from '@sentinel/core';
import { judgeArgs, withJudgeFiles } from './checker-program.js';
import { programJudgement } from './program-verdict.js';
import { runPack, type BuiltProgram } from './program-build.js';
import type { TestJudgement } from './results.js';
import type { RunOutcome, RunStreams, Sandbox } from './sandbox/types.js';
import { runVerdict } from './verdict.js';

export interface InteractionSides {
  solution: { program: BuiltProgram; args: readonly string[]; limits: Limits };
  interactor: { program: BuiltProgram; limits: Limits };
}

/** The solution's run and the test's judgement (with the interactor's run in it). */
export interface Interaction {
  outcome: RunOutcome;
  judgement: TestJudgement;
}

export async function interact(sandbox: Sandbox, sides: InteractionSides, test: TestCaseSpec): Promise<Interaction> {
  const { solution, interactor } = sides;
  const toInteractor = new PassThrough();
  const toSolution = new PassThrough();
  // Neither side is aborted from here: each ends within its own limits, and one side's end is the other's end of input.
  const never = new AbortController().signal;
  const streams = (input: PassThrough, output: PassThrough): RunStreams => ({
    input,
    onOutput: (stream, chunk) => {
      if (stream === 'stdout' && !output.writableEnded) output.write(chunk);
    },
    signal: never,
  });
  const order: Array<'solution' | 'interactor'> = [];
  const ended = (side: 'solution' | 'interactor', output: PassThrough) => (outcome: RunOutcome) => {
    order.push(side);
    output.end();
    return outcome;
  };
  const dir = interactor.program.dir;
  const [solutionOutcome, interactorOutcome] = await withJudgeFiles(dir, { 'input.txt': test.input, 'answer.txt': test.expected }, () =>
    Promise.all([
      runPack(sandbox, solution.program.pack, { files: solution.program.dir }, solution.program.pack.run, solution.args, streams(toSolution, toInteractor), solution.limits).then(
        ended('solution', toInteractor),
        (error: unknown) => fail(toInteractor, error),
      ),
      runPack(sandbox, interactor.program.pack, { files: dir }, interactor.program.pack.run, judgeArgs(interactor.program.pack), streams(toInteractor, toSolution), interactor.limits).then(
        ended('interactor', toSolution),
        (error: unknown) => fail(toSolution, error),
      ),
    ]),
  );
  return { outcome: solutionOutcome, judgement: { ...pairVerdict(solutionOutcome, interactorOutcome, order[0] === 'interactor'), interactor: interactorOutcome } };
}

/** One side could not run (Sentinel's fault): end the other's input so it ends too, then fail. */
function fail(output: PassThrough, error: unknown): never {
  output.end();
  throw error;
}

/**
 * The verdict of the pair. An interactor that ended first without accepting is believed: the
 * solution may then die of the broken pipe (and an interactor that crashed is CHECKER_ERROR, not
 * the solution's fault). Otherwise a solution that broke a limit or crashed has that verdict, and
 * one that ended well has the interactor's.
 */
export function pairVerdict(solution: RunOutcome, interactor: RunOutcome, interactorFirst: boolean): Omit<TestJudgement, 'interactor'> {
  const judged = programJudgement(interactor, 'interactor', 'stderr');
  if (interactorFirst && judged.verdict !== 'ACCEPTED') return judged;
  const ran = runVerdict(solution);
  if (ran !== 'ACCEPTED') return { verdict: ran, fraction: 0, ...(judged.message ? { message: judged.message } : {}) };
  return judged;
}
