/** The names webhooks use in Redis and in their queue. */

/** What a delivery task holds: the job and where its end goes. */
export interface WebhookTask {
  jobId: string;
  language: string;
  url: string;
  /** How the body is made and sent: Sentinel's signed POST (absent), or a compatible API's (`judge0`). */
  format?: string;
}

/** The Bull queue of deliveries: a "." no pack id has (core/src/pack/patterns.ts), so never a language queue. */
export const WEBHOOK_QUEUE = 'sentinel.webhooks';

/** A job's callbackUrl, kept as long as the job. */
export function callbackKey(jobId: string): string {
  return `sentinel:job:${jobId}:callback`;
}

/** A job's callback format when it is not Sentinel's own (callbackFormatKey), kept as long as the job. */
export function callbackFormatKey(jobId: string): string {
  return `sentinel:job:${jobId}:callback-format`;
}

/** One delivery task per job: adding it again does nothing. */
export function webhookTaskId(jobId: string): string {
  return `callback:${jobId}`;
}
