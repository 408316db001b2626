/**
 * The one table from error codes to HTTP statuses. Every error answer's status is looked up here
 * by its code; a code missing from it is a compile error where the error is made.
 */
import type { RequestErrorCode } from '@sentinel/core';

export const ERROR_STATUS = {
  // Refused by the job rules (core).
  INVALID_REQUEST: 400,
  UNKNOWN_LANGUAGE: 400,
  UNSUPPORTED_VERSION: 400,
  COMPILER_OPTION_NOT_ALLOWED: 400,
  LIMIT_TOO_HIGH: 400,
  // A payload the executor refused (InvalidJobError): a request nobody should have made.
  JOB_INVALID: 400,
  // The body and the HTTP request itself.
  MALFORMED_JSON: 400,
  INVALID_UTF8: 400,
  JSON_TOO_DEEP: 400,
  JSON_TOO_MANY_VALUES: 400,
  INVALID_JOB_ID: 400,
  // A callbackUrl the master's network policy refuses, or callbacks with no WEBHOOK_SECRET set.
  CALLBACK_NOT_ALLOWED: 400,
  CALLBACKS_DISABLED: 400,
  JOB_NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  EXPECTATION_FAILED: 417,
  CONFLICT: 409,
  // A WebSocket route asked for without an Upgrade.
  UPGRADE_REQUIRED: 426,
  // Load and storage: the client may retry later.
  RATE_LIMITED: 429,
  // A key's daily job quota is used up (API_KEYS=on).
  QUOTA_EXCEEDED: 429,
  QUEUE_FULL: 503,
  STORAGE_FULL: 503,
  REDIS_UNAVAILABLE: 503,
  // Codes of a bare status (koa's ctx.throw, http-errors, the router): see BARE_STATUS_CODES.
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<RequestErrorCode, number> & Record<string, number>;

/** A code of the table, or HTTP_<status> for a bare status the table has no code for. */
export type ErrorCode = keyof typeof ERROR_STATUS | `HTTP_${number}`;

/** The code a bare status is answered with; the others are HTTP_<status>. */
const BARE_STATUS_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];

export function isErrorCode(code: string): code is keyof typeof ERROR_STATUS {
  return Object.hasOwn(ERROR_STATUS, code);
}

export function statusOf(code: ErrorCode): number {
  return isErrorCode(code) ? ERROR_STATUS[code] : Number(code.slice('HTTP_'.length));
}

export function codeOfStatus(status: number): ErrorCode {
  return BARE_STATUS_CODES.find((code) => ERROR_STATUS[code] === status) ?? `HTTP_${status}`;
}
