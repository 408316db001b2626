/**
 * Metrics and logs through the real processes: the executor's metrics port after a real job, and
 * one job's JSON log lines in the master and in the executor joined by its request id and job id.
 */
import test from 'ava';
import getPort from 'get-port';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { getJson, startStack, waitFor, waitForJob } from './helpers/services.js';

let redis: TestRedis;
test.before(async () => {
  redis = await startRedis();
});
test.after.always(() => redis?.stop());

/** Every JSON line of a process's output (anything else it printed is skipped). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('a job through the stack: the executor counts its verdicts and times it, and both processes log it with one request id', async (t) => {
  const metricsPort = await getPort();
  const stack = await startStack(t, redis.url, { SENTINEL_METRICS_PORT: String(metricsPort), SENTINEL_PACKS: 'python' });
  const requestId = `obs-${Date.now()}`;
  const submitted = await fetch(`${stack.url}/execute`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': requestId },
    body: JSON.stringify({ language: 'python', code: 'print(int(input()) * 2)', testCases: [{ input: '5', expected: '10' }, { input: '7', expected: '15' }] }),
  });
  t.is(submitted.status, 200);
  t.is(submitted.headers.get('x-request-id'), requestId);
  const { id: jobId } = (await submitted.json()) as { id: string };
  const done = await waitForJob(stack.url, jobId);
  t.is(done.verdict, 'WRONG_ANSWER');

  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  t.is(sample(text, 'sentinel_job_verdicts_total{language="python",verdict="WRONG_ANSWER"}'), 1);
  t.is(sample(text, 'sentinel_test_verdicts_total{language="python",verdict="ACCEPTED"}'), 1);
  t.is(sample(text, 'sentinel_test_verdicts_total{language="python",verdict="WRONG_ANSWER"}'), 1);
  t.is(sample(text, 'sentinel_job_wait_seconds_count{language="python"}'), 1);
  t.is(sample(text, 'sentinel_job_run_seconds_count{language="python"}'), 1);
  t.true((sample(text, 'sentinel_job_run_seconds_sum{language="python"}') ?? 0) > 0);
  for (const family of ['sentinel_sandbox_start_failures_total', 'sentinel_job_errors_total', 'process_resident_memory_bytes']) t.regex(text, new RegExp(`^# TYPE ${family} `, 'm'));
  t.is((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status, 404);

  // The master's request line and the executor's job lines carry the same ids.
  const masterLine = await waitFor('the master request line', async () =>
    jsonLines(stack.master.output()).find((line) => line.requestId === requestId && line.route === '/execute'),
  );
  t.like(masterLine, { jobId, method: 'POST', status: 200, level: 'info' });
  const executorLines = await waitFor('the executor job lines', async () => {
    const lines = jsonLines(stack.executor.output()).filter((line) => line.jobId === jobId);
    return lines.some((line) => /judged/.test(String(line.msg))) ? lines : undefined;
  });
  for (const line of executorLines) t.like(line, { requestId, jobId, language: 'python', name: 'sentinel-executor' });
  t.like(executorLines.find((line) => /judged/.test(String(line.msg))), { verdict: 'WRONG_ANSWER', passed: 1, total: 2 });
  // Human messages stay findable in the output.
  t.regex(stack.executor.output(), /"msg":"executor \S+ serving python/);
  t.regex(stack.master.output(), /"msg":"listening on http:/);
});

test('the master answers /metrics while Redis is down, its queue gauges flagged absent', async (t) => {
  const own = await startRedis();
  t.teardown(() => own.stop());
  const stack = await startStack(t, own.url, { SENTINEL_PACKS: 'python' });
  await waitFor('the queue counts', async () => (sample(await (await fetch(`${stack.url}/metrics`)).text(), 'sentinel_queue_counts_up') === 1 ? true : undefined));
  await own.stop();
  await waitFor('the master to see Redis down', async () => ((await getJson(`${stack.url}/health`)).body.redis?.connected === false ? true : undefined));
  const response = await fetch(`${stack.url}/metrics`, { signal: AbortSignal.timeout(5_000) });
  t.is(response.status, 200);
  const down = await response.text();
  t.is(sample(down, 'sentinel_queue_counts_up'), 0);
  t.false(down.includes('sentinel_queue_jobs{'), 'no stale counts');
  t.regex(down, /^sentinel_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} \d+$/m);
});
