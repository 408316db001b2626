import type Bull from 'bull';

/**
 * Bull's lock and stall settings for code runs (README "Reliability" has the measured recovery).
 *
 * - A running job's lock is renewed every `lockRenewTime`, so `lockDuration` only bounds how long
 *   a dead or frozen executor keeps its job: 6 s outlives a 5 s stall of a healthy executor's
 *   event loop (or a Redis blip) after a 1 s renewal, so a healthy job never runs twice.
 * - Every `stalledInterval` one executor moves jobs whose lock is gone back to wait: a job whose
 *   executor was killed runs again 5 to 7 s after the kill (lockDuration - lockRenewTime ..
 *   lockDuration + stalledInterval); in local mode the supervisor releases it at once (releaseWorker).
 * - `maxStalledCount` 1: a job survives one crash of its executor; the second time it fails with
 *   "job stalled more than allowable limit", so a poison job costs at most two executor crashes.
 *   Stalls do not use up the job's `attempts` (which are for errors the executor reports).
 * - Only the owner of a job's lock can finish it: a stale worker that comes back after its job ran
 *   elsewhere gets "Missing lock for job <id>" and the job's status and result stay.
 */
export const CODE_RUN_QUEUE_SETTINGS = {
  lockDuration: 6_000,
  lockRenewTime: 1_000,
  stalledInterval: 1_000,
  maxStalledCount: 1,
} as const satisfies Bull.AdvancedSettings;
