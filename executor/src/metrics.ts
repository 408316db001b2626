/**
 * The executor's Prometheus metrics (prom-client), in a registry of its own: job wait and run
 * times, verdicts (the job's and each test's) per language, sandbox start failures, and the
 * default process metrics. metrics-server.ts serves them on SENTINEL_METRICS_PORT.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { JobResult } from '@sentinel/core';

/** Seconds a job waited in its queue: from instant to a long backlog. */
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
/** Seconds a job ran (compile and every test). */
const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160];

export class ExecutorMetrics {
  readonly registry = new Registry();
  private readonly waitTime: Histogram<'language'>;
  private readonly runTime: Histogram<'language'>;
  private readonly jobVerdicts: Counter<'language' | 'verdict'>;
  private readonly testVerdicts: Counter<'language' | 'verdict'>;
  private readonly jobFailures: Counter<'language' | 'code'>;
  private readonly sandboxStartFailures: Counter<'language'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.waitTime = new Histogram({ name: 'sentinel_job_wait_seconds', help: 'Time from submission to the start of its run, per language, seconds', labelNames: ['language'], buckets: WAIT_BUCKETS, registers });
    this.runTime = new Histogram({ name: 'sentinel_job_run_seconds', help: 'Time from the start of a job to its result (or failure), per language, seconds', labelNames: ['language'], buckets: RUN_BUCKETS, registers });
    this.jobVerdicts = new Counter({ name: 'sentinel_job_verdicts_total', help: "Jobs judged, by language and the job's overall verdict", labelNames: ['language', 'verdict'], registers });
    this.testVerdicts = new Counter({ name: 'sentinel_test_verdicts_total', help: 'Test cases judged (a job without tests counts its one run), by language and verdict', labelNames: ['language', 'verdict'], registers });
    this.jobFailures = new Counter({ name: 'sentinel_job_errors_total', help: "Job attempts that ended in an error of Sentinel's own (no verdict), by language and error code", labelNames: ['language', 'code'], registers });
    this.sandboxStartFailures = new Counter({ name: 'sentinel_sandbox_start_failures_total', help: 'Runs whose sandbox could not be started (SandboxFailedError reason "start"), per language', labelNames: ['language'], registers });
  }

  jobStarted(language: string, waitSeconds: number): void {
    this.waitTime.observe({ language }, Math.max(0, waitSeconds));
  }

  jobJudged(language: string, result: JobResult, runSeconds: number): void {
    this.runTime.observe({ language }, runSeconds);
    this.jobVerdicts.inc({ language, verdict: result.verdict });
    if (result.testCases.length === 0) this.testVerdicts.inc({ language, verdict: result.verdict });
    for (const test of result.testCases) this.testVerdicts.inc({ language, verdict: test.verdict });
  }

  jobFailed(language: string, code: string, runSeconds: number): void {
    this.runTime.observe({ language }, runSeconds);
    this.jobFailures.inc({ language, code });
  }

  sandboxStartFailed(language: string): void {
    this.sandboxStartFailures.inc({ language });
  }
}
