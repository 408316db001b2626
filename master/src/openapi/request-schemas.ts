/**
 * Request schemas, converted from the joi schemas the master validates with (core's
 * executeRequestSchema), so the document cannot drift from what POST /execute accepts.
 */
import joiToJson from 'joi-to-json';
import { executeRequestSchema, type RequestBounds } from '@sentinel/core';
import type { JsonSchema } from './types.js';

// The package is CommonJS (module.exports = parse); its typings declare an ES default export.
const convert = joiToJson as unknown as typeof joiToJson.parse;

/** POST /execute's body, in JSON Schema 2020-12 (OpenAPI 3.1). */
export function executeRequestJsonSchema(bounds: RequestBounds): JsonSchema {
  const schema = convert(executeRequestSchema(bounds), 'open-api-3.1') as JsonSchema;
  return {
    ...schema,
    description:
      `A job: code in a language, run once on \`stdin\` or once per test case. Text fields are bounded in UTF-8 bytes: ` +
      `code at most ${bounds.maxCodeBytes}, each stdin/input/expected at most ${bounds.maxCaseBytes}, each file at most ${bounds.maxFileBytes} (after base64 decoding).`,
  };
}

/** POST /batch's body: 1..batchMaxJobs execute requests. */
export function batchRequestJsonSchema(batchMaxJobs: number): JsonSchema {
  return {
    type: 'object',
    required: ['jobs'],
    additionalProperties: false,
    properties: {
      jobs: { type: 'array', minItems: 1, maxItems: batchMaxJobs, items: { $ref: '#/components/schemas/ExecuteRequest' } },
    },
  };
}
