/**
 * What judging with a program costs: one C++ job of 20 tests judged by the built-in `tokens`
 * checker (the baseline), by a C++ and by a Python checker program (each compiled once), and as an
 * interactive problem (a C++ interactor and a binary-searching C++ solution, about 20 queries a
 * test). Through the executor's own judge() and the real sandbox, alternating, medians of the
 * job's wall time; the added cost per test is against the baseline of the same run, the judging
 * program's one compile set aside.
 *
 *   npm run build && npm run bench:judging [-- --runs 5]
 *
 * Prints a table and writes bench-results/judging.json. Must run as root (cgroups, sandbox uid).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { JobRules, loadPacks, type CheckerSpec, type JobPayload, type ProgramSpec } from '@sentinel/core';
import { readExecutorConfig, sandboxSettings } from '../executor/dist/config.js';
import { judge } from '../executor/dist/judge.js';
import { createSandbox } from '../executor/dist/sandbox/select.js';
import { Workspaces } from '../executor/dist/workspace.js';
import { commandLine } from '../scripts/lib/command-line.mts';
import { machine, quantile, round } from './lib/sandbox-bench.mts';

const { values } = commandLine('usage: npm run bench:judging [-- --runs N]', { runs: { type: 'string', default: '5' } });
const runs = Number(values.runs);
const TESTS = 20;

const doubling = '#include <iostream>\nint main() { long long n; std::cin >> n; std::cout << n * 2 << "\\n"; }\n';
const cppChecker = `#include <fstream>
int main(int, char** argv) { std::ifstream out(argv[2]), ans(argv[3]); long long a, b; if (!(out >> a)) return 2; ans >> b; return a == b ? 0 : 1; }
`;
const pythonChecker = 'import sys\nsys.exit(0 if open(sys.argv[2]).read().split() == open(sys.argv[3]).read().split() else 1)\n';
const interactor = `#include <cstdio>
int main(int, char** argv) { FILE* in = fopen(argv[1], "r"); long long secret; fscanf(in, "%lld", &secret);
  for (int asked = 0; asked <= 30; asked++) { char c; long long x; if (scanf(" %c %lld", &c, &x) != 2) return 1;
    if (c == '!') return x == secret ? 0 : 1; printf("%c\\n", secret < x ? '<' : secret > x ? '>' : '='); fflush(stdout); }
  return 1; }
`;
const searcher = `#include <iostream>
#include <string>
int main() { long long lo = 1, hi = 1000000; for (;;) { long long mid = (lo + hi) / 2; std::cout << "? " << mid << std::endl;
  std::string a; std::cin >> a; if (a == "=") { std::cout << "! " << mid << std::endl; return 0; } if (a == "<") hi = mid - 1; else lo = mid + 1; } }
`;

const numbers = Array.from({ length: TESTS }, (_, i) => (i * 48_271 + 11) % 1_000_000 || 1);
const doubled = numbers.map((n) => ({ input: String(n), expected: String(n * 2) }));
const program = (language: string, code: string): ProgramSpec => ({ language, code, files: [] });
const variants: Array<{ name: string; code: string; checker?: CheckerSpec; interactor?: ProgramSpec; testCases: typeof doubled }> = [
  { name: 'built-in tokens (baseline)', code: doubling, checker: { type: 'tokens' }, testCases: doubled },
  { name: 'C++ checker program', code: doubling, checker: { type: 'program', ...program('cpp', cppChecker) }, testCases: doubled },
  { name: 'Python checker program', code: doubling, checker: { type: 'program', ...program('python', pythonChecker) }, testCases: doubled },
  { name: 'C++ interactor, ~20 queries a test', code: searcher, interactor: program('cpp', interactor), testCases: numbers.map((n) => ({ input: String(n), expected: '' })) },
];

const root = await mkdtemp(path.join(os.tmpdir(), 'sentinel-bench-judging-'));
const config = readExecutorConfig({ ...process.env, SENTINEL_WORK_DIR: root });
const workspaces = new Workspaces(root);
await workspaces.init();
const sandbox = await createSandbox(sandboxSettings(config), workspaces);
const registry = await loadPacks({ names: ['cpp', 'python'] });
const rules = JobRules.fromConfig(config, registry);
const cpp = registry.find('cpp')!;

/** A job's wall time, and its judging program's compile time within it. */
async function timeJob(variant: (typeof variants)[number]): Promise<{ ms: number; compileMs: number }> {
  const payload: JobPayload = {
    id: crypto.randomUUID(), language: 'cpp', code: variant.code, testCases: variant.testCases, stdin: '', args: [], files: [], compilerOptions: [], limits: {},
    checker: variant.checker ?? { type: 'lines' }, stopOnFirstFailure: false, submittedAt: new Date().toISOString(),
    ...(variant.interactor ? { interactor: variant.interactor } : {}),
  };
  const started = performance.now();
  const result = await judge(payload, cpp, { sandbox, workspaces, rules, runLimits: rules.runLimits(cpp), compileLimits: rules.compileLimits(cpp), resultOutputBytes: 64 * 1024 });
  const ms = performance.now() - started;
  if (result.verdict !== 'ACCEPTED') throw new Error(`${variant.name}: ${result.verdict} ${result.error}`);
  return { ms, compileMs: result.checkerCompile?.timeMs ?? 0 };
}

const times = variants.map(() => [] as number[]);
const compiles = variants.map(() => [] as number[]);
try {
  for (const [index, variant] of variants.entries()) await timeJob(variant).catch((error: Error) => Promise.reject(new Error(`warm-up ${index}: ${error.message}`)));
  for (let run = 0; run < runs; run++) {
    for (const [index, variant] of variants.entries()) {
      const { ms, compileMs } = await timeJob(variant);
      times[index]!.push(ms);
      compiles[index]!.push(compileMs);
    }
  }
} finally {
  await sandbox.close();
  await workspaces.close();
  await rm(root, { recursive: true, force: true });
}

const baseline = quantile(times[0]!, 0.5);
const rows = variants.map((variant, index) => {
  const median = quantile(times[index]!, 0.5);
  const compileMs = quantile(compiles[index]!, 0.5);
  return { variant: variant.name, jobMedianMs: round(median), judgeCompileMs: round(compileMs), addedPerTestMs: round((median - compileMs - baseline) / TESTS) };
});
const host = machine();
console.log(`A C++ job of ${TESTS} tests, compile included (median of ${runs}, alternating) on ${host}\n`);
console.log('| judged by | job ms | its compile ms (once) | added per test ms, compile aside |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(`| ${row.variant} | ${row.jobMedianMs} | ${row.judgeCompileMs} | ${row.addedPerTestMs} |`);
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/judging.json', JSON.stringify({ machine: host, date: new Date().toISOString(), tests: TESTS, runs, rows }, null, 2));
