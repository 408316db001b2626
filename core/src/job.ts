/**
 * Jobs: the request a client submits, the payload on the queue, the result an executor stores and
 * the view GET /job/:id answers with. Field names of the API contract are kept as they are; every
 * other field is an addition. The joi schemas are in job-schema.ts.
 */
import type { CheckerRequest, CheckerSpec } from './checker.js';
import type { InteractiveBounds } from './interactive/protocol.js';
import type { ExceededLimit, Limits } from './limits.js';
import type { ProgramRequest, ProgramSpec } from './program.js';
import type { Verdict } from './verdict.js';

export interface TestCaseInput {
  input: string;
  expected: string;
}

/** A test case as a request may give it. */
export interface TestCaseSpec extends TestCaseInput {
  /** Shown in results, to tell tests apart. */
  name?: string;
  /** Input, expected and output are not echoed in results (a grader's secret tests). */
  hidden?: boolean;
  /** Lowers this test's CPU and wall-clock limits (never above the job's). */
  timeLimitMs?: number;
  /** What the test is worth (default 1); its score is points x the checker's fraction. */
  points?: number;
  /** A subtask: the tests of one group score as one (all must pass, or the lowest fraction). */
  group?: string;
}

/** A test's points when it names none. */
export const DEFAULT_POINTS = 1;

/** An extra file written into the job directory beside the source. */
export interface JobFile {
  /** Safe relative path: segments of [A-Za-z0-9_.-] not starting with "." or "-", at most 4 deep. */
  name: string;
  content: string;
  /** How `content` is written: text (default) or base64-decoded bytes. */
  encoding?: 'utf8' | 'base64';
}

/** POST /execute body. */
export interface ExecuteRequest {
  code: string;
  language: string;
  /** The language version wanted; must be the pack's. */
  version?: string;
  testCases?: TestCaseSpec[];
  /** Input of the single run made when there are no test cases. */
  stdin?: string;
  /** Appended to the pack's run command. */
  args?: string[];
  files?: JobFile[];
  /** Appended to the pack's compile command; each must match one of the pack's allowed patterns. */
  compilerOptions?: string[];
  /** Lower limits for this job's runs; each at most the language's own (see resolveLimits). */
  limits?: Partial<Limits>;
  /** How output is compared with expected (default "lines"). */
  checker?: CheckerRequest;
  /** After the first test that does not pass, the rest (the rest of its group, with groups) are SKIPPED. */
  stopOnFirstFailure?: boolean;
  /** An interactive problem: this program talks with the solution on each test and gives the verdict. */
  interactor?: ProgramRequest;
  /** Where the job's GET /job/:id body is POSTed, signed, once it ends (README "Webhooks"). */
  callbackUrl?: string;
}

/** A request as the schema answers it: every default filled in, the checker complete. */
export type CheckedRequest = Required<Omit<ExecuteRequest, 'version' | 'checker' | 'callbackUrl' | 'interactor'>> &
  Pick<ExecuteRequest, 'version' | 'callbackUrl'> & { checker: CheckerSpec; interactor?: ProgramSpec };

/** What the master puts on a language's queue (the Bull job's data): every default filled in. */
export interface JobPayload {
  id: string;
  /** Pack id (aliases are resolved by the master). */
  language: string;
  code: string;
  testCases: TestCaseSpec[];
  stdin: string;
  args: string[];
  files: JobFile[];
  compilerOptions: string[];
  /** Requested limits, already checked against the language's ceiling by the master. */
  limits: Partial<Limits>;
  checker: CheckerSpec;
  stopOnFirstFailure: boolean;
  submittedAt: string;
  /** The X-Request-Id of the request that submitted the job (REQUEST_ID), for the executor's log lines. */
  requestId?: string;
  /** The request's callbackUrl, when it gave one (the masters deliver it; the executor ignores it). */
  callbackUrl?: string;
  /** The job's interactor (pack id resolved), when it has one: then `checker` is the default and unused. */
  interactor?: ProgramSpec;
  /** An interactive session (no tests, no stdin): its one run's stdin and output go through Redis streams. */
  interactive?: InteractiveBounds;
}

/** What a request id (X-Request-Id) may be: the master mints a UUID for anything else. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** How one run went, measured by the sandbox (beside the contract's fields, never replacing them). */
export interface RunMeasures {
  /** CPU time of every process of the run together, ms (null when the sandbox cannot measure it). */
  cpuTimeMs: number | null;
  /** Peak memory of the run's whole process tree, KiB (null when the sandbox cannot measure it). */
  memoryKb: number | null;
  /** Which limit stopped the run: TIME_LIMIT says "cpu" or "wall" here. Null when none did. */
  limitExceeded: ExceededLimit | null;
}

/** The interactor's side of an interactive test. */
export interface InteractorMeasures extends RunMeasures {
  exitCode: number | null;
  signal: string | null;
  /** Wall time of the interactor's run, ms. */
  executionTime: number;
}

/** What every test result has, hidden or not. */
interface TestRunResult extends RunMeasures {
  name?: string;
  /** The test's group (subtask), when it has one. */
  group?: string;
  /** ACCEPTED: full marks. */
  passed: boolean;
  /** What the test is worth, and what it got: points x the checker's fraction (1 or 0 for built-in checkers). */
  points: number;
  score: number;
  /** What a checker program or interactor said (its output, capped); never on a hidden test. */
  checkerMessage?: string;
  /** An interactive test: how the interactor's run went, beside the solution's measures. */
  interactor?: InteractorMeasures;
  /** Wall time of the run, ms. */
  executionTime: number;
  verdict: Verdict;
  exitCode: number | null;
  /** Signal name (e.g. "SIGSEGV") when the program was killed by one. */
  signal: string | null;
}

export interface VisibleTestCaseResult extends TestRunResult, TestCaseInput {
  hidden?: false;
  actualOutput: string;
  stderr: string;
  /** actualOutput / stderr were cut (at the run's output limit or the stored-result cap). */
  outputTruncated: boolean;
  stderrTruncated: boolean;
  /** The echoed input / expected were cut to keep the stored result within its bound. */
  inputTruncated: boolean;
  expectedTruncated: boolean;
  /** The program's stdout was not valid UTF-8: actualOutput shows each bad byte as U+FFFD, and no checker accepts it. */
  outputNotUtf8: boolean;
}

/** A hidden test: how it went, nothing of what went in or came out. */
export interface HiddenTestCaseResult extends TestRunResult {
  hidden: true;
}

export type TestCaseResult = VisibleTestCaseResult | HiddenTestCaseResult;

/** The compile step of a job, when the pack compiles. */
export interface CompileResult {
  /** Compiler output (stderr then stdout), capped. */
  output: string;
  timeMs: number;
  success: boolean;
}

/** What an executor stores when it finishes a job (the Bull job's return value). */
export interface JobResult extends Partial<SingleRunFields> {
  /** Standard output of the single run when the job has no test cases; otherwise "". */
  output: string;
  /** Compiler output on a compile failure, or the reason the job could not run; otherwise "". */
  error: string;
  /** Wall time of the whole job (compile and every run), ms. */
  executionTime: number;
  /** The worst test's verdict, by VERDICT_PRIORITY (ACCEPTED when every test passed). */
  verdict: Verdict;
  passed: number;
  total: number;
  /** Sum of the tests' scores (a group's by its own rule), and of their points. */
  score: number;
  maxScore: number;
  /** Each group (subtask), when the tests have any, in the order of its first test. */
  groups?: GroupResult[];
  testCases: TestCaseResult[];
  compile?: CompileResult;
  /** The checker program's or interactor's compile step, when its pack compiles. */
  checkerCompile?: CompileResult;
}

/** A group of tests that scores as one. */
export interface GroupResult {
  group: string;
  /** Sum of its tests' points. */
  points: number;
  /** points x the lowest fraction of its tests (0 unless every test passed, with built-in checkers). */
  score: number;
  /** Every test of the group passed. */
  passed: boolean;
  /** Indexes of its tests in testCases. */
  tests: number[];
}

/** Set on a job without test cases: how its single run ended. */
export interface SingleRunFields extends RunMeasures {
  exitCode: number | null;
  signal: string | null;
  outputTruncated: boolean;
  stderrTruncated: boolean;
  /** `output` was not valid UTF-8 (each bad byte shows as U+FFFD). */
  outputNotUtf8: boolean;
}

export type JobStatus = 'queued' | 'active' | 'completed' | 'failed';

/** GET /job/:id answer. */
export interface JobView extends Partial<JobResult> {
  id: string;
  status: JobStatus;
  timestamp: string;
  language: string;
  progress?: number;
}

/** Size bounds of a request; configurable in the master, re-checked by the executor. */
export interface RequestBounds {
  maxCodeBytes: number;
  maxTestCases: number;
  maxCaseBytes: number;
  maxFiles: number;
  /** Each file's size, after base64 decoding. */
  maxFileBytes: number;
}

export const DEFAULT_REQUEST_BOUNDS: Readonly<RequestBounds> = Object.freeze({
  maxCodeBytes: 64 * 1024,
  maxTestCases: 100,
  maxCaseBytes: 1024 * 1024,
  maxFiles: 20,
  maxFileBytes: 1024 * 1024,
});
