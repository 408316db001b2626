/**
 * A job's payload (its code and every test's input and expected output: up to the 16 MiB body)
 * stays in the queue for the whole retention, though nothing reads it once the job has finished:
 * GET /job never reads it, and a finished job never runs again. So once a job has completed, or
 * failed for good, a large payload is replaced by a stub naming the job (JobQueue.replaceFinishedPayload).
 * Small payloads are left alone: the extra round trip would cost more than the bytes it frees.
 */

/** Payloads whose texts are smaller than this (in UTF-16 units, roughly bytes) are kept. */
export const RELEASE_FROM_CHARS = 16 * 1024;

/** What is left of a released payload. */
export interface ReleasedPayload {
  id: unknown;
  language: unknown;
  submittedAt: unknown;
  released: true;
}

/** The length of a payload's texts (code, stdin, test inputs and expected outputs, files); 0 for what is not one. */
export function payloadChars(data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0;
  const { code, stdin, testCases, files } = data as Record<string, unknown>;
  const length = (value: unknown) => (typeof value === 'string' ? value.length : 0);
  const each = (list: unknown, fields: string[]) =>
    Array.isArray(list) ? list.reduce<number>((sum, item: Record<string, unknown> | null) => sum + fields.reduce((n, field) => n + length(item?.[field]), 0), 0) : 0;
  return length(code) + length(stdin) + each(testCases, ['input', 'expected']) + each(files, ['content']);
}

/** The stub that replaces a finished job's payload. */
export function releasedPayload(data: unknown): ReleasedPayload {
  const { id, language, submittedAt } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return { id, language, submittedAt, released: true };
}
