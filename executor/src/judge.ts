/**
 * Runs one job: writes the source and the extra files into a fresh job directory, compiles once
 * when the pack compiles, then runs every test case against the compiled program (or, with no test
 * cases, one run with the job's stdin). Everything the program does becomes a verdict.
 */
import { worstVerdict, type JobPayload, type SessionStage, type JobResult, type Limits, type ResolvedPack, type TestCaseResult, type TestCaseSpec } from '@sentinel/core';
import { requireArtifacts } from './artifacts.js';
import { expandEnv, expandLimits } from './placeholders.js';
import { compileResult, singleRunResult, skippedResult, testResult } from './results.js';
import type { RunOutcome, RunSpec, RunStreams, Sandbox } from './sandbox/types.js';
import { runVerdict } from './verdict.js';
import type { Workspaces } from './workspace.js';

export interface JudgeContext {
  sandbox: Sandbox;
  workspaces: Workspaces;
  /** Limits of each test run (a test's timeLimitMs may lower them). */
  runLimits: Limits;
  /** Limits of the compile step. */
  compileLimits: Limits;
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

export async function judge(job: JobPayload, pack: ResolvedPack, context: JudgeContext): Promise<JobResult> {
  const started = performance.now();
  const workspace = await context.workspaces.create();
  try {
    await workspace.write(pack.sourceFile, job.code);
    for (const file of job.files) {
      await workspace.write(file.name, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content);
    }
    // The compile step leaves its output in `build`; without one, tests run on the job's own files.
    const build = pack.compile ? await workspace.build() : workspace.files;
    if (pack.compile) await context.interactive?.stage('compile');
    const compile = pack.compile ? await run(context, pack, { files: workspace.files, collectInto: build }, pack.compile, job.compilerOptions, '', context.compileLimits) : undefined;
    const compiled = compile && (await requireArtifacts(compileResult(compile), build, pack.artifacts));
    if (compiled && !compiled.success) {
      return {
        output: '',
        error: compiled!.output,
        executionTime: elapsed(started),
        verdict: 'COMPILATION_ERROR',
        passed: 0,
        total: job.testCases.length,
        testCases: job.testCases.map((test) => skippedResult(test, 'COMPILATION_ERROR')),
        compile: compiled,
      };
    }
    await context.onProgress?.(PROGRESS_READY);
    if (job.testCases.length === 0) {
      await context.interactive?.stage('run');
      const input = context.interactive?.runStreams() ?? job.stdin;
      const outcome = await run(context, pack, { files: build }, pack.run, job.args, input, context.runLimits);
      await context.onProgress?.(100);
      return { ...singleRunResult(outcome), executionTime: elapsed(started), ...(compiled ? { compile: compiled } : {}) };
    }

    const results: TestCaseResult[] = [];
    let stopped = false;
    for (const [index, test] of job.testCases.entries()) {
      if (stopped) {
        results.push(skippedResult(test, 'SKIPPED'));
      } else {
        const outcome = await run(context, pack, { files: build }, pack.run, job.args, test.input, testLimits(context.runLimits, test));
        const verdict = runVerdict(outcome, { checker: job.checker, expected: test.expected });
        results.push(testResult(test, outcome, verdict, context.resultOutputBytes));
        stopped = job.stopOnFirstFailure && verdict !== 'ACCEPTED';
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
      testCases: results,
      ...(compiled ? { compile: compiled } : {}),
    };
  } finally {
    await workspace.remove();
  }
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

/**
 * One run of a pack command with the request's own words after it. Placeholders such as
 * {memoryMb} belong to the pack's command and environment only: request text is never expanded.
 */
function run(
  context: JudgeContext,
  pack: ResolvedPack,
  where: Pick<RunSpec, 'files' | 'collectInto'>,
  command: readonly string[],
  requestWords: readonly string[],
  input: string | RunStreams,
  limits: Limits,
): Promise<RunOutcome> {
  return context.sandbox.run({
    argv: [...command.map((word) => expandLimits(word, limits)), ...requestWords],
    ...where,
    env: expandEnv(pack.env, limits),
    readOnlyPaths: pack.readOnlyPaths,
    ...(typeof input === 'string' ? { stdin: input } : { stdin: '', streams: input }),
    limits,
    memoryRlimit: pack.memoryRlimit,
  });
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
