/**
 * Soak: N jobs through local mode (the `npm start` process, on a free port with a private data dir)
 * under a mix of good, failing and hostile programs in python, c and bash with small limits, with
 * the executor killed (SIGKILL, by pid) twice along the way; local mode restarts it.
 *
 *   npm run build && npm run soak [-- --jobs 10000 --clients 16]
 *
 * Prints jobs submitted, completed, failed and lost (accepted with 200 but never finished, or gone),
 * Redis used_memory, master and executor RSS at the start and the end, and the elapsed time; the last
 * line is `RESULT <json>`. Exits 1 when a job is lost, 2 when local mode does not start.
 *
 * A job survives one crash of its executor (maxStalledCount 1, core/src/queue/bull/settings.ts): the second kill
 * waits until every job that was running at the first one has finished, so no job is hit twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commandLine } from './lib/command-line.mts';
import getPort from 'get-port';
import { createRedis, queueKeys } from '@sentinel/core';
import { childRunning, redisUsedMemory, rssKb } from '../test/helpers/faults.js';
import { repoRoot, startService, waitFor } from '../test/helpers/services.js';

const { values } = commandLine('usage: npm run soak [-- --jobs N (>= 3)] [-- --clients N]', { jobs: { type: 'string', default: '10000' }, clients: { type: 'string', default: '16' } });
const total = Number(values.jobs);
const clients = Number(values.clients);
if (!(Number.isInteger(total) && total >= 3) || !(Number.isInteger(clients) && clients >= 1)) {
  console.error('usage: soak.mts [--jobs N (>= 3)] [--clients N]');
  process.exit(2);
}

interface Kind {
  name: string;
  weight: number;
  expected: readonly string[];
  body: Record<string, unknown>;
}
const small = { wallMs: 1_000, cpuMs: 500, memoryMb: 64, processes: 16, outputKb: 64 };
const KINDS: Kind[] = [
  { name: 'python ok', weight: 30, expected: ['ACCEPTED'], body: { language: 'python', code: 'n = int(input())\nprint(n * 2)', testCases: [{ input: '21', expected: '42' }, { input: '5', expected: '10' }] } },
  { name: 'python wrong', weight: 10, expected: ['WRONG_ANSWER'], body: { language: 'python', code: 'print(0)', testCases: [{ input: '', expected: '1' }] } },
  { name: 'python raises', weight: 8, expected: ['RUNTIME_ERROR'], body: { language: 'python', code: 'raise SystemExit(3)', testCases: [{ input: '', expected: '' }] } },
  { name: 'python loop', weight: 2, expected: ['TIME_LIMIT'], body: { language: 'python', code: 'while True: pass', limits: small } },
  // The most wall time a request may ask (5 s): a machine loaded past its cores does not use it up
  // before the memory limit is hit.
  { name: 'python memory', weight: 2, expected: ['MEMORY_LIMIT', 'RUNTIME_ERROR'], body: { language: 'python', code: 'x = bytearray(512 * 1024 * 1024)\nprint(len(x))', limits: { ...small, wallMs: 5_000 } } },
  { name: 'python flood', weight: 2, expected: ['OUTPUT_LIMIT'], body: { language: 'python', code: 'while True: print("x" * 1000)', limits: small } },
  { name: 'c ok', weight: 15, expected: ['ACCEPTED'], body: { language: 'c', code: '#include <stdio.h>\nint main(void){int n;scanf("%d",&n);printf("%d\\n",n*3);return 0;}', testCases: [{ input: '7', expected: '21' }] } },
  { name: 'c compile error', weight: 5, expected: ['COMPILATION_ERROR'], body: { language: 'c', code: 'int main(void){ return x; }', testCases: [{ input: '', expected: '' }] } },
  { name: 'c segfault', weight: 5, expected: ['RUNTIME_ERROR'], body: { language: 'c', code: 'int main(void){ volatile int *p = 0; return *p; }', testCases: [{ input: '', expected: '' }] } },
  { name: 'bash ok', weight: 18, expected: ['ACCEPTED'], body: { language: 'bash', code: 'read n\necho $((n + 1))', testCases: [{ input: '41', expected: '42' }] } },
  { name: 'bash fork bomb', weight: 3, expected: ['TIME_LIMIT'], body: { language: 'bash', code: 'f(){ f | f & }; f; sleep 5', limits: small } },
];
const kindOf = (index: number): Kind => {
  const sum = KINDS.reduce((total, kind) => total + kind.weight, 0);
  let slot = (index * 7919) % sum; // spread over the run, deterministic
  return KINDS.find((kind) => (slot -= kind.weight) < 0)!;
};

const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`soak: ${line}`);

// Local mode, as `npm start` runs it, on a free port with its own data directory.
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-soak-'));
const port = await getPort();
const teardowns: (() => unknown)[] = [];
const local = startService({ teardown: (fn) => void teardowns.push(fn) }, path.join(repoRoot, 'local/dist/main.js'), {
  PORT: String(port),
  SENTINEL_DATA_DIR: dataDir,
  SENTINEL_PACKS: 'python,c,bash',
  RATE_LIMIT_MAX: '100000000',
});
const finish = async (code: number) => {
  await local.stop('SIGTERM');
  for (const teardown of teardowns) await teardown();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(code);
};
let url: string;
let redisUrl: string;
try {
  url = await waitFor('local mode', async () => local.output().match(/Sentinel is running at (\S+)/)?.[1], 60_000);
  redisUrl = local.output().match(/redis-server on (redis:\/\/\S+)/)![1]!;
} catch (error) {
  console.error(`soak: local mode did not start: ${(error as Error).message}\n${local.output()}`);
  await finish(2);
  throw error;
}
const redis = createRedis(redisUrl, 'soak');
/** The executor local mode runs now, once its heartbeat is in. */
const executorPid = async (): Promise<number | undefined> => {
  const pid = await childRunning(local.child.pid!, 'executor/dist/main.js');
  const response = await fetch(`${url}/health`).catch(() => undefined);
  const body = (await response?.json().catch(() => undefined)) as { executors?: { pid: number }[] } | undefined;
  return body?.executors?.some((executor) => executor.pid === pid) ? pid : undefined;
};
const masterPid = (await childRunning(local.child.pid!, 'master/dist/main.js'))!;
const measure = async () => ({
  redisBytes: await redisUsedMemory(redis),
  masterKb: await rssKb(masterPid),
  executorKb: await rssKb((await waitFor('an executor', executorPid, 30_000))),
});
const start = await measure();
const started = performance.now();
log(`${total} jobs (${KINDS.map((k) => k.name).join(', ')}), ${clients} clients, through local mode at ${url}`);

// The two kills: when a third and two thirds of the jobs have been accepted.
const killAt = [Math.floor(total / 3), Math.floor((2 * total) / 3)];
const kills: { afterAccepted: number; pid: number; hit: number; backAfterMs: number }[] = [];
/** Jobs running at the last kill, with the processedOn of that run. */
let hitByLastKill = new Map<string, { language: string; processedOn: string | null }>();
let killing = Promise.resolve();

/** Whether a job hit by the last kill is running again now: killing its executor would be its second crash. */
async function runningAgain(): Promise<boolean> {
  for (const [id, { language, processedOn }] of hitByLastKill) {
    if (finals.has(id)) continue;
    if ((await redis.hget(`bull:${language}:${id}`, 'processedOn')) !== processedOn) return true;
  }
  return false;
}

async function killExecutor(afterAccepted: number): Promise<void> {
  // A job survives one crash (maxStalledCount 1): never kill while a job hit last time runs again.
  await waitFor('the jobs hit by the previous kill to be out of the executor', async () => ((await runningAgain()) ? undefined : true), 120_000);
  const pid = await waitFor('the executor', executorPid, 30_000);
  const hit: typeof hitByLastKill = new Map();
  for (const language of ['python', 'c', 'bash']) {
    for (const id of await redis.lrange(queueKeys(language).active, 0, -1)) hit.set(id, { language, processedOn: await redis.hget(`bull:${language}:${id}`, 'processedOn') });
  }
  const killedAt = performance.now();
  process.kill(pid, 'SIGKILL');
  hitByLastKill = hit;
  await waitFor('a restarted executor', async () => {
    const now = await executorPid();
    return now !== undefined && now !== pid ? now : undefined;
  }, 60_000);
  kills.push({ afterAccepted, pid, hit: hit.size, backAfterMs: Math.round(performance.now() - killedAt) });
  log(`executor pid ${pid} killed (SIGKILL) after ${afterAccepted} jobs accepted, with ${hit.size} jobs in its hands; local mode had a new one serving in ${kills.at(-1)!.backAfterMs} ms`);
}

let next = 0;
const accepted: string[] = [];
const finals = new Map<string, { status: string; verdict?: string; error?: string; kind: Kind }>();
const lost: { id: string; why: string }[] = [];
let refusals = 0;

async function submit(kind: Kind): Promise<string> {
  for (;;) {
    const response = await fetch(`${url}/execute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(kind.body) }).catch(() => undefined);
    if (response?.status === 200) return ((await response.json()) as { id: string }).id;
    // A request refused for what it is would be refused forever: the soak's own bug.
    if (response && response.status >= 400 && response.status < 500 && response.status !== 429) throw new Error(`POST /execute refused ${kind.name}: ${response.status} ${await response.text()}`);
    // Admission control or an outage: not accepted, so not ours to count; try again shortly.
    refusals += 1;
    await response?.body?.cancel();
    await sleep(Number(response?.headers.get('retry-after') ?? 0.2) * 1000);
  }
}

async function awaitFinal(id: string, kind: Kind): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/job/${id}?wait=30`).catch(() => undefined);
    if (!response) {
      await sleep(200);
      continue;
    }
    const body = (await response.json()) as { status?: string; verdict?: string; error?: string };
    if (response.status === 404) return void lost.push({ id, why: 'GET answered 404' });
    if (body.status === 'completed' || body.status === 'failed') return void finals.set(id, { status: body.status, verdict: body.verdict, error: body.error, kind });
  }
  lost.push({ id, why: 'not finished after 180 s' });
}

async function client(): Promise<void> {
  while (next < total) {
    const index = next++;
    if (killAt.includes(index)) {
      // In the background: the clients go on submitting.
      killing = killing.then(() => killExecutor(index)).catch((error: unknown) => log(`could not kill the executor: ${(error as Error).message}`));
    }
    const kind = kindOf(index);
    const id = await submit(kind);
    accepted.push(id);
    if (accepted.length % Math.max(1, Math.floor(total / 10)) === 0) log(`${accepted.length} accepted, ${finals.size} finished, ${Math.round(performance.now() - started) / 1000} s`);
    await awaitFinal(id, kind);
  }
}
await Promise.all(Array.from({ length: clients }, () => client()));
await killing;

const end = await measure();
const elapsedS = (performance.now() - started) / 1000;
const completed = [...finals.values()].filter((job) => job.status === 'completed');
const failed = [...finals.values()].filter((job) => job.status === 'failed');
const unexpected = completed.filter((job) => !job.kind.expected.includes(job.verdict ?? ''));
const verdicts: Record<string, number> = {};
for (const job of completed) verdicts[job.verdict ?? '?'] = (verdicts[job.verdict ?? '?'] ?? 0) + 1;

log(`jobs submitted ${accepted.length}, completed ${completed.length}, failed ${failed.length}, lost ${lost.length} (refused and resubmitted: ${refusals})`);
log(`verdicts: ${Object.entries(verdicts).map(([verdict, count]) => `${verdict} ${count}`).join(', ')}; not the expected verdict for the program: ${unexpected.length}`);
for (const job of unexpected.slice(0, 5)) log(`  unexpected: ${job.kind.name} -> ${job.verdict}`);
for (const job of failed.slice(0, 5)) log(`  failed: ${job.kind.name}: ${job.error}`);
for (const job of lost.slice(0, 5)) log(`  lost: ${job.id}: ${job.why}`);
log(`executor killed ${kills.length} times: ${kills.map((kill) => `pid ${kill.pid} after ${kill.afterAccepted} jobs, replaced in ${kill.backAfterMs} ms`).join('; ')}`);
log(`redis used_memory: start ${mib(start.redisBytes)}, end ${mib(end.redisBytes)}`);
log(`master RSS: start ${mib((start.masterKb ?? 0) * 1024)}, end ${mib((end.masterKb ?? 0) * 1024)}`);
log(`executor RSS: start ${mib((start.executorKb ?? 0) * 1024)}, end ${mib((end.executorKb ?? 0) * 1024)} (the end one is the process local mode restarted)`);
log(`elapsed ${elapsedS.toFixed(1)} s (${(accepted.length / elapsedS).toFixed(1)} jobs/s)`);
const result = {
  submitted: accepted.length, completed: completed.length, failed: failed.length, lost: lost.length, unexpected: unexpected.length,
  kills: kills.length, start, end, elapsedMs: Math.round(elapsedS * 1000),
};
console.log(`RESULT ${JSON.stringify(result)}`);
redis.disconnect();
await finish(lost.length > 0 ? 1 : 0);
