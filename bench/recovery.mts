/**
 * Recovery after an executor is SIGKILLed mid-job, through the API (local mode: a private
 * redis-server, the master and a supervised executor). Prints median/max of kill -> completed:
 *
 * - local mode: the supervisor releases the dead executor's job at once; its restart runs it;
 * - no supervisor (Kubernetes): a plain executor process is killed and a second one takes the
 *   job when its lock expires (the queue's lock and stall settings);
 * - baseline: the same job's run time (active -> completed) without a kill.
 *
 *   npm run build && npx tsx bench/recovery.mts [-- --samples 5]     (must run as root)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandLine } from '../scripts/lib/command-line.mts';
import { requestJson } from './lib/http.mts';
import { startService, type BenchService } from './lib/service.mts';

const JOB = { code: 'import time\ntime.sleep(2)\nprint(1)', language: 'python', testCases: [{ input: '', expected: '1' }] };
const EXECUTOR = fileURLToPath(new URL('../executor/dist/main.js', import.meta.url));

interface View {
  id: string;
  status: string;
  timestamp: string;
  verdict?: string;
}

export interface RecoveryResult {
  samples: number;
  runMs: number[];
  localMs: number[];
  noSupervisorMs: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[]) => `median ${median(values)} / max ${Math.max(...values)} ms`;

async function submit(url: string): Promise<string> {
  const { status, body } = await requestJson<View>('POST', `${url}/execute`, JOB);
  if (status !== 200) throw new Error(`POST /execute answered ${status}`);
  return body.id;
}

async function untilActive(url: string, id: string): Promise<number> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if ((await requestJson<View>('GET', `${url}/job/${id}`)).body.status === 'active') return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${id} did not start within 30 s`);
}

async function completed(url: string, id: string): Promise<number> {
  const { body } = await requestJson<View>('GET', `${url}/job/${id}?wait=30`);
  if (body.status !== 'completed' || body.verdict !== 'ACCEPTED') throw new Error(`job ${id}: ${JSON.stringify(body)}`);
  return Date.now();
}

/** A plain executor process (no supervisor): resolves once it serves. */
function plainExecutor(service: BenchService): Promise<ChildProcess> {
  const child = spawn(process.execPath, [EXECUTOR], { env: { ...process.env, REDIS_URL: service.local.redisUrl, SENTINEL_PACKS: 'python' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/executor \S+ serving/.test(output)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`executor exited (${code}) before serving: ${output.slice(-300)}`)));
  });
}

/** Kill -> completed for one job whose executor is SIGKILLed while it runs, under a supervisor. */
async function localSample(service: BenchService): Promise<number> {
  const id = await submit(service.url);
  await untilActive(service.url, id);
  const killedAt = Date.now();
  process.kill(service.local.executor.pid!, 'SIGKILL');
  return (await completed(service.url, id)) - killedAt;
}

/**
 * Each local sample runs on a service of its own: a supervisor backs off from an executor's second
 * quick exit in a row, and that back-off is not what one crash costs.
 */
export async function measureRecovery(samples: number): Promise<RecoveryResult> {
  const result: RecoveryResult = { samples, runMs: [], localMs: [], noSupervisorMs: [] };
  for (let n = 0; n < samples; n++) {
    const service = await startService(2);
    try {
      if (n === 0) {
        for (let m = 0; m < samples; m++) {
          const id = await submit(service.url);
          const started = await untilActive(service.url, id);
          result.runMs.push((await completed(service.url, id)) - started);
        }
      }
      result.localMs.push(await localSample(service));
      if (n === samples - 1) {
        await service.local.executor.stop();
        await measureWithoutSupervisor(service, samples, result.noSupervisorMs);
      }
    } finally {
      await service.stop();
    }
  }
  return result;
}

/** A plain executor is killed mid-job while a second one waits: the lock's expiry hands the job over. */
async function measureWithoutSupervisor(service: BenchService, samples: number, into: number[]): Promise<void> {
  for (let n = 0; n < samples; n++) {
    const doomed = await plainExecutor(service);
    const id = await submit(service.url);
    await untilActive(service.url, id);
    const heir = await plainExecutor(service);
    const killedAt = Date.now();
    doomed.kill('SIGKILL');
    into.push((await completed(service.url, id)) - killedAt);
    heir.kill('SIGTERM');
    await new Promise((resolve) => heir.once('exit', resolve));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = commandLine('usage: npx tsx bench/recovery.mts [--samples N]', { samples: { type: 'string', default: '5' } });
  const samples = Number(values.samples);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`--samples must be a positive integer, not ${values.samples}`);
  const { runMs, localMs, noSupervisorMs } = await measureRecovery(samples);
  console.log(`\nRecovery after SIGKILL mid-job (python, sleeps 2 s), ${samples} samples each, kill -> completed through the API:\n`);
  console.log('| measurement | figure |');
  console.log('|---|---|');
  console.log(`| baseline: the job's run time, no kill (active -> completed) | ${summary(runMs)} |`);
  console.log(`| local mode: supervisor releases the job, restarted executor runs it | ${summary(localMs)} (${median(localMs) - median(runMs)} ms over the run time) |`);
  console.log(`| no supervisor: another executor runs it after the lock expires | ${summary(noSupervisorMs)} (${median(noSupervisorMs) - median(runMs)} ms over the run time) |`);
}
