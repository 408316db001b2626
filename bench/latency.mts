/**
 * End-to-end latency: POST /execute?wait=30 for python hello with one test case, one job at a time
 * (unloaded), alternating with a bare sandboxed run of the same program in the same process tree.
 */
import { pythonHello, quantile, round, type SandboxBench } from './lib/sandbox-bench.mts';
import { accepted, pythonHelloJob, submit } from './lib/service.mts';

export interface LatencyResult {
  jobs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  bareP50Ms: number;
  addedMs: number;
  ratio: number;
}

export async function measureLatency(url: string, bench: SandboxBench, jobs: number): Promise<LatencyResult> {
  for (let i = 0; i < 5; i++) accepted(await submit(url, pythonHelloJob, true));
  const e2e: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const started = performance.now();
    accepted(await submit(url, pythonHelloJob, true));
    e2e.push(performance.now() - started);
    bare.push(await bench.sandboxed(pythonHello.argv));
  }
  const p50 = quantile(e2e, 0.5);
  const bareP50 = quantile(bare, 0.5);
  return {
    jobs,
    p50Ms: round(p50),
    p95Ms: round(quantile(e2e, 0.95)),
    p99Ms: round(quantile(e2e, 0.99)),
    bareP50Ms: round(bareP50),
    addedMs: round(p50 - bareP50),
    ratio: round(p50 / bareP50),
  };
}
