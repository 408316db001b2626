/**
 * joi schemas of the request (POST /execute) and of the payload on the queue. The master validates
 * requests with the first; every executor re-validates what it takes from Redis with the second,
 * so a forged or corrupted job is rejected, never run.
 */
import Joi from 'joi';
import { checkerSchema } from './checker.js';
import { DEFAULT_REQUEST_BOUNDS, type CheckedRequest, type ExecuteRequest, type JobFile, type JobPayload, REQUEST_ID, type RequestBounds, type TestCaseSpec } from './job.js';
import { partialLimitsSchema } from './limits.js';
import { PACK_ID } from './pack/patterns.js';
import { programSchema } from './program.js';
import { argvWord, bytesAtMost, codeSchema, filesSchema, noNul } from './text-schema.js';

const MAX_ARGS = 64;
export const MAX_CALLBACK_URL_CHARS = 2048;
const MAX_COMPILER_OPTIONS = 32;
/** Most points one test may be worth. */
export const MAX_POINTS = 1_000_000;

function testCaseSchema(bounds: RequestBounds) {
  return Joi.object<TestCaseSpec, true>({
    input: bytesAtMost(bounds.maxCaseBytes).required(),
    expected: bytesAtMost(bounds.maxCaseBytes).required(),
    name: Joi.string().min(1).max(128),
    hidden: Joi.boolean(),
    timeLimitMs: Joi.number().integer().min(1).max(2 ** 31),
    points: Joi.number().min(0).max(MAX_POINTS),
    group: Joi.string().min(1).max(64),
  });
}

/** The request fields that the payload carries too. */
function jobFields(bounds: RequestBounds) {
  return {
    code: codeSchema(bounds),
    testCases: Joi.array().items(testCaseSchema(bounds)).max(bounds.maxTestCases),
    stdin: bytesAtMost(bounds.maxCaseBytes),
    args: Joi.array().items(argvWord(4096)).max(MAX_ARGS),
    files: filesSchema(bounds),
    compilerOptions: Joi.array().items(noNul(Joi.string().min(1).max(256))).max(MAX_COMPILER_OPTIONS),
    limits: partialLimitsSchema,
    checker: checkerSchema(bounds),
    stopOnFirstFailure: Joi.boolean(),
    interactor: programSchema(bounds),
    // Only its form here: which hosts a callback may reach is the master's network policy.
    callbackUrl: Joi.string()
      .max(MAX_CALLBACK_URL_CHARS)
      .uri({ scheme: ['http', 'https'] })
      .messages({ 'string.uriCustomScheme': '{{#label}} must be an http or https URL' }),
  };
}

/**
 * Validates POST /execute bodies and fills in every default: keys are checked against
 * ExecuteRequest, the value is a CheckedRequest. Never converts: a number is a JSON
 * number and a boolean a JSON boolean (`"1000"` and `"true"` are errors naming their field), as the
 * executor's payload check (`convert: false`) would refuse them anyway.
 */
export function executeRequestSchema(bounds: RequestBounds = DEFAULT_REQUEST_BOUNDS) {
  const fields = jobFields(bounds);
  return Joi.object<CheckedRequest, true, ExecuteRequest>({
    ...fields,
    code: fields.code.required(),
    language: Joi.string().min(1).max(64).required(),
    version: Joi.string().min(1).max(64),
    testCases: fields.testCases.default([]),
    stdin: fields.stdin.default(''),
    args: fields.args.default([]),
    files: fields.files.default([]),
    compilerOptions: fields.compilerOptions.default([]),
    limits: fields.limits.default({}),
    stopOnFirstFailure: fields.stopOnFirstFailure.default(false),
  })
    .unknown(false)
    .custom(interactorRules)
    .messages(INTERACTOR_MESSAGES)
    .prefs({ convert: false });
}

const uuid = Joi.string().guid({ version: 'uuidv4' });

/** Validates payloads taken from a queue: a forged or corrupted job is rejected, never run. */
export function jobPayloadSchema(bounds: RequestBounds = DEFAULT_REQUEST_BOUNDS) {
  const fields = jobFields(bounds);
  return Joi.object<JobPayload, true>({
    id: uuid.required(),
    language: Joi.string().pattern(PACK_ID).required(),
    code: fields.code.required(),
    testCases: fields.testCases.required(),
    stdin: fields.stdin.required(),
    args: fields.args.required(),
    files: fields.files.required(),
    compilerOptions: fields.compilerOptions.required(),
    limits: fields.limits.required(),
    checker: fields.checker.required(),
    stopOnFirstFailure: fields.stopOnFirstFailure.required(),
    submittedAt: Joi.string().isoDate().required(),
    requestId: Joi.string().pattern(REQUEST_ID),
    callbackUrl: fields.callbackUrl,
    interactor: fields.interactor,
    interactive: Joi.object({
      wallMs: Joi.number().integer().min(1).max(MAX_SESSION_MS).required(),
      idleMs: Joi.number().integer().min(1).max(MAX_SESSION_MS).required(),
      stdinBytes: Joi.number().integer().min(1).max(MAX_SESSION_STDIN_BYTES).required(),
    }),
  })
    .unknown(false)
    .custom((payload: JobPayload, helpers) => {
      if (payload.interactive && (payload.testCases.length > 0 || payload.stdin !== '' || payload.interactor)) return helpers.error('payload.interactive');
      return interactorRules(payload, helpers);
    })
    .messages({ ...INTERACTOR_MESSAGES, 'payload.interactive': 'an interactive job has no testCases, no stdin and no interactor' });
}

/** An interactor judges test cases: it needs some, and the solution's stdin is the interactor. */
function interactorRules<T extends Pick<JobPayload, 'interactor' | 'testCases' | 'stdin'>>(job: T, helpers: Joi.CustomHelpers): T | Joi.ErrorReport {
  if (!job.interactor) return job;
  if (job.testCases.length === 0) return helpers.error('interactor.tests');
  if (job.stdin !== '') return helpers.error('interactor.stdin');
  return job;
}

const INTERACTOR_MESSAGES = {
  'interactor.tests': '"interactor" needs "testCases": it is run against each test\'s input',
  'interactor.stdin': '"stdin" is not allowed with "interactor": the interactor is the program\'s stdin',
};

/** Ceilings of the interactive bounds a payload may carry (the master's config is checked against them too). */
export const MAX_SESSION_MS = 3_600_000;
export const MAX_SESSION_STDIN_BYTES = 64 * 1024 * 1024;
