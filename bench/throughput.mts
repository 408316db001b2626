/**
 * Throughput: N python hello jobs submitted at once (POST /execute, then GET /job/:id?wait=30 for
 * each), from the first submission to the last result; against N bare sandboxed runs of the same
 * program, `concurrency` at a time (the executor's SENTINEL_CONCURRENCY), on the same cores.
 */
import { pythonHello, round, type SandboxBench } from './lib/sandbox-bench.mts';
import { accepted, pythonHelloJob, submit, waitForJob } from './lib/service.mts';

export interface ThroughputResult {
  jobs: number;
  concurrency: number;
  seconds: number;
  jobsPerSecond: number;
  bareSeconds: number;
  barePerSecond: number;
  percentOfBare: number;
}

/** Runs `task(i)` for i < count, at most `width` at a time. */
async function pool(count: number, width: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

export async function measureThroughput(url: string, bench: SandboxBench, jobs: number, concurrency: number): Promise<ThroughputResult> {
  const started = performance.now();
  const submitted = await Promise.all(Array.from({ length: jobs }, () => submit(url, pythonHelloJob, false)));
  // Waiters in submission order; 64 at a time is far more than the executor finishes at once.
  await pool(submitted.length, 64, async (i) => accepted(await waitForJob(url, submitted[i]!.id)));
  const seconds = (performance.now() - started) / 1000;

  const bareStarted = performance.now();
  await pool(jobs, concurrency, () => bench.sandboxed(pythonHello.argv));
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  return {
    jobs,
    concurrency,
    seconds: round(seconds),
    jobsPerSecond: round(jobs / seconds),
    bareSeconds: round(bareSeconds),
    barePerSecond: round(jobs / bareSeconds),
    percentOfBare: round((100 * bareSeconds) / seconds),
  };
}
