/**
 * `npm run bench`: Sentinel's figures, each beside a baseline measured in the same run, on this
 * machine, in local mode (a private redis-server, the master and one executor; data in a temp dir).
 *
 *   npm run build && npm run bench [-- --quick] [-- --jobs 1000] [-- --seconds 10]
 *
 * Prints one table and the targets met, and writes bench-results/bench.json. Must run as root.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { commandLine } from '../scripts/lib/command-line.mts';
import { measureAdmission, type AdmissionResult } from './admission.mts';
import { measureCompileOnce, type CompileOnceResult } from './compile-once.mts';
import { measureLargeResult, type LargeResultResult } from './large-result.mts';
import { measureLatency, type LatencyResult } from './latency.mts';
import { machine, programs, round, SandboxBench, type CostRow } from './lib/sandbox-bench.mts';
import { startService } from './lib/service.mts';
import { measureThroughput, type ThroughputResult } from './throughput.mts';

const { values } = commandLine('usage: npm run bench [-- --quick] [-- --jobs N] [-- --seconds N]', {
  quick: { type: 'boolean', default: false },
  jobs: { type: 'string' },
  seconds: { type: 'string' },
});
const quick = values.quick;
const plan = {
  sandboxRuns: quick ? 10 : 40,
  latencyJobs: quick ? 20 : 100,
  throughputJobs: Number(values.jobs ?? (quick ? 100 : 1000)),
  admissionSeconds: Number(values.seconds ?? (quick ? 3 : 10)),
  compileRepetitions: quick ? 1 : 3,
  largeResultRounds: quick ? 2 : 5,
  concurrency: os.availableParallelism(),
};
for (const [name, value] of Object.entries(plan)) if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${value}`);

const step = (what: string) => console.error(`[bench] ${what}`);
const started = performance.now();
const bench = await SandboxBench.create();
let cost: CostRow[] = [];
let latency: LatencyResult | undefined;
let compileOnce: CompileOnceResult | undefined;
let throughput: ThroughputResult | undefined;
let admission: AdmissionResult | undefined;
let largeResult: LargeResultResult | undefined;
try {
  step(`sandbox cost: ${plan.sandboxRuns} runs each`);
  for (const program of programs) cost.push(await bench.cost(program, plan.sandboxRuns));
  step('starting local mode');
  const service = await startService(plan.concurrency);
  try {
    step(`latency: ${plan.latencyJobs} jobs`);
    latency = await measureLatency(service.url, bench, plan.latencyJobs);
    step(`compile once: ${plan.compileRepetitions} repetitions`);
    compileOnce = await measureCompileOnce(service.url, bench, plan.compileRepetitions);
    step(`large results: ${plan.largeResultRounds} rounds of six GETs of a result at the bound`);
    largeResult = await measureLargeResult(service.url, plan.largeResultRounds);
    step(`throughput: ${plan.throughputJobs} jobs`);
    throughput = await measureThroughput(service.url, bench, plan.throughputJobs, plan.concurrency);
    step('admission: stopping the executor');
    await service.local.executor.stop();
    admission = await measureAdmission(service.url, plan.admissionSeconds);
  } finally {
    step('stopping local mode and removing its data dir');
    await service.stop();
  }
} finally {
  await bench.close();
}
const elapsedSeconds = Math.round((performance.now() - started) / 1000);
if (!latency || !compileOnce || !throughput || !admission || !largeResult) throw new Error('a measurement did not finish');

const python = cost[0]!;
const targets = [
  { target: 'sandbox adds <= 10 ms (python hello)', met: python.addedMs <= 10, value: `${python.addedMs} ms` },
  { target: 'end-to-end p50 <= bare sandboxed run + 15 ms', met: latency.addedMs <= 15, value: `+${latency.addedMs} ms` },
  { target: 'throughput >= 70% of bare sandboxed runs', met: throughput.percentOfBare >= 70, value: `${throughput.percentOfBare}%` },
  { target: 'admission >= 3000 req/s with p99 <= 50 ms', met: admission.execute.requestsPerSecond >= 3000 && admission.execute.p99Ms <= 50, value: `${admission.execute.requestsPerSecond} req/s, p99 ${admission.execute.p99Ms} ms` },
  { target: 'compile-once speedup >= 5x (20 tests)', met: compileOnce.speedup >= 5, value: `${compileOnce.speedup}x` },
  { target: '/health under 100 ms during six GETs of a result at the bound', met: largeResult.healthDuringMaxMs < 100, value: `max ${largeResult.healthDuringMaxMs} ms` },
];

const host = machine();
const { baseline, execute } = admission;
const rows: [string, string, string, string][] = [
  ...cost.map((row): [string, string, string, string] => [`sandbox: ${row.program} (median of ${row.runs})`, `${row.sandboxMedianMs} ms sandboxed`, `${row.rawMedianMs} ms raw`, `+${row.addedMs} ms (${row.ratio}x); cold start +${row.coldAddedMs} ms`]),
  [`e2e latency: python hello, 1 test, ?wait (${latency.jobs} sequential)`, `p50 ${latency.p50Ms} / p95 ${latency.p95Ms} / p99 ${latency.p99Ms} ms`, `${latency.bareP50Ms} ms bare sandboxed (p50)`, `+${latency.addedMs} ms (${latency.ratio}x)`],
  [`throughput: ${throughput.jobs} python hello jobs, concurrency ${throughput.concurrency}, ${throughput.rounds} interleaved rounds`, `${throughput.jobsPerSecond} jobs/s (${throughput.seconds} s)`, `${throughput.barePerSecond} runs/s bare sandboxed (${throughput.bareSeconds} s)`, `${throughput.percentOfBare}% of bare (rounds ${throughput.roundPercentRange[0]}-${throughput.roundPercentRange[1]}%)`],
  [`admission: POST /execute, ${execute.connections} connections, ${execute.seconds} s, no executor`, `${execute.requestsPerSecond} req/s, p50 ${execute.p50Ms} / p99 ${execute.p99Ms} ms`, `GET /languages: ${baseline.requestsPerSecond} req/s, p99 ${baseline.p99Ms} ms`, `${Math.round((100 * execute.requestsPerSecond) / baseline.requestsPerSecond)}% of baseline`],
  [`compile once: C++, ${compileOnce.tests} tests (median of ${compileOnce.repetitions})`, `${compileOnce.sentinelMs} ms one job`, `${compileOnce.perTestCompileMs} ms compile+run per test, sandboxed`, `${compileOnce.speedup}x faster`],
  [`large results: /health while six clients GET a ${Math.round(largeResult.resultBytes / 1024)} KiB result (${largeResult.rounds} rounds; GET p50 ${largeResult.getP50Ms} ms)`, `/health p50 ${largeResult.healthDuringP50Ms} / max ${largeResult.healthDuringMaxMs} ms`, `idle /health p50 ${largeResult.healthIdleP50Ms} / max ${largeResult.healthIdleMaxMs} ms`, `+${round(largeResult.healthDuringMaxMs - largeResult.healthIdleP50Ms)} ms at worst`],
];

console.log(`\nSentinel benchmark on ${host}${quick ? ' (--quick)' : ''}, ${elapsedSeconds} s\n`);
console.log('| measurement | Sentinel | baseline (same run) | difference |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nAdmission: ${execute.ok} jobs admitted in the measured run (${execute.notOk} non-2xx); ${admission.leftQueued} waiting with the 1 s warm-up, all removed with the private Redis and its data dir.`);
console.log('\nTargets:');
for (const { target, met, value } of targets) console.log(`- ${target}: ${met ? 'met' : 'NOT MET'} (${value})`);

await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/bench.json', JSON.stringify({ machine: host, date: new Date().toISOString(), quick, plan, elapsedSeconds, cost, latency, throughput, admission, compileOnce, largeResult, targets }, null, 2));
