/**
 * A finished Sentinel job (a run without test cases) as Piston's stages. Verdict -> status:
 * ACCEPTED null; RUNTIME_ERROR RE (SG when a signal ended it); TIME_LIMIT TO; MEMORY_LIMIT SG;
 * OUTPUT_LIMIT OL (stdout) or EL (stderr), or SG for the file-size limit; TO, OL, EL and the
 * memory SG carry signal SIGKILL; INTERNAL_ERROR (and what cannot happen here) XX. `message` names
 * the precise cause. A failed compile is the compile stage, and `run` is a copy of it.
 */
import type { JobView } from '@sentinel/core';

export type PistonStatus = 'RE' | 'SG' | 'TO' | 'OL' | 'EL' | 'XX';

/** One stage of Piston's answer. Times in ms, memory in bytes; null where Sentinel measures nothing. */
export interface PistonStage {
  stdout: string;
  stderr: string;
  /** stdout then stderr (Sentinel keeps the streams apart; Piston interleaves them). */
  output: string;
  code: number | null;
  signal: string | null;
  message: string | null;
  status: PistonStatus | null;
  cpu_time: number | null;
  wall_time: number | null;
  memory: number | null;
}

export interface PistonStages {
  run: PistonStage;
  compile?: PistonStage;
}

/** How a stage ended: the status fields of a Stage. */
type Ending = Pick<PistonStage, 'code' | 'signal' | 'message' | 'status'>;

const killed = (status: PistonStatus, message: string): Ending => ({ code: null, signal: 'SIGKILL', message, status });

/** The run's ending, from the job's verdict and how its single run ended. */
export function runEnding(view: JobView): Ending {
  const code = view.exitCode ?? null;
  const signal = view.signal ?? null;
  switch (view.verdict) {
    case 'ACCEPTED':
    case 'WRONG_ANSWER': // a run without test cases has no expected output: it ended well
      return { code, signal, message: null, status: null };
    case 'RUNTIME_ERROR': {
      const cap = view.limitExceeded === 'processes' ? ' after reaching its process limit' : '';
      if (signal) return { code, signal, message: `Killed by signal ${signal}${cap}`, status: 'SG' };
      return { code, signal, message: `Exited with error status ${code ?? 'unknown'}${cap}`, status: 'RE' };
    }
    case 'TIME_LIMIT':
      return killed('TO', view.limitExceeded === 'cpu' ? 'CPU time limit exceeded' : 'Wall-clock time limit exceeded');
    case 'MEMORY_LIMIT':
      return killed('SG', 'Memory limit exceeded (Sentinel verdict MEMORY_LIMIT)');
    case 'OUTPUT_LIMIT':
      if (view.outputTruncated) return killed('OL', 'stdout length exceeded');
      if (view.stderrTruncated) return killed('EL', 'stderr length exceeded');
      return killed('SG', 'File size limit exceeded (Sentinel verdict OUTPUT_LIMIT)');
    default:
      return { code: null, signal: null, message: view.error || `Sentinel could not run the job (verdict ${view.verdict ?? 'none'})`, status: 'XX' };
  }
}

/** Notes the executor appends to a failed compile's output (executor/src/results.ts compileResult). */
const COMPILE_NOTE = /\n\[(?:compilation stopped: ([a-zA-Z -]+)|compiler killed by (SIG[A-Z0-9]+))\]$/;

/** A compile's ending, from its success and the executor's note at the end of its output. */
export function compileEnding(success: boolean, output: string): Ending {
  if (success) return { code: 0, signal: null, message: null, status: null };
  const [, stoppedBy, signal] = COMPILE_NOTE.exec(output) ?? [];
  if (stoppedBy === 'wall-clock time limit' || stoppedBy === 'CPU time limit') return killed('TO', `Compilation stopped: ${stoppedBy}`);
  if (stoppedBy === 'output limit') return killed('OL', 'Compilation stopped: output limit');
  if (stoppedBy) return killed('SG', `Compilation stopped: ${stoppedBy}`);
  if (signal) return { code: null, signal, message: `Compiler killed by signal ${signal}`, status: 'SG' };
  // Sentinel keeps no compiler exit status: a failed compile reads as status 1.
  return { code: 1, signal: null, message: 'Compilation failed', status: 'RE' };
}

/** Piston's stages of a finished job: `compile` when the pack compiles, `run` always. */
export function pistonStages(view: JobView): PistonStages {
  const compiled = view.compile;
  const compile: PistonStage | undefined = compiled && {
    // Sentinel keeps the compiler's stderr and stdout as one text.
    stdout: '',
    stderr: compiled.output,
    output: compiled.output,
    ...compileEnding(compiled.success, compiled.output),
    cpu_time: null,
    wall_time: compiled.timeMs,
    memory: null,
  };
  if (compile && !compiled?.success) return { run: { ...compile }, compile };
  const stdout = view.output ?? '';
  // A failed job's `error` is Sentinel's reason, not the program's stderr.
  const stderr = view.status === 'failed' ? '' : (view.error ?? '');
  const run: PistonStage = {
    stdout,
    stderr,
    output: stdout + stderr,
    ...runEnding(view.status === 'failed' ? { ...view, verdict: 'INTERNAL_ERROR' } : view),
    cpu_time: view.cpuTimeMs ?? null,
    // The job's wall time less the compile's: the run's own, but for the job's set-up.
    wall_time: view.executionTime === undefined ? null : Math.max(0, view.executionTime - (compiled?.timeMs ?? 0)),
    memory: view.memoryKb === undefined || view.memoryKb === null ? null : view.memoryKb * 1024,
  };
  return compile ? { run, compile } : { run };
}
