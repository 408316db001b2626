/**
 * Reading large results must not hold up the master: /health latency while six clients GET a job
 * whose stored result is at the bound (SENTINEL_RESULT_MAX_KB, 4 MiB by default), against /health
 * on the same idle master. The job is issue 14's worst case: 100 tests of 85 KB input and 70 KB
 * expected, the program printing 70 KB to stdout and to stderr in each. Probes and GETs run from
 * processes of their own (bench/lib/gets-and-health.mjs), so their own work is not counted.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { requestJson } from './lib/http.mts';
import { quantile, round } from './lib/sandbox-bench.mts';
import { submit, waitForJob } from './lib/service.mts';

export const WORST_CASE_JOB = {
  language: 'python',
  code: "import sys\nsys.stdin.read()\nsys.stdout.write('o' * 70000)\nsys.stderr.write('e' * 70000)\n",
  testCases: Array.from({ length: 100 }, () => ({ input: 'i'.repeat(85_000), expected: 'x'.repeat(70_000) })),
};

export interface LargeResultResult {
  resultBytes: number;
  rounds: number;
  getP50Ms: number;
  healthDuringP50Ms: number;
  healthDuringMaxMs: number;
  healthIdleP50Ms: number;
  healthIdleMaxMs: number;
}

const script = fileURLToPath(new URL('lib/gets-and-health.mjs', import.meta.url));

/** Runs the worst-case job to its end, then `rounds` rounds of six GETs with /health probed meanwhile. */
export async function measureLargeResult(url: string, rounds: number): Promise<LargeResultResult> {
  const { id } = await submit(url, WORST_CASE_JOB, false);
  const done = await waitForJob(url, id);
  if (done.status !== 'completed') throw new Error(`the worst-case job ${id} ended ${done.status}`);
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await requestJson('GET', `${url}/health`);
    idle.push(performance.now() - started);
  }
  const { stdout } = await promisify(execFile)(process.execPath, [script, url, `/job/${id}`, '6', String(rounds)], { maxBuffer: 1 << 24 });
  const measured = stdout.trim().split('\n').map((line) => JSON.parse(line) as { gets: Array<{ ms: number; bytes: number }>; health: Array<{ ms: number }> });
  const gets = measured.flatMap((round) => round.gets.map((answer) => answer.ms));
  const during = measured.flatMap((round) => round.health.map((probe) => probe.ms));
  if (during.length === 0) throw new Error('no /health probe ran during the GETs');
  return {
    resultBytes: measured[0]!.gets[0]!.bytes,
    rounds,
    getP50Ms: round(quantile(gets, 0.5)),
    healthDuringP50Ms: round(quantile(during, 0.5)),
    healthDuringMaxMs: round(Math.max(...during)),
    healthIdleP50Ms: round(quantile(idle, 0.5)),
    healthIdleMaxMs: round(Math.max(...idle)),
  };
}
