/**
 * Judge0 CE 1.13.1's statuses (app/enumerations/status.rb) and the one mapping from a Sentinel job's
 * state and verdict to them. Judge0 has no memory-limit status: a program killed at its memory limit
 * is what Judge0 itself reports for a killed program, 12 Runtime Error (Other); `sentinel_verdict`
 * keeps the precise verdict.
 */
import type { JobView, Verdict } from '@sentinel/core';

export interface Judge0Status {
  id: number;
  description: string;
}

export const STATUSES: readonly Judge0Status[] = [
  { id: 1, description: 'In Queue' },
  { id: 2, description: 'Processing' },
  { id: 3, description: 'Accepted' },
  { id: 4, description: 'Wrong Answer' },
  { id: 5, description: 'Time Limit Exceeded' },
  { id: 6, description: 'Compilation Error' },
  { id: 7, description: 'Runtime Error (SIGSEGV)' },
  { id: 8, description: 'Runtime Error (SIGXFSZ)' },
  { id: 9, description: 'Runtime Error (SIGFPE)' },
  { id: 10, description: 'Runtime Error (SIGABRT)' },
  { id: 11, description: 'Runtime Error (NZEC)' },
  { id: 12, description: 'Runtime Error (Other)' },
  { id: 13, description: 'Internal Error' },
  { id: 14, description: 'Exec Format Error' },
];

export function statusById(id: number): Judge0Status {
  return STATUSES[id - 1]!;
}

/** How the run ended, as far as the status needs it. */
export interface RunEnd {
  verdict: Verdict;
  signal: string | null;
}

/** Judge0's runtime-error statuses by the signal that killed the program (find_runtime_error_by_status_code). */
const SIGNAL_STATUS: Readonly<Record<string, number>> = { SIGSEGV: 7, SIGXFSZ: 8, SIGFPE: 9, SIGABRT: 10 };

/** The status of a finished run: the README's table (docs/compat-judge0.md). */
export function statusOfRun({ verdict, signal }: RunEnd): number {
  switch (verdict) {
    case 'ACCEPTED':
      return 3;
    case 'WRONG_ANSWER':
      return 4;
    case 'TIME_LIMIT':
      return 5;
    case 'COMPILATION_ERROR':
      return 6;
    // Judge0's stdout is a file under its max_file_size: too much output is SIGXFSZ there.
    case 'OUTPUT_LIMIT':
      return 8;
    // Killed at the memory limit (SIGKILL): Judge0 reports a killed program as "Other".
    case 'MEMORY_LIMIT':
      return 12;
    case 'RUNTIME_ERROR':
      if (signal === null) return 11;
      return SIGNAL_STATUS[signal] ?? 12;
    // A Judge0 submission has one test and no checker program: never skipped, never judged by one.
    case 'SKIPPED':
    case 'PRESENTATION_ERROR':
    case 'PARTIAL':
    case 'CHECKER_ERROR':
    case 'INTERNAL_ERROR':
      return 13;
  }
}

/** The status of a job in any state: 1 queued, 2 running, 13 failed (Sentinel's own fault). */
export function statusOfJob(view: JobView, run: RunEnd | undefined): number {
  if (view.status === 'queued') return 1;
  if (view.status === 'active') return 2;
  if (view.status === 'failed' || !run) return 13;
  return statusOfRun(run);
}
