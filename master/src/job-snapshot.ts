/**
 * What GET /job/:id shows of a Bull job, read in one round trip: a MULTI of HMGET (the fields a
 * view shows, never the payload with its code and test cases) and the membership tests that make
 * Bull's state. Bull's own way, getJob then Job#getState, is an HGETALL and then up to six
 * questions asked one after the other (two of them Lua scripts that copy a whole list), and the
 * job may move between the two reads; in one transaction the hash and the state always agree.
 * Needs Redis >= 6.0.6 (LPOS).
 */
import type { Redis } from 'ioredis';
import { queueKeys } from '@sentinel/core';

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
