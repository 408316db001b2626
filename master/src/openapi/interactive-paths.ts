/**
 * Interactive runs: POST /interactive, and the WebSocket routes (their protocol in the operation
 * descriptions; a GET without an Upgrade answers 426). README "Interactive runs".
 */
import { executeRequestSchema, NOT_INTERACTIVE, type RequestBounds } from '@sentinel/core';
import joiToJson from 'joi-to-json';
import { errorResponses } from './responses.js';
import { JOB_ID, jsonAnswer, KEY_WHEN_ON, REQUEST_ID, schemaRef } from './operations.js';
import type { JsonSchema, OpenApiOptions, PathItem, ResponseObject } from './types.js';

// The package is CommonJS (module.exports = parse); its typings declare an ES default export.
const convert = joiToJson as unknown as typeof joiToJson.parse;

const PROTOCOL =
  'Client to server, JSON text frames: `{"type":"stdin","data":"..."}`, `{"type":"eof"}` (closes stdin), `{"type":"kill"}`. ' +
  'Server to client: `{"type":"attached","id"}`, `{"type":"stage","stage":"compile"|"run"}`, `{"type":"stdout"|"stderr","data"}` as the program writes, ' +
  'then `{"type":"exit","verdict","exitCode","signal","executionTime","cpuTimeMs","memoryKb","limitExceeded","stdoutTruncated","stderrTruncated","error"?}` and close 1000, ' +
  'or `{"type":"error","code","message"}` (SESSION_LOST: the executor stopped; INTERNAL_ERROR) and close 1011. A refused message or init is ' +
  '`{"type":"error","code","message","field"}` then close 4000 + the HTTP status the same refusal has (4400, 4404, 4408, 4429, 4503 ...); ' +
  'a closed socket kills the run. Output written before the socket attached is delivered from the start. ' +
  'Bounds: INTERACTIVE_WALL_MS (the run\'s wall clock), INTERACTIVE_IDLE_MS (no input nor output: TIME_LIMIT, limitExceeded "idle"), ' +
  'INTERACTIVE_STDIN_BYTES (limitExceeded "input"). The upgrade passes API keys, the rate limit and the Redis gate first: a refusal is the HTTP error answer, before switching protocols.';

const upgradeRequired: ResponseObject = {
  description: 'A WebSocket route asked for without `Upgrade: websocket` (UPGRADE_REQUIRED).',
  content: { 'application/json': { schema: schemaRef('Error') } },
};

/** POST /execute's body without what an interactive run refuses. */
export function interactiveRequestJsonSchema(bounds: RequestBounds): JsonSchema {
  const schema = convert(executeRequestSchema(bounds), 'open-api-3.1') as JsonSchema & { properties: Record<string, JsonSchema> };
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([name]) => !(NOT_INTERACTIVE as readonly string[]).includes(name)));
  return { ...schema, properties, description: 'An interactive run: code in a language, compiled once, then run once with the client as its stdin and reader.' };
}

export function interactivePaths(options: OpenApiOptions): Record<string, PathItem> {
  return {
    '/interactive': {
      post: {
        operationId: 'startInteractive',
        summary: 'Queue an interactive session',
        description: `Queues a session (rate-limit class \`submit\`); attach to it with WS \`attach\` on any master. ${PROTOCOL}`,
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID],
        requestBody: { required: true, content: { 'application/json': { schema: interactiveRequestJsonSchema(options.bounds) } } },
        responses: { 201: jsonAnswer('Queued: attach at `attach`.', schemaRef('InteractiveQueued'), true), ...errorResponses([400, 413, 415]) },
      },
      get: {
        operationId: 'interactiveSocket',
        summary: 'WebSocket: queue a session and talk to it over one connection',
        description: `Upgrade to a WebSocket (class \`submit\`); the first message is \`{"type":"init", ...the POST /interactive body}\` (within 10 s, else close 4408). ${PROTOCOL}`,
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [REQUEST_ID],
        responses: { 426: upgradeRequired, ...errorResponses([]) },
      },
    },
    '/job/{id}/interactive': {
      get: {
        operationId: 'attachInteractive',
        summary: 'WebSocket: attach to an interactive session',
        description: `Upgrade to a WebSocket (class \`wait\`) on any master. ${PROTOCOL}`,
        tags: ['jobs'],
        security: KEY_WHEN_ON,
        parameters: [JOB_ID, REQUEST_ID],
        responses: { 426: upgradeRequired, ...errorResponses([400, 404]) },
      },
    },
  };
}

export const INTERACTIVE_SCHEMAS: Record<string, JsonSchema> = {
  InteractiveQueued: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'status', 'timestamp', 'message', 'attach'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      status: { const: 'queued' },
      timestamp: { type: 'string', format: 'date-time', description: 'Submission time.' },
      message: { type: 'string' },
      attach: { type: 'string', description: 'The WebSocket path to attach to (any master): /job/{id}/interactive.' },
    },
  },
};
