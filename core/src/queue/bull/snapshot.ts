/**
 * One job as a view shows it, read in one round trip: a MULTI of HMGET (the fields a view shows,
 * never the payload) and the membership tests that make Bull's state. Bull's own way (getJob then
 * Job#getState) asks up to six questions one after the other and the job may move between them; in
 * one transaction the hash and the state always agree. Needs Redis >= 6.0.6 (LPOS).
 */
import type { Redis } from 'ioredis';
import type { JobStatus } from '../../job.js';
import type { JobRecord } from '../port.js';
import { queueKeys } from './keys.js';

/** Bull's job states, in the order Job#getState tests them; 'stuck' is in none of its lists. */
export type BullState = 'completed' | 'failed' | 'delayed' | 'active' | 'waiting' | 'paused' | 'stuck';

export interface JobSnapshot {
  state: BullState;
  /** When the job was created (submitted), epoch ms. */
  timestamp: number;
  processedOn?: number;
  finishedOn?: number;
  failedReason?: string;
  /** The processor's result as Bull stores it: JSON text, left unparsed (it may be megabytes). */
  returnvalue?: Buffer;
  progress?: unknown;
}

const FIELDS = ['timestamp', 'processedOn', 'finishedOn', 'failedReason', 'returnvalue', 'progress'] as const;
const STATES = ['completed', 'failed', 'delayed', 'active', 'waiting', 'paused'] as const;

/** The job's snapshot; undefined when its hash is gone (never created, or removed). */
export async function readJobSnapshot(redis: Redis, languageId: string, id: string): Promise<JobSnapshot | undefined> {
  const keys = queueKeys(languageId);
  const replies = await redis
    .multi()
    .hmgetBuffer(keys.job(id), ...FIELDS)
    .zscore(keys.completed, id)
    .zscore(keys.failed, id)
    .zscore(keys.delayed, id)
    .lpos(keys.active, id)
    .lpos(keys.wait, id)
    .lpos(keys.paused, id)
    .exec();
  if (!replies) throw new Error(`reading job ${id}: the transaction was aborted`);
  const failed = replies.find(([error]) => error);
  if (failed) throw failed[0]!;
  const [fields, ...membership] = replies.map(([, reply]) => reply) as [Array<Buffer | null>, ...unknown[]];
  const [timestamp, processedOn, finishedOn, failedReason, returnvalue, progress] = fields.map((field, index) =>
    FIELDS[index] === 'returnvalue' ? field : field?.toString('utf8'),
  ) as [string?, string?, string?, string?, Buffer?, string?];
  if (timestamp === null || timestamp === undefined) return undefined;
  const found = membership.findIndex((reply) => reply !== null);
  return {
    state: found === -1 ? 'stuck' : STATES[found]!,
    timestamp: Number(timestamp),
    processedOn: epochMs(processedOn),
    finishedOn: epochMs(finishedOn),
    failedReason: failedReason ?? undefined,
    returnvalue: returnvalue ?? undefined,
    progress: parseJson(progress),
  };
}

/** The port's record of a snapshot. */
export function toRecord(job: JobSnapshot): JobRecord {
  const status = statusOf(job);
  const record: JobRecord = { status, submittedAt: job.timestamp, progress: progressOf(job) };
  if (job.processedOn !== undefined) record.startedAt = job.processedOn;
  if (job.finishedOn !== undefined) record.finishedAt = job.finishedOn;
  if (job.failedReason !== undefined) record.failedReason = job.failedReason;
  if (status === 'completed' && job.returnvalue) record.result = job.returnvalue;
  return record;
}

export function statusOf(job: JobSnapshot): JobStatus {
  switch (job.state) {
    case 'active':
      // A worker takes a job in two steps: BRPOPLPUSH moves it to the active list, then a script
      // locks it and sets processedOn. Between the two it has not started: it still reads as queued.
      return job.processedOn ? 'active' : 'queued';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'waiting':
    case 'delayed':
    case 'paused':
      return 'queued';
    case 'stuck':
      // Caught between two lists; the job hash tells how far it got.
      if (job.finishedOn) return job.failedReason ? 'failed' : 'completed';
      return job.processedOn ? 'active' : 'queued';
  }
}

function progressOf(job: JobSnapshot): number {
  const { progress } = job;
  return typeof progress === 'number' && Number.isFinite(progress) ? Math.min(100, Math.max(0, progress)) : 0;
}

function epochMs(value: string | null | undefined): number | undefined {
  return value ? Number(value) : undefined;
}

/** Bull's JSON fields; a value that is not JSON reads as absent (as Bull's own parse does). */
function parseJson(value: string | null | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
