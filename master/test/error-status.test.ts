/** The one table from error codes to statuses, and what a bare status is answered with. */
import test from 'ava';
import { InvalidJobError, RequestError } from '@sentinel/core';
import { codeOfStatus, statusOf } from '../src/error-status.js';
import { HttpError, toHttpError } from '../src/http-errors.js';

test('each code keeps its status', (t) => {
  const statuses = Object.fromEntries(
    (['INVALID_REQUEST', 'UNKNOWN_LANGUAGE', 'UNSUPPORTED_VERSION', 'LIMIT_TOO_HIGH', 'JOB_INVALID', 'JOB_NOT_FOUND', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'QUEUE_FULL', 'STORAGE_FULL', 'REDIS_UNAVAILABLE', 'HEADERS_TOO_LARGE', 'EXPECTATION_FAILED'] as const).map((code) => [code, statusOf(code)]),
  );
  t.deepEqual(statuses, {
    INVALID_REQUEST: 400, UNKNOWN_LANGUAGE: 400, UNSUPPORTED_VERSION: 400, LIMIT_TOO_HIGH: 400, JOB_INVALID: 400, JOB_NOT_FOUND: 404, NOT_FOUND: 404,
    PAYLOAD_TOO_LARGE: 413, RATE_LIMITED: 429, QUEUE_FULL: 503, STORAGE_FULL: 503, REDIS_UNAVAILABLE: 503, HEADERS_TOO_LARGE: 431, EXPECTATION_FAILED: 417,
  });
  t.is(statusOf('HTTP_418'), 418);
});

test('a bare status gets its code, or HTTP_<status>', (t) => {
  const codes = [400, 401, 403, 404, 405, 408, 409, 413, 415, 418, 429, 500, 502, 503].map(codeOfStatus);
  t.deepEqual(codes, ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'REQUEST_TIMEOUT', 'HTTP_409', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'HTTP_418', 'RATE_LIMITED', 'INTERNAL_ERROR', 'HTTP_502', 'SERVICE_UNAVAILABLE']);
});

test('a refused request from core is answered by its code; our other faults are not answers', (t) => {
  const refused = toHttpError(new RequestError('LIMIT_TOO_HIGH', 'too much', { field: 'limits.cpuMs', extra: { maximum: 5 } }));
  t.true(refused instanceof HttpError);
  t.is(refused?.status, 400);
  t.deepEqual(refused?.toJSON(), { error: 'LIMIT_TOO_HIGH', message: 'too much', field: 'limits.cpuMs', maximum: 5 });
  t.like(toHttpError(new InvalidJobError('stdin', 'missing'))?.toJSON(), { error: 'JOB_INVALID', field: 'stdin' });
  t.is(toHttpError(new (class extends RequestError<string> {})('PACK_BROKEN', 'ours')), undefined);
});
