/**
 * Jobs: the request a client submits, the payload on the queue, the result an executor stores and
 * the view GET /job/:id answers with. Field names of the API contract are kept as they are.
 */
import Joi from 'joi';
import { partialLimitsSchema, type ExceededLimit, type Limits } from './limits.js';
import type { Verdict } from './verdict.js';

export interface TestCaseInput {
  input: string;
  expected: string;
}

/** POST /execute body. */
export interface ExecuteRequest {
  code: string;
  language: string;
  testCases?: TestCaseInput[];
  /** Input of the single run made when there are no test cases. */
  stdin?: string;
  /** Lower limits for this job's runs; each at most the language's own (see resolveLimits). */
  limits?: Partial<Limits>;
}

/** What the master puts on a language's queue (the Bull job's data). */
export interface JobPayload {
  id: string;
  /** Pack id (aliases are resolved by the master). */
  language: string;
  code: string;
  testCases: TestCaseInput[];
  stdin: string;
  /** Requested limits, already checked against the language's ceiling by the master. */
  limits: Partial<Limits>;
  submittedAt: string;
}

/** How one run went, measured by the sandbox (beside the contract's fields, never replacing them). */
export interface RunMeasures {
  /** CPU time of every process of the run together, ms (null when the sandbox cannot measure it). */
  cpuTimeMs: number | null;
  /** Peak memory of the run's whole process tree, KiB (null when the sandbox cannot measure it). */
  memoryKb: number | null;
  /** Which limit stopped the run: TIME_LIMIT says "cpu" or "wall" here. Null when none did. */
  limitExceeded: ExceededLimit | null;
}

export interface TestCaseResult extends TestCaseInput, RunMeasures {
  actualOutput: string;
  passed: boolean;
  /** Wall time of the run, ms. */
  executionTime: number;
  verdict: Verdict;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
}

/** What an executor stores when it finishes a job (the Bull job's return value). */
export interface JobResult extends Partial<SingleRunFields> {
  /** Standard output of the single run when the job has no test cases; otherwise "". */
  output: string;
  /** Compiler output on a compile failure, or the reason the job could not run; otherwise "". */
  error: string;
  /** Wall time of the whole job (compile and every run), ms. */
  executionTime: number;
  verdict: Verdict;
  passed: number;
  total: number;
  testCases: TestCaseResult[];
}

/** Set on a job without test cases: how its single run ended. */
export interface SingleRunFields extends RunMeasures {
  exitCode: number | null;
  signal: string | null;
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
}

export const DEFAULT_REQUEST_BOUNDS: Readonly<RequestBounds> = Object.freeze({
  maxCodeBytes: 64 * 1024,
  maxTestCases: 100,
  maxCaseBytes: 1024 * 1024,
});

const bytesAtMost = (max: number) =>
  Joi.string()
    .allow('')
    .custom((value: string, helpers) => (Buffer.byteLength(value) > max ? helpers.error('string.maxBytes', { max }) : value))
    .messages({ 'string.maxBytes': '{{#label}} must be at most {{#max}} bytes' });

function testCaseSchema(bounds: RequestBounds) {
  return Joi.object<TestCaseInput>({
    input: bytesAtMost(bounds.maxCaseBytes).required(),
    expected: bytesAtMost(bounds.maxCaseBytes).required(),
  });
}

/** Validates POST /execute bodies. */
export function executeRequestSchema(bounds: RequestBounds = DEFAULT_REQUEST_BOUNDS) {
  return Joi.object<ExecuteRequest>({
    code: bytesAtMost(bounds.maxCodeBytes).disallow('').required().messages({ 'any.invalid': '"code" must not be empty' }),
    language: Joi.string().min(1).max(64).required(),
    testCases: Joi.array().items(testCaseSchema(bounds)).max(bounds.maxTestCases).default([]),
    stdin: bytesAtMost(bounds.maxCaseBytes).default(''),
    limits: partialLimitsSchema.default({}),
  }).unknown(false);
}

const uuid = Joi.string().guid({ version: 'uuidv4' });

/** Validates payloads taken from a queue: a forged or corrupted job is rejected, never run. */
export function jobPayloadSchema(bounds: RequestBounds = DEFAULT_REQUEST_BOUNDS) {
  return Joi.object<JobPayload>({
    id: uuid.required(),
    language: Joi.string().pattern(/^[a-z][a-z0-9-]{0,31}$/).required(),
    code: bytesAtMost(bounds.maxCodeBytes).disallow('').required(),
    testCases: Joi.array().items(testCaseSchema(bounds)).max(bounds.maxTestCases).required(),
    stdin: bytesAtMost(bounds.maxCaseBytes).required(),
    limits: partialLimitsSchema.required(),
    submittedAt: Joi.string().isoDate().required(),
  }).unknown(false);
}
