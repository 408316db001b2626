/**
 * One Bull queue per language id, under Bull's default prefix: jobs waiting for python are in the
 * Redis list `bull:python:wait` (which KEDA watches) and running ones in `bull:python:active`.
 */
export const QUEUE_PREFIX = 'bull';

/** Bull's keys for one language: the lists (wait, active, paused), the sorted sets, and a job's hash. */
export function queueKeys(languageId: string) {
  const base = `${QUEUE_PREFIX}:${languageId}`;
  return {
    wait: `${base}:wait`,
    active: `${base}:active`,
    paused: `${base}:paused`,
    delayed: `${base}:delayed`,
    completed: `${base}:completed`,
    failed: `${base}:failed`,
    stalled: `${base}:stalled`,
    stalledCheck: `${base}:stalled-check`,
    /** Bull's pub/sub channel of job progress (`global:progress`). */
    progress: `${base}:progress`,
    job: (jobId: string) => `${base}:${jobId}`,
  };
}
