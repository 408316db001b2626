/**
 * Admission: POST /execute (python hello, one test case) requests/s and latency with autocannon,
 * with no executor draining the queue (local mode's executor is stopped first), against the same
 * master answering GET /languages (in-app, no Redis for the route itself; it goes through the
 * same middleware, rate limiter included) for the same duration and connections. autocannon runs
 * in this process, on the same cores, for both.
 */
import autocannonModule from 'autocannon';
import { round } from './lib/sandbox-bench.mts';
import { pythonHelloJob } from './lib/service.mts';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = autocannonModule as unknown as Cannon;

export interface AdmissionRow {
  route: string;
  seconds: number;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  notOk: number;
}

export interface AdmissionResult {
  baseline: AdmissionRow;
  execute: AdmissionRow;
  /** Jobs waiting in the python queue afterwards: all removed with the private Redis at the end. */
  leftQueued: number;
}

async function cannon(route: string, options: Record<string, unknown>, seconds: number, connections: number): Promise<AdmissionRow> {
  const result = await autocannon({ ...options, duration: seconds, connections });
  if (result.errors || result.timeouts) throw new Error(`${route}: ${result.errors} errors, ${result.timeouts} timeouts`);
  return {
    route,
    seconds,
    connections,
    requestsPerSecond: round(result.requests.average),
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    ok: result['2xx'],
    notOk: result.non2xx,
  };
}

export async function measureAdmission(url: string, seconds: number, connections = 50): Promise<AdmissionResult> {
  const execute = {
    url: `${url}/execute`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pythonHelloJob),
  };
  await cannon('warm-up', { url: `${url}/languages` }, 1, connections);
  await cannon('warm-up', execute, 1, connections);
  const baseline = await cannon('GET /languages', { url: `${url}/languages` }, seconds, connections);
  const admitted = await cannon('POST /execute', execute, seconds, connections);
  const load = (await (await fetch(`${url}/load`)).json()) as Record<string, { waiting?: number }>;
  return { baseline, execute: admitted, leftQueued: load.python?.waiting ?? Number.NaN };
}
