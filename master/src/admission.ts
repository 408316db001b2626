/**
 * Admission control: a language whose queue already has MAX_QUEUE_LENGTH jobs waiting takes no
 * more until its executors catch up. One count per request, read before the job is added: under
 * concurrent submissions (or several master replicas) a queue may pass the bound by the number of
 * submissions in flight, so the bound is approximate, never a hard cap.
 */
import type { JobQueue } from '@sentinel/core';
import { HttpError } from './http-errors.js';

/** What a refused client is told to wait before trying again, seconds. */
export const QUEUE_FULL_RETRY_AFTER_SECONDS = 5;

/** Resolves when `languageId` may take one more job; a 503 QUEUE_FULL otherwise. `maxLength` 0: no bound. */
export async function admit(queue: JobQueue, languageId: string, maxLength: number): Promise<void> {
  const admission = await queue.admit(languageId, maxLength);
  if (admission.admitted) return;
  const { waiting } = admission;
  const retryAfter = QUEUE_FULL_RETRY_AFTER_SECONDS;
  throw new HttpError('QUEUE_FULL',
    `the ${languageId} queue is full: ${waiting} jobs are waiting and its bound is ${maxLength} (MAX_QUEUE_LENGTH); retry after ${retryAfter} s`,
    {
      headers: { 'Retry-After': String(retryAfter) },
      extra: { language: languageId, waiting, maximum: maxLength, retryAfter },
    },
  );
}
