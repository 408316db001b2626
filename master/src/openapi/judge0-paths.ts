/**
 * The Judge0 CE 1.13.1 API (master/src/compat/judge0/): every route under /judge0, and the
 * submission and status routes at the root too. Schemas inline: Judge0's shapes, not Sentinel's.
 */
import { VERDICTS } from '@sentinel/core';
import { ALL_FIELDS } from '../compat/judge0/fields.js';
import { jsonAnswer, KEY_WHEN_ON, REQUEST_ID } from './operations.js';
import type { JsonSchema, Operation, PathItem } from './types.js';

const text: JsonSchema = { type: ['string', 'null'] };
const status: JsonSchema = {
  type: 'object',
  required: ['id', 'description'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 14 }, description: { type: 'string' } },
  additionalProperties: false,
};
const language: JsonSchema = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } }, additionalProperties: false };
const number: JsonSchema = { type: ['number', 'null'] };
const flag: JsonSchema = { type: ['boolean', 'null'] };
const FIELD_SCHEMAS: Record<(typeof ALL_FIELDS)[number], JsonSchema> = {
  token: { type: 'string', format: 'uuid' },
  source_code: text,
  language_id: { type: 'integer' },
  stdin: text,
  expected_output: text,
  stdout: text,
  status_id: { type: 'integer', minimum: 1, maximum: 14 },
  created_at: { type: 'string', format: 'date-time' },
  finished_at: { type: ['string', 'null'], format: 'date-time' },
  time: { type: ['string', 'null'], pattern: '^\\d+\\.\\d{3}$', description: 'CPU time, seconds' },
  memory: { type: ['integer', 'null'], description: 'Peak memory, KB' },
  stderr: text,
  number_of_runs: number,
  cpu_time_limit: number,
  cpu_extra_time: number,
  wall_time_limit: number,
  memory_limit: number,
  stack_limit: number,
  max_processes_and_or_threads: number,
  enable_per_process_and_thread_time_limit: flag,
  enable_per_process_and_thread_memory_limit: flag,
  max_file_size: number,
  compile_output: text,
  exit_code: { type: ['integer', 'null'] },
  exit_signal: { type: ['integer', 'null'] },
  message: text,
  wall_time: { type: ['string', 'null'], pattern: '^\\d+\\.\\d{3}$' },
  compiler_options: text,
  command_line_arguments: text,
  redirect_stderr_to_stdout: flag,
  callback_url: text,
  additional_files: { type: 'null' },
  enable_network: flag,
  status,
  language,
  sentinel_verdict: { enum: [...VERDICTS, null], description: 'Sentinel\'s own verdict (MEMORY_LIMIT has no Judge0 status); null until finished' },
};
const submission: JsonSchema = { type: 'object', properties: FIELD_SCHEMAS, additionalProperties: false, description: 'The fields asked for (`fields`), default token, time, memory, stdout, stderr, compile_output, message, status, sentinel_verdict.' };
const errorBody: JsonSchema = {
  type: 'object',
  description: 'Judge0\'s error: `{ "error": "..." }` (with `token` for a wait whose output is not UTF-8, `status` for 404), or a 422 `{ "<field>": ["message", ...] }`.',
  anyOf: [
    { required: ['error'], properties: { error: { type: 'string' }, token: { type: 'string' }, status: { type: 'integer' } }, additionalProperties: false },
    { minProperties: 1, additionalProperties: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  ],
};

const errors = (statuses: number[]) =>
  Object.fromEntries([...new Set([...statuses, 401, 403, 429, 500, 503])].sort().map((code) => [String(code), jsonAnswer('A Judge0-shaped error.', errorBody, false)]));
const query = (name: string, description: string): JsonSchema => ({ name, in: 'query', required: false, description, schema: { type: 'string' } });
const FIELDS = query('fields', 'Comma-separated fields, or `*` for all; an unknown one is a 400 `invalid fields: [x]`.');
const BASE64 = query('base64_encoded', '`true`: texts in and out are base64 (out: 60-column lines with a final newline).');
const operation = (operationId: string, summary: string, rest: Partial<Operation> & Pick<Operation, 'responses'>): Operation => ({ operationId, summary, tags: ['judge0'], security: KEY_WHEN_ON, ...rest });
const body = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };

function submissionPaths(base: string, id: string): Record<string, PathItem> {
  return {
    [`${base}/submissions`]: {
      post: operation(`judge0CreateSubmission${id}`, 'Judge0: create a submission', {
        parameters: [REQUEST_ID, FIELDS, BASE64, query('wait', '`true`: answer with the submission once finished (at most MAX_WAIT_SECONDS).')],
        requestBody: body,
        responses: { 201: jsonAnswer('`{ "token" }`, or with wait=true the submission.', { anyOf: [submission, errorBody] }, true), ...errors([400, 413, 415, 422]) },
      }),
    },
    [`${base}/submissions/batch`]: {
      post: operation(`judge0CreateBatch${id}`, 'Judge0: create 1..20 submissions', {
        parameters: [REQUEST_ID, BASE64],
        requestBody: body,
        responses: {
          201: jsonAnswer('One entry per item, in order: `{ "token" }` or its errors.', { type: 'array', items: { anyOf: [submission, errorBody] } }, true),
          ...errors([400, 413, 415]),
          422: jsonAnswer('No item was queued: each item\'s errors, in order.', { type: 'array', items: errorBody }, true),
        },
      }),
      get: operation(`judge0GetBatch${id}`, 'Judge0: several submissions (null for unknown tokens)', {
        parameters: [REQUEST_ID, FIELDS, BASE64, query('tokens', 'Comma-separated tokens (1..20).')],
        responses: { 200: jsonAnswer('`{ "submissions": [...] }`', { type: 'object', required: ['submissions'], properties: { submissions: { type: 'array', items: { anyOf: [submission, { type: 'null' }] } } }, additionalProperties: false }, true), ...errors([400]) },
      }),
    },
    [`${base}/submissions/{token}`]: {
      get: operation(`judge0GetSubmission${id}`, 'Judge0: a submission', {
        parameters: [REQUEST_ID, FIELDS, BASE64, { name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: jsonAnswer('The submission.', submission, true), ...errors([400, 404]) },
      }),
    },
    [`${base}/statuses`]: {
      get: operation(`judge0Statuses${id}`, 'Judge0: the statuses', { parameters: [REQUEST_ID], responses: { 200: jsonAnswer('Ids 1..14.', { type: 'array', items: status }, true), ...errors([]) } }),
    },
  };
}

export function judge0Paths(): Record<string, PathItem> {
  const detail: JsonSchema = {
    type: 'object',
    required: ['id', 'name', 'is_archived', 'source_file', 'compile_cmd', 'run_cmd'],
    properties: { id: { type: 'integer' }, name: { type: 'string' }, is_archived: { type: 'boolean' }, source_file: { type: 'string' }, compile_cmd: text, run_cmd: { type: 'string' } },
    additionalProperties: false,
  };
  return {
    ...submissionPaths('/judge0', ''),
    ...submissionPaths('', 'AtRoot'),
    '/judge0/languages': {
      get: operation('judge0Languages', 'Judge0: the languages (packs with a Judge0 id)', { parameters: [REQUEST_ID], responses: { 200: jsonAnswer('`[{ id, name }]`', { type: 'array', items: language }, true), ...errors([]) } }),
    },
    '/judge0/languages/{id}': {
      get: operation('judge0Language', 'Judge0: one language, with its commands', {
        parameters: [REQUEST_ID, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: jsonAnswer('The language.', detail, true), ...errors([404]) },
      }),
    },
  };
}
