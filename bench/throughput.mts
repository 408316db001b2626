/**
 * Throughput: python hello jobs end to end (POST /execute for every job of a batch at once, then
 * GET /job/:id?wait=30 for each), against bare sandboxed runs of the same program, `concurrency`
 * at a time (the executor's SENTINEL_CONCURRENCY), on the same cores. The jobs are measured in
 * `rounds` batches, each next to a batch of bare runs of the same size, the order alternating from
 * one round to the next: a shared machine's load drifts over seconds, and interleaving gives both
 * sides the same share of it. Rates are over the whole of each side; the per-round ratios show
 * the spread.
 */
import { pythonHello, round, type SandboxBench } from './lib/sandbox-bench.mts';
import { accepted, pythonHelloJob, submit, waitForJob } from './lib/service.mts';

export interface ThroughputResult {
  jobs: number;
  concurrency: number;
  rounds: number;
  seconds: number;
  jobsPerSecond: number;
  bareSeconds: number;
  barePerSecond: number;
  percentOfBare: number;
  /** Sentinel's rate over the bare rate in each round, lowest and highest, per cent. */
  roundPercentRange: [number, number];
}

/** Runs `task(i)` for i < count, at most `width` at a time. */
async function pool(count: number, width: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** `count` jobs submitted at once, then waited for in submission order (64 waits at a time). */
async function sentinelBatch(url: string, count: number): Promise<void> {
  const submitted = await Promise.all(Array.from({ length: count }, () => submit(url, pythonHelloJob, false)));
  await pool(submitted.length, 64, async (i) => accepted(await waitForJob(url, submitted[i]!.id)));
}

export async function measureThroughput(url: string, bench: SandboxBench, jobs: number, concurrency: number, rounds = 5): Promise<ThroughputResult> {
  const sizes = Array.from({ length: rounds }, (_, i) => Math.floor(jobs / rounds) + (i < jobs % rounds ? 1 : 0)).filter((size) => size > 0);
  let seconds = 0;
  let bareSeconds = 0;
  const ratios: number[] = [];
  for (const [index, size] of sizes.entries()) {
    const sentinel = () => timed(() => sentinelBatch(url, size));
    const bare = () => timed(() => pool(size, concurrency, () => bench.sandboxed(pythonHello.argv)));
    let sentinelSeconds: number;
    let bareRoundSeconds: number;
    if (index % 2 === 0) {
      sentinelSeconds = await sentinel();
      bareRoundSeconds = await bare();
    } else {
      bareRoundSeconds = await bare();
      sentinelSeconds = await sentinel();
    }
    seconds += sentinelSeconds;
    bareSeconds += bareRoundSeconds;
    ratios.push((100 * bareRoundSeconds) / sentinelSeconds);
  }
  return {
    jobs,
    concurrency,
    rounds: sizes.length,
    seconds: round(seconds),
    jobsPerSecond: round(jobs / seconds),
    bareSeconds: round(bareSeconds),
    barePerSecond: round(jobs / bareSeconds),
    percentOfBare: round((100 * bareSeconds) / seconds),
    roundPercentRange: [round(Math.min(...ratios)), round(Math.max(...ratios))],
  };
}
