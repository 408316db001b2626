/**
 * Per-run shares of what the kernel counts per user and bounds by the creator's rlimit: queued
 * signals (POSIX timers included) and message-queue bytes. Each sandbox is a user namespace of
 * its own, so a run's own rlimit bounds it there; the same calls also count against the parent
 * namespace's user, up to the executor's own limit. Splitting that limit between every sandbox
 * that can be alive at once means one run exhausting its share never fails another's calls.
 */
import { readFileSync } from 'node:fs';

export interface UserCounters {
  signalsPending: number;
  messageQueueBytes: number;
}

/** Most of each a run may use, out of `limitsText` (/proc/self/limits) split `slots` ways. */
export function userCounters(slots: number, limitsText = readFileSync('/proc/self/limits', 'utf8')): UserCounters {
  const soft = (name: string, fallback: number) => {
    const line = limitsText.split('\n').find((entry) => entry.startsWith(name));
    const value = line?.slice(name.length).trim().split(/\s+/)[0];
    return value === undefined ? fallback : value === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(value) || fallback;
  };
  return {
    signalsPending: Math.max(1, Math.min(1024, Math.floor(soft('Max pending signals', 1024) / slots))),
    messageQueueBytes: Math.max(1, Math.min(819_200, Math.floor(soft('Max msgqueue size', 819_200) / slots))),
  };
}
