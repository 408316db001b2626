/**
 * Request limits at the API: a request may only lower a language's limits. Above the language's
 * ceiling (its pack override or the default, under the operator's SENTINEL_MAX_*) is a 400 naming
 * the limit and the maximum; 0 and negatives never mean "unlimited".
 */
import test from 'ava';
import { DEFAULT_LIMITS, type JobPayload } from '@sentinel/core';
import { postJson, useMaster } from './helpers/master.js';

const ctx = useMaster(test, { SENTINEL_MAX_MEMORY_MB: '200' });

const code = 'print(1)';

test('lower limits are accepted and travel with the job', async (t) => {
  const limits = { cpuMs: 500, wallMs: 1_000, memoryMb: 64, outputKb: 8, processes: 4, fileSizeKb: 16 };
  const reply = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', limits });
  t.is(reply.status, 200);
  const stored = JSON.parse((await ctx.db.hget(`bull:python:${reply.body.id}`, 'data'))!) as JobPayload;
  t.deepEqual(stored.limits, limits);
});

test('a limit equal to the ceiling is accepted', async (t) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', limits: { wallMs: DEFAULT_LIMITS.wallMs, memoryMb: 200 } });
  t.is(reply.status, 200);
});

const tooHigh = test.macro(async (t, limits: Record<string, number>, field: string, maximum: number) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', limits });
  t.is(reply.status, 400);
  t.deepEqual(reply.body, {
    error: 'LIMIT_TOO_HIGH',
    field,
    maximum,
    message: `"${field}" is ${Object.values(limits)[0]}, above the maximum of ${maximum} for python; a request may only lower limits`,
  });
});

test('a CPU limit above the default is a 400 naming it and the maximum', tooHigh, { cpuMs: DEFAULT_LIMITS.cpuMs + 1 }, 'limits.cpuMs', DEFAULT_LIMITS.cpuMs);
test('a memory limit above the operator maximum is a 400 naming the maximum', tooHigh, { memoryMb: 201 }, 'limits.memoryMb', 200);

const invalid = test.macro(async (t, limits: unknown, field: string, message: string) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', limits });
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_REQUEST', field, message });
});

test('a limit of 0 is refused, never "unlimited"', invalid, { cpuMs: 0 }, 'limits.cpuMs', '"limits.cpuMs" must be greater than or equal to 1');
test('a negative limit is refused', invalid, { wallMs: -1 }, 'limits.wallMs', '"limits.wallMs" must be greater than or equal to 1');
test('a fractional limit is refused', invalid, { memoryMb: 1.5 }, 'limits.memoryMb', '"limits.memoryMb" must be an integer');
test('an unknown limit is refused', invalid, { network: 1 }, 'limits.network', '"limits.network" is not allowed');
test('limits of the wrong type are refused', invalid, 'fast', 'limits', '"limits" must be of type object');

test('a limit given as a string is a 400 naming it, never converted (issue 14)', async (t) => {
  const reply = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', limits: { wallMs: '1000' } });
  t.is(reply.status, 400);
  t.deepEqual(reply.body, { error: 'INVALID_REQUEST', field: 'limits.wallMs', message: '"limits.wallMs" must be a number' });
  const timeLimit = await postJson(`${ctx.master.url}/execute`, { code, language: 'python', testCases: [{ input: '', expected: '', timeLimitMs: '100' }] });
  t.is(timeLimit.status, 400);
  t.is(timeLimit.body.field, 'testCases[0].timeLimitMs');
});
