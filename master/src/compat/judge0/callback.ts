/**
 * Judge0's callback_url: when the job ends, a PUT of the submission's default fields, always
 * base64, as Content-Type: application/json. It rides on Sentinel's webhooks (their queue,
 * retries, address policy and signature), as the callback format `judge0`.
 */
import type { Redis } from 'ioredis';
import type { CallbackFormat } from '../../webhooks/webhooks.js';
import { UndeliverableError } from '../../webhooks/errors.js';
import { DEFAULT_FIELDS } from './fields.js';
import { parsedView, readStored, render, toSubmission } from './submission.js';

export const JUDGE0_CALLBACK_FORMAT = 'judge0';

export function judge0Callback(redis: Redis): CallbackFormat {
  return {
    method: 'PUT',
    async body(jobId, answer) {
      const stored = await readStored(redis, jobId);
      if (!stored) throw new UndeliverableError(`job ${jobId}: its Judge0 submission is no longer kept`);
      const submission = toSubmission(jobId, stored, parsedView(answer));
      return Buffer.from(JSON.stringify(render(submission, DEFAULT_FIELDS, true)));
    },
  };
}
