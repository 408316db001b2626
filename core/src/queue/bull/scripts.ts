/** Lua run on Bull's keys where Bull has no command of its own. */
import type { Redis } from 'ioredis';
import { queueKeys } from './keys.js';

/**
 * Takes the locks of a dead worker (lock value = its token) off its active jobs and marks them
 * stalled, then clears the stall-check guard: Bull's next stall check (run at once by the caller)
 * moves them to wait, or fails those that stalled too often, exactly as after a lock expiry.
 */
const RELEASE_WORKER = `
local released = 0
for _, jobId in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local lock = ARGV[1] .. jobId .. ':lock'
  if redis.call('GET', lock) == ARGV[2] then
    redis.call('DEL', lock)
    redis.call('SADD', KEYS[2], jobId)
    released = released + 1
  end
end
if released > 0 then redis.call('DEL', KEYS[3]) end
return released`;

export async function unlockWorkerJobs(redis: Redis, language: string, token: string): Promise<number> {
  const keys = queueKeys(language);
  return Number(await redis.eval(RELEASE_WORKER, 3, keys.active, keys.stalled, keys.stalledCheck, keys.job(''), token));
}

/**
 * Replaces the job's `data` only when its hash says it finished (`finishedOn`, set only when the
 * job leaves for completed or failed, never on a retry) and still exists (HSET would make a
 * removed job's hash again).
 */
const REPLACE_FINISHED_PAYLOAD = `
if redis.call('HEXISTS', KEYS[1], 'finishedOn') == 1 then
  redis.call('HSET', KEYS[1], 'data', ARGV[1])
  return 1
end
return 0`;

export async function replaceFinishedPayload(redis: Redis, language: string, id: string, stub: unknown): Promise<boolean> {
  return (await redis.eval(REPLACE_FINISHED_PAYLOAD, 1, queueKeys(language).job(id), JSON.stringify(stub))) === 1;
}
