/**
 * Runs one job: builds the solution (its source and files written into a fresh job directory,
 * compiled once when its pack compiles) and, when the job has one, its checker program or
 * interactor the same way; then judges every test case against them (or, with no test cases,
 * makes one run with the job's stdin). Everything user code does becomes a verdict.
 */
import { worstVerdict, type CompileResult, type JobPayload, type JobResult, type JobRules, type Limits, type ResolvedPack, type SessionStage, type TestCaseResult, type TestCaseSpec } from '@sentinel/core';
import { ProgramChecker } from './checker-program.js';
import { interact } from './interaction.js';
import { buildProgram, ready, runPack, type BuiltProgram } from './program-build.js';
import { singleRunResult, skippedResult, testResult, wholeJudgement, type TestJudgement } from './results.js';
import type { RunOutcome, RunStreams, Sandbox } from './sandbox/types.js';
import { jobScore, StopPlan } from './scoring.js';
import { runVerdict } from './verdict.js';
import type { Workspace, Workspaces } from './workspace.js';

export interface JudgeContext {
  sandbox: Sandbox;
  workspaces: Workspaces;
  /** Limits of each test run (a test's timeLimitMs may lower them). */
  runLimits: Limits;
  /** Limits of the compile step. */
  compileLimits: Limits;
  /** The limits of a checker program's or interactor's pack. */
  rules: Pick<JobRules, 'runLimits' | 'compileLimits' | 'judgePack'>;
  /** Most bytes of each test's stdout and stderr kept in the stored result. */
  resultOutputBytes: number;
  /** Called with 0..100 as the job advances, and with each test's result as it finishes. */
  onProgress?: (percent: number, finished?: FinishedTest) => void | Promise<void>;
  /** An interactive job's session: its one run reads stdin from it and writes output to it. */
  interactive?: InteractiveContext;
}

/** What judge asks of an interactive session (interactive/session-run.ts). */
export interface InteractiveContext {
  stage(stage: SessionStage): Promise<void>;
  runStreams(): RunStreams;
}

/** A test just finished (or skipped): its place in the job and its result. */
export interface FinishedTest {
  index: number;
  result: TestCaseResult;
}

/** Progress reported once the program is ready to run (compiled, or nothing to compile). */
export const PROGRESS_READY = 10;

/** How much longer than the solution an interactor may run: it outlives a stalled solution to judge it. */
export const INTERACTOR_WALL_MARGIN_MS = 1_000;

/** How each test is judged once the programs are built. */
type TestJudge = (test: TestCaseSpec, limits: Limits) => Promise<{ outcome: RunOutcome; judgement: TestJudgement }>;

export async function judge(job: JobPayload, pack: ResolvedPack, context: JudgeContext): Promise<JobResult> {
  const started = performance.now();
  const workspaces: Workspace[] = [];
  const workspace = async () => {
    const created = await context.workspaces.create();
    workspaces.push(created);
    return created;
  };
  try {
    const judgingSpec = job.interactor ?? (job.checker.type === 'program' ? job.checker : undefined);
    const role = job.interactor ? 'interactor' : 'checker';
    const judgePack = judgingSpec && context.rules.judgePack(judgingSpec);
    if (judgingSpec && !judgePack) {
      return notRun(job, started, 'CHECKER_ERROR', `the ${role} is written in ${judgingSpec.language}, which is not installed where ${job.language} jobs run: write it in ${job.language}, or run ${job.language} on executors that have both`, {});
    }

    if (pack.compile) await context.interactive?.stage('compile');
    const solution = await buildProgram(context.sandbox, await workspace(), pack, job, context.compileLimits);
    const compiled = solution.compile && { compile: solution.compile };
    if (!ready(solution)) return notRun(job, started, 'COMPILATION_ERROR', solution.compile!.output, { ...compiled });

    const judging = judgingSpec && judgePack && (await buildJudging(context, await workspace(), judgingSpec, judgePack));
    const checkerCompiled = judging?.compile && { checkerCompile: judging.compile };
    if (judging && !ready(judging)) {
      return notRun(job, started, 'CHECKER_ERROR', `the ${role} did not compile:\n${judging.compile!.output}`, { ...compiled, ...checkerCompiled });
    }
    await context.onProgress?.(PROGRESS_READY);

    if (job.testCases.length === 0) {
      await context.interactive?.stage('run');
      const input = context.interactive?.runStreams() ?? job.stdin;
      const outcome = await runPack(context.sandbox, pack, { files: solution.dir }, pack.run, job.args, input, context.runLimits);
      await context.onProgress?.(100);
      return { ...singleRunResult(outcome), executionTime: elapsed(started), ...compiled };
    }

    const judgeTest = testJudge(job, context, solution, judging);
    const results: TestCaseResult[] = [];
    const plan = new StopPlan(job.testCases, job.stopOnFirstFailure);
    for (const [index, test] of job.testCases.entries()) {
      if (plan.skips(test)) {
        results.push(skippedResult(test, 'SKIPPED'));
      } else {
        const { outcome, judgement } = await judgeTest(test, testLimits(context.runLimits, test));
        results.push(testResult(test, outcome, judgement, context.resultOutputBytes));
        plan.record(test, judgement.verdict === 'ACCEPTED');
      }
      const percent = PROGRESS_READY + Math.floor(((100 - PROGRESS_READY) * (index + 1)) / job.testCases.length);
      await context.onProgress?.(percent, { index, result: results[index]! });
    }
    return {
      output: '',
      error: '',
      executionTime: elapsed(started),
      verdict: worstVerdict(results.map((result) => result.verdict)),
      passed: results.filter((result) => result.passed).length,
      total: results.length,
      ...jobScore(job.testCases, results),
      testCases: results,
      ...compiled,
      ...checkerCompiled,
    };
  } finally {
    await Promise.all(workspaces.map((created) => created.remove()));
  }
}

/** A checker program or interactor, built with its own pack's compile limits. */
function buildJudging(context: JudgeContext, workspace: Workspace, spec: NonNullable<JobPayload['interactor']>, judgePack: ResolvedPack): Promise<BuiltProgram> {
  return buildProgram(context.sandbox, workspace, judgePack, { ...spec, compilerOptions: [] }, context.rules.compileLimits(judgePack));
}

/** How the job's tests are judged: with its interactor, its checker program, or a built-in checker. */
function testJudge(job: JobPayload, context: JudgeContext, solution: BuiltProgram, judging: BuiltProgram | undefined): TestJudge {
  const { sandbox } = context;
  const runSolution = (test: TestCaseSpec, limits: Limits) => runPack(sandbox, solution.pack, { files: solution.dir }, solution.pack.run, job.args, test.input, limits);
  if (judging && job.interactor) {
    const interactorLimits = context.rules.runLimits(judging.pack);
    return (test, limits) =>
      // Wall time is bounded for both sides: the solution's, and a little more for the interactor, so that a stalled pair is the solution's TIME_LIMIT.
      interact(sandbox, { solution: { program: solution, args: job.args, limits }, interactor: { program: judging, limits: { ...interactorLimits, wallMs: limits.wallMs + INTERACTOR_WALL_MARGIN_MS } } }, test);
  }
  if (judging) {
    const checker = new ProgramChecker(sandbox, judging, context.rules.runLimits(judging.pack));
    return async (test, limits) => {
      const outcome = await runSolution(test, limits);
      const ran = runVerdict(outcome);
      return { outcome, judgement: ran === 'ACCEPTED' ? await checker.check(test, outcome.stdoutBytes) : wholeJudgement(ran) };
    };
  }
  const { checker } = job;
  if (checker.type === 'program') throw new Error('a checker program without its build'); // unreachable: built above
  return async (test, limits) => {
    const outcome = await runSolution(test, limits);
    return { outcome, judgement: wholeJudgement(runVerdict(outcome, { checker, expected: test.expected })) };
  };
}

/** A job none of whose tests ran: its solution or its judging program did not compile. */
function notRun(job: JobPayload, started: number, verdict: 'COMPILATION_ERROR' | 'CHECKER_ERROR', error: string, compiles: { compile?: CompileResult; checkerCompile?: CompileResult }): JobResult {
  const testCases = job.testCases.map((test) => skippedResult(test, verdict));
  return { output: '', error, executionTime: elapsed(started), verdict, passed: 0, total: job.testCases.length, ...jobScore(job.testCases, testCases), testCases, ...compiles };
}

/**
 * A test's own time limit: its CPU time at most timeLimitMs, its wall clock at most
 * 2 x timeLimitMs + 1 s (room for start-up and I/O), neither above the job's.
 */
export function testLimits(limits: Limits, test: TestCaseSpec): Limits {
  if (test.timeLimitMs === undefined) return limits;
  return {
    ...limits,
    cpuMs: Math.min(limits.cpuMs, test.timeLimitMs),
    wallMs: Math.min(limits.wallMs, test.timeLimitMs * 2 + 1_000),
  };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
