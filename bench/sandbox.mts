/**
 * Sandbox cost per run: hello world in python, node and a C++ binary, run raw (a plain spawn as
 * the same uid, in the same directory) and through the full sandbox (bwrap namespaces, seccomp,
 * cgroup, rlimits, tini, a snapshot /box), alternating, so both see the same machine load.
 *
 *   npm run build && npm run bench:sandbox [-- --runs 40]
 *
 * Prints a table and writes bench-results/sandbox.json. Must run as root (cgroups, sandbox uid).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BwrapSandbox } from '../executor/dist/sandbox/bwrap.js';
import { detectCgroups } from '../executor/dist/sandbox/cgroup/detect.js';
import { buildSeccompFilter, seccompArch } from '../executor/dist/sandbox/seccomp.js';
import { SANDBOX_ID } from '../executor/dist/config.js';
import { DEFAULT_LIMITS } from '@sentinel/core';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const runs = Number(values.runs);
const uid = process.getuid?.() === 0 ? SANDBOX_ID : undefined;
const owner = uid === undefined ? {} : { uid, gid: uid };

const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-bench-'));
await chmod(dir, 0o755);
await writeFile(path.join(dir, 'main.py'), 'print("Hello, Sentinel!")\n');
await writeFile(path.join(dir, 'main.js'), 'console.log("Hello, Sentinel!");\n');
await writeFile(path.join(dir, 'main.cpp'), '#include <iostream>\nint main() { std::cout << "Hello, Sentinel!" << std::endl; }\n');
const compiled = spawnSync('/usr/bin/g++', ['-O2', '-o', path.join(dir, 'main'), path.join(dir, 'main.cpp')]);
if (compiled.status !== 0) throw new Error(`g++ failed: ${compiled.stderr}`);
if (uid !== undefined) for (const name of ['', 'main.py', 'main.js', 'main']) await chown(path.join(dir, name), uid, uid);

const sandbox = new BwrapSandbox({
  bwrapPath: '/usr/bin/bwrap',
  ...owner,
  tmpBytes: 64 << 20,
  jobDirBytes: 64 << 20,
  openFiles: 256,
  seccompFilter: buildSeccompFilter(seccompArch()),
  cgroups: await detectCgroups({ mode: 'auto', mount: '/sys/fs/cgroup', name: 'sentinel-bench' }),
  cpus: os.availableParallelism(),
});

const programs = [
  { name: 'python hello', argv: ['/usr/bin/python3', '-E', '-s', '-B', 'main.py'] },
  { name: 'node hello', argv: ['/usr/bin/node', 'main.js'] },
  { name: 'C++ hello (binary)', argv: ['./main'] },
];
const env = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };

function raw(argv: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: dir, env, ...owner, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${argv[0]} exited ${code}`))));
  });
}

async function sandboxed(argv: string[]): Promise<number> {
  const started = performance.now();
  const outcome = await sandbox.run({ argv, jobDir: dir, jobDirMode: 'snapshot', env, readOnlyPaths: [], stdin: '', limits: DEFAULT_LIMITS });
  if (outcome.exitCode !== 0 || outcome.stdout !== 'Hello, Sentinel!\n') throw new Error(`sandboxed ${argv[0]}: ${JSON.stringify(outcome)}`);
  return performance.now() - started;
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
const rows = [];
for (const program of programs) {
  for (let i = 0; i < 3; i++) await Promise.all([raw(program.argv), sandboxed(program.argv)].map((p) => p.catch((e) => { throw e; })));
  const rawTimes: number[] = [];
  const boxTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    rawTimes.push(await raw(program.argv));
    boxTimes.push(await sandboxed(program.argv));
  }
  const rawMedian = quantile(rawTimes, 0.5);
  const boxMedian = quantile(boxTimes, 0.5);
  rows.push({
    program: program.name,
    runs,
    rawMedianMs: round(rawMedian),
    sandboxMedianMs: round(boxMedian),
    addedMs: round(boxMedian - rawMedian),
    ratio: round(boxMedian / rawMedian),
    rawP90Ms: round(quantile(rawTimes, 0.9)),
    sandboxP90Ms: round(quantile(boxTimes, 0.9)),
  });
}
await rm(dir, { recursive: true, force: true });

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}`;
console.log(`Sandbox cost per run (median of ${runs}, raw and sandboxed alternating) on ${machine}\n`);
console.log('| program | raw ms | sandboxed ms | added ms | ratio | raw p90 | sandboxed p90 |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.program} | ${row.rawMedianMs} | ${row.sandboxMedianMs} | ${row.addedMs} | ${row.ratio}x | ${row.rawP90Ms} | ${row.sandboxP90Ms} |`);
}
const python = rows[0]!;
console.log(`\nTarget: python hello adds <= 10 ms: ${python.addedMs <= 10 ? 'met' : 'MISSED'} (${python.addedMs} ms)`);
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/sandbox.json', JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2));
