/**
 * Headers, parameters and error answers shared by the operations: #/components/{headers,
 * parameters,responses}. Every error is the Error schema; each status has one response here.
 */
import type { JsonSchema, ResponseObject } from './types.js';

const integer: JsonSchema = { type: 'integer', minimum: 0 };
const header = (description: string, schema: JsonSchema) => ({ description, schema });
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

export const HEADERS = {
  'X-Request-Id': header('The request id: the one given (1..128 of [A-Za-z0-9._:-]), else a minted UUID.', { type: 'string', maxLength: 128 }),
  'RateLimit-Limit': header('Requests allowed in the window of this route\'s class (submit, read or wait).', integer),
  'RateLimit-Remaining': header('Requests left in the current window.', integer),
  'RateLimit-Reset': header('Seconds until the window resets.', integer),
  'X-RateLimit-Limit': header('Older name of RateLimit-Limit.', integer),
  'X-RateLimit-Remaining': header('Older name of RateLimit-Remaining.', integer),
  'X-RateLimit-Reset': header('Older name of RateLimit-Reset.', integer),
  'Retry-After': header('Seconds to wait before trying again.', integer),
  'WWW-Authenticate': header('`Bearer`', { type: 'string' }),
} as const;

/** Headers of an answer: the request id always, the rate-limit headers on counted routes. */
export function answerHeaders(counted: boolean, extra: string[] = []): ResponseObject['headers'] {
  const names = ['X-Request-Id', ...(counted ? ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] : []), ...extra];
  return Object.fromEntries(names.map((name) => [name, headerRef(name)]));
}

export const PARAMETERS = {
  RequestId: { name: 'X-Request-Id', in: 'header', required: false, description: 'Echoed and logged; minted when absent or invalid.', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' } },
  JobId: { name: 'id', in: 'path', required: true, description: 'A job id (UUID).', schema: { type: 'string', format: 'uuid' } },
};

const errorAnswer = (description: string, extraHeaders: string[] = []): ResponseObject => ({
  description,
  headers: answerHeaders(false, extraHeaders),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Error answers by status, as #/components/responses/<name>. */
export const ERROR_RESPONSES: Record<string, ResponseObject> = {
  BadRequest: errorAnswer('The request is invalid: `error` says why (INVALID_REQUEST, UNKNOWN_LANGUAGE, MALFORMED_JSON, ...) and `field` names what.'),
  Unauthorized: errorAnswer('API keys are on and the request has no well-formed `Authorization: Bearer <key>` (UNAUTHORIZED).', ['WWW-Authenticate']),
  Forbidden: errorAnswer('The API key is unknown or revoked (FORBIDDEN).'),
  NotFound: errorAnswer('No such job (JOB_NOT_FOUND): unknown, removed after its retention, or submitted with another API key.'),
  PayloadTooLarge: errorAnswer('The body is larger than BODY_LIMIT_BYTES (PAYLOAD_TOO_LARGE).'),
  UnsupportedMediaType: errorAnswer('The body is not application/json (UNSUPPORTED_MEDIA_TYPE).'),
  TooManyRequests: errorAnswer('Over a rate limit (RATE_LIMITED) or the API key\'s daily job quota (QUOTA_EXCEEDED).', [
    'Retry-After',
    'RateLimit-Limit',
    'RateLimit-Remaining',
    'RateLimit-Reset',
  ]),
  InternalError: errorAnswer('Sentinel\'s own fault (INTERNAL_ERROR).'),
  ServiceUnavailable: errorAnswer('Redis is unavailable or full, or the language\'s queue is full (REDIS_UNAVAILABLE, STORAGE_FULL, QUEUE_FULL).', ['Retry-After']),
};

/** Error statuses -> their response, by what an operation does. */
const STATUS_NAMES: Record<string, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** `statuses`' error responses, plus what every API route may answer (401, 403 with keys on; 429; 500; 503). */
export function errorResponses(statuses: number[]): Record<string, { $ref: string }> {
  const all = [...new Set([...statuses, 401, 403, 429, 500, 503])].sort();
  return Object.fromEntries(all.map((status) => [String(status), { $ref: `#/components/responses/${STATUS_NAMES[status]!}` }]));
}
