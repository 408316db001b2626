/** Piston v2's routes (master/src/compat/piston/): GET /api/v2/runtimes, POST /api/v2/execute, in Piston's shapes. */
import { answerHeaders } from './responses.js';
import { jsonAnswer, KEY_WHEN_ON, REQUEST_ID, schemaRef } from './operations.js';
import type { JsonSchema, PathItem, ResponseObject } from './types.js';

const text: JsonSchema = { type: 'string' };
const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });
const milliseconds: JsonSchema = { type: 'integer', minimum: -1, description: 'milliseconds; -1 or absent: the language\'s own limit (absent timeouts: Piston\'s defaults, never above it)' };
const bytes: JsonSchema = { type: 'integer', minimum: -1, description: 'bytes (rounded up to whole MiB); -1 or absent: the language\'s own limit' };

const STATUSES = ['RE', 'SG', 'TO', 'OL', 'EL', 'XX'];

export const PISTON_SCHEMAS: Record<string, JsonSchema> = {
  PistonRuntime: {
    type: 'object',
    required: ['language', 'version', 'aliases'],
    additionalProperties: false,
    properties: { language: text, version: text, aliases: { type: 'array', items: text }, runtime: text },
  },
  PistonExecuteRequest: {
    type: 'object',
    description: 'Piston v2\'s execute body. `version` is a SemVer selector ("*", "3.x", "3.11.2").',
    required: ['language', 'version', 'files'],
    properties: {
      language: text,
      version: text,
      files: {
        type: 'array',
        items: { type: 'object', required: ['content'], properties: { name: text, content: text, encoding: { type: 'string', enum: ['utf8', 'base64', 'hex'] } } },
      },
      stdin: { type: 'string', description: 'A newline is appended when it is not empty.' },
      args: { type: 'array', items: text },
      compile_timeout: milliseconds,
      compile_cpu_time: milliseconds,
      compile_memory_limit: bytes,
      run_timeout: milliseconds,
      run_cpu_time: milliseconds,
      run_memory_limit: bytes,
    },
  },
  PistonStage: {
    type: 'object',
    required: ['stdout', 'stderr', 'output', 'code', 'signal', 'message', 'status', 'cpu_time', 'wall_time', 'memory'],
    additionalProperties: false,
    properties: {
      stdout: text,
      stderr: text,
      output: text,
      code: nullable('integer'),
      signal: nullable('string'),
      message: nullable('string'),
      status: { enum: [...STATUSES, null] },
      cpu_time: { type: ['number', 'null'], description: 'ms' },
      wall_time: { type: ['number', 'null'], description: 'ms' },
      memory: { type: ['number', 'null'], description: 'bytes' },
    },
  },
  PistonExecuteResponse: {
    type: 'object',
    required: ['language', 'version', 'run'],
    additionalProperties: false,
    properties: { language: text, version: text, run: schemaRef('PistonStage'), compile: schemaRef('PistonStage') },
  },
  PistonError: { type: 'object', required: ['message'], additionalProperties: false, properties: { message: text } },
};

const error = (description: string): ResponseObject => ({
  description,
  headers: answerHeaders(false),
  content: { 'application/json': { schema: schemaRef('PistonError') } },
});

/** Piston's routes answer every error as `{message}`, with Sentinel's statuses. */
function pistonErrors(statuses: number[]): Record<string, ResponseObject> {
  const described: Record<number, string> = {
    400: 'Invalid request, unknown runtime or a limit above the configured one (Piston\'s messages).',
    401: 'API keys are on and the request has no key.',
    403: 'The API key is unknown or revoked.',
    413: 'The body is larger than BODY_LIMIT_BYTES.',
    415: 'Not application/json, nor text/plain holding JSON: "requests must be of type application/json".',
    429: 'Over a rate limit or the API key\'s daily job quota.',
    500: 'Sentinel\'s own fault.',
    503: 'Redis is unavailable or full, or the language\'s queue is full.',
    504: 'The job did not finish in time; GET /job/{id} reads it later.',
    426: 'A WebSocket route asked for without `Upgrade: websocket`.',
  };
  return Object.fromEntries(statuses.map((status) => [String(status), error(described[status]!)]));
}

export function pistonPaths(): Record<string, PathItem> {
  return {
    '/api/v2/runtimes': {
      get: {
        operationId: 'pistonRuntimes',
        summary: 'Piston v2: the runtimes (packs that declare a Piston name)',
        tags: ['piston'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID],
        responses: { 200: jsonAnswer('Piston\'s runtime list.', { type: 'array', items: schemaRef('PistonRuntime') }, true), ...pistonErrors([401, 403, 429, 500, 503]) },
      },
    },
    '/api/v2/execute': {
      post: {
        operationId: 'pistonExecute',
        summary: 'Piston v2: run a program and answer when it ends',
        description: 'Runs on Sentinel\'s queues and executors (rate-limit class `submit`). Takes application/json, and text/plain that holds JSON (what the npm piston-client sends).',
        tags: ['piston'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaRef('PistonExecuteRequest') }, 'text/plain': { schema: text } },
        },
        responses: {
          200: jsonAnswer('The run (and compile) stages.', schemaRef('PistonExecuteResponse'), true),
          ...pistonErrors([400, 401, 403, 413, 415, 429, 500, 503, 504]),
        },
      },
    },
    '/api/v2/connect': {
      get: {
        operationId: 'pistonConnect',
        summary: 'Piston v2: WebSocket, an interactive run (Piston\'s messages and close codes)',
        description:
          'Upgrade to a WebSocket (rate-limit class `submit`). The client sends `{"type":"init", ...the execute body}` within 1 s (its stdin is ignored), then ' +
          '`{"type":"data","stream":"stdin","data"}` and `{"type":"signal","signal"}` (any signal ends the run with SIGKILL). The server sends `runtime`, `stage`, ' +
          '`data` (stdout, stderr), `exit` per stage, or `error`. Close codes: 4000 already initialized, 4001 no init within 1 s, 4002 notified error, ' +
          '4003 not yet initialized, 4004 can only write to stdin, 4005 invalid signal, 4999 job completed. It runs as an interactive session (README "Interactive runs"): ' +
          'run_timeout may be up to INTERACTIVE_WALL_MS, and the idle and stdin bounds apply.',
        tags: ['piston'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID],
        responses: { ...pistonErrors([401, 403, 426, 429, 503]) },
      },
    },
  };
}
