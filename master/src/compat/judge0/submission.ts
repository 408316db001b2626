/**
 * A Judge0 submission as GET /submissions/{token} answers it: the stored request (its own fields,
 * kept beside the job with the job's retention) and the job's view, in Judge0's units and texts.
 */
import { constants } from 'node:os';
import type { Redis } from 'ioredis';
import type { JobView, TestCaseResult, Verdict } from '@sentinel/core';
import { answerBytes, type JobAnswer } from '../../job-store.js';
import { encode64 } from './encoding.js';
import { TEXT_FIELDS, type Field } from './fields.js';
import type { StoredSubmission } from './request.js';
import { statusById, statusOfJob, type RunEnd } from './statuses.js';

/** Where a Judge0 submission's own fields are kept: the mark that a job is one. */
export function submissionKey(jobId: string): string {
  return `sentinel:job:${jobId}:judge0`;
}

/** What is kept: the request's own fields and when it was made. */
export type StoredRecord = StoredSubmission & { created_at: string };

export async function readStored(redis: Redis, jobId: string): Promise<StoredRecord | undefined> {
  const text = await redis.get(submissionKey(jobId));
  return text ? (JSON.parse(text) as StoredRecord) : undefined;
}

/** A submission with every field; texts as they are (not yet encoded). */
export type Submission = Record<Field, unknown>;

/** How the one run of a finished job went, from either shape of result (one test, or no test). */
interface Run extends RunEnd {
  stdout: string;
  stderr: string;
  outputNotUtf8: boolean;
  exitCode: number | null;
  cpuTimeMs: number | null;
  memoryKb: number | null;
  wallMs: number | null;
}

function runOf(view: JobView): Run | undefined {
  if (view.status !== 'completed' || !view.verdict) return undefined;
  const test = view.testCases?.[0] as TestCaseResult | undefined;
  if (test && !test.hidden) {
    return { verdict: test.verdict, signal: test.signal, stdout: test.actualOutput, stderr: test.stderr, outputNotUtf8: test.outputNotUtf8, exitCode: test.exitCode, cpuTimeMs: test.cpuTimeMs, memoryKb: test.memoryKb, wallMs: test.executionTime };
  }
  const compileMs = view.compile?.timeMs ?? 0;
  const ranAlone = view.verdict !== 'COMPILATION_ERROR';
  return {
    verdict: view.verdict,
    signal: view.signal ?? null,
    stdout: view.output ?? '',
    // A job without tests keeps its run's stderr in `error` (the compiler's output on a compile error).
    stderr: ranAlone ? (view.error ?? '') : '',
    outputNotUtf8: view.outputNotUtf8 ?? false,
    exitCode: view.exitCode ?? null,
    cpuTimeMs: view.cpuTimeMs ?? null,
    memoryKb: view.memoryKb ?? null,
    wallMs: ranAlone && view.executionTime !== undefined ? Math.max(0, view.executionTime - compileMs) : null,
  };
}

const seconds = (ms: number | null) => (ms === null ? null : (ms / 1000).toFixed(3));
const orNull = (text: string | undefined) => (text ? text : null);
const signalNumber = (name: string | null) => (name ? ((constants.signals as Record<string, number>)[name] ?? null) : null);

/** isolate's messages, as Judge0 shows them. */
function messageOf(view: JobView, run: Run | undefined, verdict: Verdict | undefined): string | null {
  if (view.status === 'failed') return view.error ?? 'internal error';
  if (!run) return null;
  if (verdict === 'TIME_LIMIT') return 'Time limit exceeded';
  if (verdict === 'MEMORY_LIMIT') return 'Memory limit exceeded';
  if (verdict === 'OUTPUT_LIMIT') return 'Output limit exceeded';
  if (run.signal) return `Caught fatal signal ${signalNumber(run.signal) ?? run.signal}`;
  if (verdict === 'RUNTIME_ERROR' && run.exitCode !== null) return `Exited with error status ${run.exitCode}`;
  return null;
}

/** The view of GET /job/:id, parsed (its stored result is at most SENTINEL_RESULT_MAX_KB). */
export function parsedView(answer: JobAnswer): JobView {
  return answer.result ? (JSON.parse(answerBytes(answer).toString('utf8')) as JobView) : answer.view;
}

export function toSubmission(token: string, stored: StoredRecord, view: JobView): Submission {
  const run = runOf(view);
  const statusId = statusOfJob(view, run);
  const finished = view.status === 'completed' || view.status === 'failed';
  const verdict = view.status === 'failed' ? 'INTERNAL_ERROR' : run?.verdict;
  return {
    ...stored,
    token,
    stdout: orNull(run?.stdout),
    stderr: orNull(run?.stderr),
    compile_output: orNull(view.compile?.output) ?? (view.verdict === 'COMPILATION_ERROR' ? orNull(view.error) : null),
    message: messageOf(view, run, verdict),
    status: statusById(statusId),
    status_id: statusId,
    created_at: stored.created_at,
    finished_at: finished ? view.timestamp : null,
    time: seconds(run?.cpuTimeMs ?? null),
    wall_time: seconds(run?.wallMs ?? null),
    memory: run?.memoryKb ?? null,
    exit_code: run ? run.exitCode : null,
    exit_signal: signalNumber(run?.signal ?? null),
    sentinel_verdict: verdict ?? null,
  };
}

/** Whether an answer with `fields` would carry output that is not UTF-8 (a 400 without base64). */
export function hasNonUtf8Output(view: JobView, fields: readonly Field[]): boolean {
  return fields.includes('stdout') && (runOf(view)?.outputNotUtf8 ?? false);
}

/** `submission` cut to `fields`, texts base64-encoded (Ruby's 60-column form) when asked. */
export function render(submission: Submission, fields: readonly Field[], base64: boolean): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((field) => {
      const value = submission[field];
      return [field, base64 && TEXT_FIELDS.has(field) && typeof value === 'string' ? encode64(value) : value];
    }),
  );
}
