/**
 * Sandbox cost per run: hello world in python, node and a C++ binary, run raw (a plain spawn as
 * the same uid, in the same directory) and through the full sandbox (bwrap namespaces, seccomp,
 * cgroup, rlimits, sentinel-init, a snapshot /box), as the executor runs it (a spare sandbox
 * waiting) and cold (no spare), alternating, so all see the same machine load.
 *
 *   npm run build && npm run bench:sandbox [-- --runs 40]
 *
 * Prints a table and writes bench-results/sandbox.json. Must run as root (cgroups, sandbox uid).
 * `npm run bench` measures the same (with bench/lib/sandbox-bench.mts) beside the service's figures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { commandLine } from '../scripts/lib/command-line.mts';
import { machine, programs, SandboxBench, type CostRow } from './lib/sandbox-bench.mts';

const { values } = commandLine('usage: npm run bench:sandbox [-- --runs N]', { runs: { type: 'string', default: '40' } });
const runs = Number(values.runs);

const bench = await SandboxBench.create();
const rows: CostRow[] = [];
try {
  for (const program of programs) rows.push(await bench.cost(program, runs));
} finally {
  await bench.close();
}

const host = machine();
console.log(`Sandbox cost per run (median of ${runs}; raw, sandboxed with a spare waiting, and cold, alternating) on ${host}\n`);
console.log('| program | raw ms | sandboxed ms | added ms | ratio | raw p90 | sandboxed p90 | cold ms | cold added ms |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.program} | ${row.rawMedianMs} | ${row.sandboxMedianMs} | ${row.addedMs} | ${row.ratio}x | ${row.rawP90Ms} | ${row.sandboxP90Ms} | ${row.coldMedianMs} | ${row.coldAddedMs} |`);
}
const python = rows[0]!;
console.log(`\nTarget: python hello adds <= 10 ms: ${python.addedMs <= 10 ? 'met' : 'MISSED'} (${python.addedMs} ms)`);
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/sandbox.json', JSON.stringify({ machine: host, date: new Date().toISOString(), rows }, null, 2));
