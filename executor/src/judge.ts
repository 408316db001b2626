/**
 * Runs one job: writes the source into a fresh job directory, compiles once when the pack
 * compiles, then runs every test case against the compiled program (or, with no test cases, one
 * run with the job's stdin). Everything the program does becomes a verdict in the result.
 */
import { worstVerdict, type ExceededLimit, type JobPayload, type JobResult, type Limits, type ResolvedPack, type RunMeasures, type TestCaseResult, type Verdict } from '@sentinel/core';
import { linesMatch } from './compare.js';
import type { JobDirMode, RunOutcome, Sandbox } from './sandbox/types.js';
import type { Workspace, Workspaces } from './workspace.js';

export interface JudgeContext {
  sandbox: Sandbox;
  workspaces: Workspaces;
  /** Limits of each test run. */
  runLimits: Limits;
  /** Limits of the compile step. */
  compileLimits: Limits;
  /** Called with 0..100 as the job advances. */
  onProgress?: (percent: number) => void | Promise<void>;
}

/** Progress reported once the program is ready to run (compiled, or nothing to compile). */
export const PROGRESS_READY = 10;
/** Compiler output kept in the result. */
const COMPILE_OUTPUT_BYTES = 64 * 1024;

export async function judge(job: JobPayload, pack: ResolvedPack, context: JudgeContext): Promise<JobResult> {
  const started = performance.now();
  const workspace = await context.workspaces.create();
  try {
    await workspace.write(pack.sourceFile, job.code);
    if (pack.compile) {
      const compiled = await run(context, pack, workspace, pack.compile, '', context.compileLimits, 'writable');
      if (!succeeded(compiled)) {
        return compilationFailed(job, compiled, elapsed(started));
      }
    }
    await context.onProgress?.(PROGRESS_READY);
    if (job.testCases.length === 0) return await singleRun(job, pack, workspace, context, started);

    const results: TestCaseResult[] = [];
    for (const [index, testCase] of job.testCases.entries()) {
      const outcome = await run(context, pack, workspace, pack.run, testCase.input, context.runLimits, 'snapshot');
      const verdict = runVerdict(outcome) ?? (linesMatch(outcome.stdout, testCase.expected) ? 'ACCEPTED' : 'WRONG_ANSWER');
      results.push({
        input: testCase.input,
        expected: testCase.expected,
        actualOutput: outcome.stdout,
        passed: verdict === 'ACCEPTED',
        executionTime: Math.round(outcome.wallMs),
        verdict,
        stderr: outcome.stderr,
        exitCode: outcome.exitCode,
        signal: outcome.signal,
        ...measures(outcome),
      });
      const done = index + 1;
      await context.onProgress?.(PROGRESS_READY + Math.floor(((100 - PROGRESS_READY) * done) / job.testCases.length));
    }
    return {
      output: '',
      error: '',
      executionTime: elapsed(started),
      verdict: worstVerdict(results.map((r) => r.verdict)),
      passed: results.filter((r) => r.passed).length,
      total: results.length,
      testCases: results,
    };
  } finally {
    await workspace.remove();
  }
}

const LIMIT_VERDICTS: Readonly<Record<ExceededLimit, Verdict>> = {
  wall: 'TIME_LIMIT',
  cpu: 'TIME_LIMIT',
  memory: 'MEMORY_LIMIT',
  output: 'OUTPUT_LIMIT',
  disk: 'OUTPUT_LIMIT',
};

/** The verdict of a run that did not end normally; undefined when its output decides. */
export function runVerdict(outcome: RunOutcome): Verdict | undefined {
  if (outcome.exceeded) return LIMIT_VERDICTS[outcome.exceeded];
  if (!succeeded(outcome)) return 'RUNTIME_ERROR';
  return undefined;
}

function measures(outcome: RunOutcome): RunMeasures {
  return { cpuTimeMs: outcome.cpuMs, memoryKb: outcome.memoryKb, limitExceeded: outcome.exceeded };
}

async function singleRun(job: JobPayload, pack: ResolvedPack, workspace: Workspace, context: JudgeContext, started: number): Promise<JobResult> {
  const outcome = await run(context, pack, workspace, pack.run, job.stdin, context.runLimits, 'snapshot');
  await context.onProgress?.(100);
  return {
    output: outcome.stdout,
    error: outcome.stderr,
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    ...measures(outcome),
    executionTime: elapsed(started),
    verdict: runVerdict(outcome) ?? 'ACCEPTED',
    passed: 0,
    total: 0,
    testCases: [],
  };
}

function run(context: JudgeContext, pack: ResolvedPack, workspace: Workspace, argv: string[], stdin: string, limits: Limits, jobDirMode: JobDirMode): Promise<RunOutcome> {
  return context.sandbox.run({ argv, jobDir: workspace.dir, jobDirMode, env: pack.env, readOnlyPaths: pack.readOnlyPaths, stdin, limits });
}

const COMPILE_STOPPED: Readonly<Record<ExceededLimit, string>> = {
  wall: 'wall-clock time limit',
  cpu: 'CPU time limit',
  memory: 'memory limit',
  output: 'output limit',
  disk: 'job directory size limit',
};

function compilationFailed(job: JobPayload, compiled: RunOutcome, executionTime: number): JobResult {
  const why = compiled.exceeded ? `\n[compilation stopped: ${COMPILE_STOPPED[compiled.exceeded]}]` : compiled.signal ? `\n[compiler killed by ${compiled.signal}]` : '';
  const output = (compiled.stderr + compiled.stdout).slice(0, COMPILE_OUTPUT_BYTES) + why;
  return {
    output: '',
    error: output,
    executionTime,
    verdict: 'COMPILATION_ERROR',
    passed: 0,
    total: job.testCases.length,
    testCases: job.testCases.map((testCase) => ({
      ...testCase,
      actualOutput: '',
      passed: false,
      executionTime: 0,
      verdict: 'COMPILATION_ERROR',
      stderr: '',
      exitCode: null,
      signal: null,
      cpuTimeMs: null,
      memoryKb: null,
      limitExceeded: null,
    })),
  };
}

function succeeded(outcome: RunOutcome): boolean {
  return outcome.exitCode === 0 && outcome.exceeded === null;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
