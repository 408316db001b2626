/** Small builders of operations, so each path in paths.ts reads as what it answers. */
import { answerHeaders } from './responses.js';
import type { JsonSchema, Operation, ResponseObject } from './types.js';

/** A Bearer key when API keys are on; none needed when they are off. */
export const KEY_WHEN_ON: Operation['security'] = [{}, { bearerAuth: [] }];
/** Never needs a key. */
export const PUBLIC: Operation['security'] = [];

export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const REQUEST_ID = { $ref: '#/components/parameters/RequestId' };
export const JOB_ID = { $ref: '#/components/parameters/JobId' };

/** A JSON answer of `schema`; `counted`: the route is rate limited (RateLimit-* headers). */
export function jsonAnswer(description: string, schema: JsonSchema, counted: boolean): ResponseObject {
  return { description, headers: answerHeaders(counted), content: { 'application/json': { schema } } };
}

/** A text answer of `mediaType`. */
export function textAnswer(description: string, mediaType: string, counted = false): ResponseObject {
  return { description, headers: answerHeaders(counted), content: { [mediaType]: { schema: { type: 'string' } } } };
}

export function waitParameter(maxWaitSeconds: number, what: string): JsonSchema {
  return {
    name: 'wait',
    in: 'query',
    required: false,
    description: `Seconds to wait for ${what} before answering (0 < wait <= ${maxWaitSeconds}); counted in the \`wait\` rate-limit class.`,
    schema: { type: 'number', exclusiveMinimum: 0, maximum: maxWaitSeconds },
  };
}
