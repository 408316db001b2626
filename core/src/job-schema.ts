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

/** An unpaired UTF-16 surrogate (a JSON "\\ud800" escape): text no UTF-8 file can hold. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Unicode text (what is written to files as UTF-8) of at most `max` UTF-8 bytes; NUL is data. */
const bytesAtMost = (max: number) =>
  Joi.string()
    .allow('')
    .custom((value: string, helpers) => {
      if (LONE_SURROGATE.test(value)) return helpers.error('string.loneSurrogate');
      return Buffer.byteLength(value) > max ? helpers.error('string.maxBytes', { max }) : value;
    })
    .messages({
      'string.maxBytes': '{{#label}} must be at most {{#max}} bytes',
      'string.loneSurrogate': '{{#label}} must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF)',
    });

const noNul = (schema: Joi.StringSchema) => schema.pattern(/^[^\0]*$/).messages({ 'string.pattern.base': '{{#label}} must not contain NUL bytes' });

/** A command-line word: any text but NUL, which no argv can carry. */
const argvWord = (maxBytes: number) => noNul(bytesAtMost(maxBytes));

const MAX_ARGS = 64;
export const MAX_CALLBACK_URL_CHARS = 2048;
const MAX_COMPILER_OPTIONS = 32;

/** Relative paths of 1 to 4 segments; a segment never starts with "." or "-" (so no "..", no options). */
export const SAFE_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}){0,3}$/;

function testCaseSchema(bounds: RequestBounds) {
  return Joi.object<TestCaseSpec, true>({
    input: bytesAtMost(bounds.maxCaseBytes).required(),
    expected: bytesAtMost(bounds.maxCaseBytes).required(),
    name: Joi.string().min(1).max(128),
    hidden: Joi.boolean(),
    timeLimitMs: Joi.number().integer().min(1).max(2 ** 31),
  });
}

function fileSchema(bounds: RequestBounds) {
  return Joi.object<JobFile, true>({
    name: Joi.string()
      .pattern(SAFE_FILE_NAME)
      .required()
      .messages({ 'string.pattern.base': '{{#label}} must be a relative path of letters, digits, "_", "-" and "." (no "..", no leading "." or "-", at most 4 levels)' }),
    content: Joi.string().allow('').required(),
    encoding: Joi.string().valid('utf8', 'base64'),
  }).custom((file: JobFile, helpers) => {
    if (file.encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(file.content)) return helpers.error('file.base64');
    if (file.encoding !== 'base64' && LONE_SURROGATE.test(file.content)) return helpers.error('file.loneSurrogate');
    const size = file.encoding === 'base64' ? Buffer.from(file.content, 'base64').length : Buffer.byteLength(file.content);
    return size > bounds.maxFileBytes ? helpers.error('file.tooBig', { max: bounds.maxFileBytes }) : file;
  }).messages({
    'file.base64': '{{#label}}.content is not valid base64',
    'file.loneSurrogate': '{{#label}}.content must be valid Unicode text: it has an unpaired surrogate (\\uD800-\\uDFFF); send bytes as base64',
    'file.tooBig': '{{#label}}.content must be at most {{#max}} bytes',
  });
}

/** File names must be unique, and no file may sit where another needs a folder ("a" and "a/b"). */
function filesSchema(bounds: RequestBounds) {
  return Joi.array()
    .items(fileSchema(bounds))
    .max(bounds.maxFiles)
    .custom((files: JobFile[], helpers) => {
      const names = new Set(files.map((file) => file.name));
      if (names.size !== files.length) return helpers.error('files.duplicate');
      for (const name of names) {
        const parts = name.split('/');
        for (let depth = 1; depth < parts.length; depth++) {
          if (names.has(parts.slice(0, depth).join('/'))) return helpers.error('files.folder', { name });
        }
      }
      return files;
    })
    .messages({
      'files.duplicate': '{{#label}} must not name the same file twice',
      'files.folder': '{{#label}}: "{{#name}}" needs a folder where another file is',
    });
}

/** The request fields that the payload carries too. */
function jobFields(bounds: RequestBounds) {
  return {
    // Source code is text: NUL is never valid source (compilers reject or drop it), unlike in input data.
    code: noNul(bytesAtMost(bounds.maxCodeBytes)).disallow('').messages({ 'any.invalid': '"code" must not be empty' }),
    testCases: Joi.array().items(testCaseSchema(bounds)).max(bounds.maxTestCases),
    stdin: bytesAtMost(bounds.maxCaseBytes),
    args: Joi.array().items(argvWord(4096)).max(MAX_ARGS),
    files: filesSchema(bounds),
    compilerOptions: Joi.array().items(noNul(Joi.string().min(1).max(256))).max(MAX_COMPILER_OPTIONS),
    limits: partialLimitsSchema,
    checker: checkerSchema,
    stopOnFirstFailure: Joi.boolean(),
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
    interactive: Joi.object({
      wallMs: Joi.number().integer().min(1).max(MAX_SESSION_MS).required(),
      idleMs: Joi.number().integer().min(1).max(MAX_SESSION_MS).required(),
      stdinBytes: Joi.number().integer().min(1).max(MAX_SESSION_STDIN_BYTES).required(),
    }),
  })
    .unknown(false)
    .custom((payload: JobPayload, helpers) => (payload.interactive && (payload.testCases.length > 0 || payload.stdin !== '') ? helpers.error('payload.interactive') : payload))
    .messages({ 'payload.interactive': 'an interactive job has no testCases and no stdin' });
}

/** Ceilings of the interactive bounds a payload may carry (the master's config is checked against them too). */
export const MAX_SESSION_MS = 3_600_000;
export const MAX_SESSION_STDIN_BYTES = 64 * 1024 * 1024;
