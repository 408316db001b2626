/**
 * An interactive job: claim its session, compile once, then its one run with stdin and output
 * streamed through Redis, and end the session with the run's verdict (or with an error saying why
 * it could not run). The job's result is stored as any job's.
 */
import type { Redis } from 'ioredis';
import { describe, SessionStreams, type InteractiveBounds, type JobPayload, type JobResult, type ResolvedPack } from '@sentinel/core';
import { judge, type JudgeContext } from '../judge.js';
import { SessionRun } from './session-run.js';

export interface SessionJudgeOptions {
  redis: Redis;
  /** The executor's id: who claims the run. */
  owner: string;
}

export async function judgeSession(
  job: JobPayload & { interactive: InteractiveBounds },
  pack: ResolvedPack,
  context: JudgeContext,
  options: SessionJudgeOptions,
): Promise<JobResult> {
  const session = new SessionRun({ id: job.id, bounds: job.interactive, streams: new SessionStreams(options.redis), redis: options.redis, owner: options.owner });
  await session.claim();
  try {
    // The run's wall clock is the session's (a request's limits.wallMs may only lower it).
    const wallMs = Math.min(job.limits.wallMs ?? job.interactive.wallMs, job.interactive.wallMs);
    const result = await judge(job, pack, { ...context, runLimits: { ...context.runLimits, wallMs }, interactive: session });
    await session.exit({
      verdict: result.verdict,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      executionTime: result.executionTime,
      cpuTimeMs: result.cpuTimeMs ?? null,
      memoryKb: result.memoryKb ?? null,
      limitExceeded: result.limitExceeded ?? null,
      stdoutTruncated: result.outputTruncated ?? false,
      stderrTruncated: result.stderrTruncated ?? false,
      ...(result.verdict === 'COMPILATION_ERROR' ? { error: result.error } : {}),
    });
    return result;
  } catch (error) {
    await session.fail('INTERNAL_ERROR', `the session could not run: ${describe(error)}`);
    throw error;
  } finally {
    await session.close();
  }
}
