/** Judging one job through the real sandbox, for the judge tests. */
import type { ExecutionContext } from 'ava';
import { JobRules, type JobPayload, type JobResult, type Limits, type ResolvedPack, type VisibleTestCaseResult } from '@sentinel/core';
import { judge } from '../src/judge.js';
import { payload, realSandbox, RecordingSandbox, TEST_LIMITS } from './helpers.js';

export interface JudgeRun {
  result: JobResult;
  recording: RecordingSandbox;
  progress: number[];
}

/** Judges one job of `pack` through the real sandbox, recording every run it makes; `judgePacks` may write its checker or interactor. */
export async function judgeWith(t: ExecutionContext, pack: ResolvedPack, fields: Partial<JobPayload> & { code: string }, runLimits: Limits = TEST_LIMITS, judgePacks: readonly ResolvedPack[] = []): Promise<JudgeRun> {
  const { sandbox, workspaces } = await realSandbox(t);
  const recording = new RecordingSandbox(sandbox);
  const progress: number[] = [];
  const result = await judge(payload({ language: pack.id, ...fields }), pack, {
    sandbox: recording,
    workspaces,
    runLimits,
    compileLimits: { ...TEST_LIMITS, wallMs: 20_000, cpuMs: 20_000, memoryMb: 512 },
    rules: new JobRules({ packs: [pack, ...judgePacks.filter((other) => other.id !== pack.id)] }),
    resultOutputBytes: 1024,
    onProgress: (percent) => void progress.push(percent),
  });
  return { result, recording, progress };
}

/** The visible results (every test of these jobs is visible). */
export const visible = (result: JobResult) => result.testCases as VisibleTestCaseResult[];

