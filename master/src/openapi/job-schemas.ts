/**
 * Response schemas of the job routes, written once from core's types (job.ts: JobView, JobResult,
 * TestCaseResult) and the routes' answers. Referenced as #/components/schemas/<name>.
 */
import { LIMIT_NAMES, VERDICTS } from '@sentinel/core';
import type { JsonSchema } from './types.js';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: JsonSchema = {}): JsonSchema => ({ type: [type, 'null'], ...extra });
const text: JsonSchema = { type: 'string' };
const flag: JsonSchema = { type: 'boolean' };
const ms: JsonSchema = { type: 'number', minimum: 0 };
const isoTime: JsonSchema = { type: 'string', format: 'date-time' };
const jobId: JsonSchema = { type: 'string', format: 'uuid' };

const EXCEEDED_LIMITS = ['wall', 'cpu', 'memory', 'output', 'disk', 'processes', 'idle', 'input'];

/** RunMeasures: measured by the sandbox, null when it cannot measure. */
const measures: Record<string, JsonSchema> = {
  cpuTimeMs: nullable('number', { minimum: 0 }),
  memoryKb: nullable('number', { minimum: 0 }),
  limitExceeded: { enum: [...EXCEEDED_LIMITS, null] },
};

const score: JsonSchema = { type: 'number', minimum: 0 };

/** InteractorMeasures: the interactor's side of an interactive test. */
const interactorMeasures: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['exitCode', 'signal', 'executionTime'],
  properties: { ...measures, exitCode: nullable('integer'), signal: nullable('string'), executionTime: ms },
};

const testRun: Record<string, JsonSchema> = {
  ...measures,
  name: text,
  group: { ...text, description: 'The test\'s group (subtask), when it has one.' },
  passed: { ...flag, description: 'ACCEPTED: full marks.' },
  points: { ...score, description: 'What the test is worth (its `points`, default 1).' },
  score: { ...score, description: 'points x the fraction its checker gave (1 or 0 for the built-in checkers).' },
  interactor: interactorMeasures,
  executionTime: ms,
  verdict: ref('Verdict'),
  exitCode: nullable('integer'),
  signal: nullable('string'),
};
/**
 * Members every result has; the executor always sets the others too, but the master answers what
 * was stored (a result of an older executor has fewer).
 */
const TEST_RUN_REQUIRED = ['passed', 'executionTime', 'verdict'];

const visibleTest: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...TEST_RUN_REQUIRED, 'input', 'expected', 'actualOutput'],
  properties: {
    ...testRun,
    hidden: { const: false },
    checkerMessage: { ...text, description: 'What a checker program or interactor printed (capped at 4 KiB); never on a hidden test.' },
    input: text,
    expected: text,
    actualOutput: text,
    stderr: text,
    outputTruncated: flag,
    stderrTruncated: flag,
    inputTruncated: flag,
    expectedTruncated: flag,
    outputNotUtf8: flag,
  },
};

const hiddenTest: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...TEST_RUN_REQUIRED, 'hidden'],
  properties: { ...testRun, hidden: { const: true } },
};

/** JobView's members (id, status, timestamp, language, then every JobResult member, optional). */
const jobViewProperties: Record<string, JsonSchema> = {
  id: jobId,
  status: { type: 'string', enum: ['queued', 'active', 'completed', 'failed'] },
  timestamp: { ...isoTime, description: 'Time of the current state (submitted, started or finished).' },
  language: text,
  progress: { type: 'number', minimum: 0, maximum: 100 },
  output: { ...text, description: 'Standard output of the single run when the job has no test cases; otherwise "".' },
  error: { ...text, description: 'Compiler output on a compile failure, or why the job could not run; otherwise "".' },
  executionTime: ms,
  verdict: ref('Verdict'),
  passed: { type: 'integer', minimum: 0 },
  total: { type: 'integer', minimum: 0 },
  score: { ...score, description: 'Sum of the tests\' scores, each group scoring as one.' },
  maxScore: { ...score, description: 'Sum of the tests\' points.' },
  groups: { type: 'array', items: ref('GroupResult'), description: 'Each group (subtask), when the tests have any.' },
  testCases: { type: 'array', items: ref('TestCaseResult') },
  compile: ref('CompileResult'),
  checkerCompile: { ...ref('CompileResult'), description: 'The checker program\'s or interactor\'s compile, when its language compiles.' },
  ...measures,
  exitCode: nullable('integer'),
  signal: nullable('string'),
  outputTruncated: flag,
  stderrTruncated: flag,
  outputNotUtf8: flag,
};

const queuedProperties = {
  id: jobId,
  status: { const: 'queued' },
  timestamp: { ...isoTime, description: 'Submission time.' },
};

export const JOB_SCHEMAS: Record<string, JsonSchema> = {
  Error: {
    type: 'object',
    description: 'Every error answer. Some codes add members (e.g. `retryAfter`, `maximum`).',
    required: ['error', 'message'],
    properties: { error: { type: 'string', pattern: '^[A-Z0-9_]+$' }, message: text, field: text },
  },
  Verdict: { type: 'string', enum: [...VERDICTS] },
  Limits: {
    type: 'object',
    additionalProperties: false,
    required: [...LIMIT_NAMES],
    properties: Object.fromEntries(LIMIT_NAMES.map((name) => [name, { type: 'integer', minimum: 1 }])),
  },
  TestCaseResult: { anyOf: [visibleTest, hiddenTest] },
  CompileResult: {
    type: 'object',
    additionalProperties: false,
    required: ['output', 'timeMs', 'success'],
    properties: { output: text, timeMs: ms, success: flag },
  },
  GroupResult: {
    type: 'object',
    additionalProperties: false,
    required: ['group', 'points', 'score', 'passed', 'tests'],
    properties: {
      group: text,
      points: score,
      score: { ...score, description: 'points x the lowest fraction of its tests: all or nothing with the built-in checkers.' },
      passed: flag,
      tests: { type: 'array', items: { type: 'integer', minimum: 0 }, description: 'Indexes of its tests in testCases.' },
    },
  },
  JobView: {
    type: 'object',
    description: 'GET /job/{id}: the job\'s state, and once it is finished its result.',
    additionalProperties: false,
    required: ['id', 'status', 'timestamp', 'language'],
    properties: jobViewProperties,
  },
  ExecuteQueued: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'status', 'timestamp', 'message'],
    properties: { ...queuedProperties, message: text },
  },
  ExecuteWaited: {
    type: 'object',
    description: 'POST /execute?wait=: the job as GET /job/{id} shows it when the wait ended, `timestamp` being the submission time.',
    additionalProperties: false,
    required: ['id', 'status', 'timestamp', 'language', 'message'],
    properties: { ...jobViewProperties, message: text },
  },
  BatchAccepted: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'status', 'timestamp'],
    properties: { ...queuedProperties, message: text },
  },
  BatchResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['jobs'],
    properties: { jobs: { type: 'array', items: { anyOf: [ref('BatchAccepted'), ref('Error')] } } },
  },
  JobNotFound: {
    type: 'object',
    required: ['id', 'error', 'message'],
    properties: { id: text, error: { const: 'JOB_NOT_FOUND' }, message: text },
  },
  JobsResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['jobs'],
    properties: { jobs: { type: 'array', items: { anyOf: [ref('JobView'), ref('JobNotFound')] } } },
  },
  ProgressEvent: {
    type: 'object',
    description: 'The data of an `event: progress` of GET /job/{id}/events.',
    required: ['id', 'status', 'progress'],
    properties: {
      id: jobId,
      status: jobViewProperties.status!,
      progress: jobViewProperties.progress!,
      test: {
        type: 'object',
        description: 'One TestCaseResult (as in JobView.testCases) plus its `index`.',
        required: ['index', 'passed', 'verdict'],
        properties: { ...testRun, index: { type: 'integer', minimum: 0 } },
      },
    },
  },
};
