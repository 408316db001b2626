#!/usr/bin/env node
/**
 * sentinel-pack-test: a language pack's conformance suite, for pack authors and CI.
 *
 *   npx sentinel-pack-test [pack directory, default .] [--timing N] [--json]
 *
 * Loads the pack from its directory, checks its toolchain is installed, runs every fixture of its
 * fixtures/manifest.json through the executor's judge and the real sandbox, and prints one line per
 * fixture. Exits 1 when anything is off (a missing toolchain is a failure, never a skip), 2 when
 * the pack or the sandbox cannot be loaded. `--timing N` also prints the medians of N hello-world
 * runs (compile and run separately). Reads the executor's environment variables (SENTINEL_*).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit, loadPackFrom, loadPacks, type ResolvedPack } from '@sentinel/core';
import { readExecutorConfig } from '../config.js';
import { PackTester, type ConformanceReport } from './conformance.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { timing: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const config = loadConfigOrExit(() => readExecutorConfig());

try {
  const pack = await loadPackFrom(path.resolve(positionals[0] ?? '.'));
  // Every other pack installed where this one would be: their names must not clash with its own.
  const installed = (await loadPacks()).list();
  const tester = await PackTester.create(config);
  let report: ConformanceReport;
  let timing: Awaited<ReturnType<PackTester['timing']>> | undefined;
  try {
    report = await tester.test(pack, installed);
    timing = values.timing && report.ok ? await tester.timing(pack, Number(values.timing)) : undefined;
  } finally {
    await tester.close();
  }
  if (values.json) console.log(JSON.stringify({ ...report, timing }, null, 2));
  else print(report, pack, timing);
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  console.error(`sentinel-pack-test: ${(error as Error).message}`);
  process.exit(2);
}

function print(report: ConformanceReport, pack: ResolvedPack, timing: Awaited<ReturnType<PackTester['timing']>> | undefined): void {
  console.log(`pack ${report.pack}`);
  for (const tool of report.missingTools) console.log(`  MISSING toolchain: ${tool} is not installed`);
  if (report.missingTools.length) console.log(`  install it with \`npm run setup\` in Sentinel (which installs each pack's debianPackages), or: apt-get install ${pack.debianPackages.join(' ') || '(the pack lists no debianPackages)'}`);
  for (const clash of report.nameClashes) console.log(`  NAME CLASH: ${clash}`);
  for (const kind of report.missingFixtures) console.log(`  MISSING fixture: ${kind}`);
  for (const fixture of report.fixtures) {
    const mark = fixture.problems.length ? 'FAIL' : 'ok  ';
    console.log(`  ${mark} ${fixture.fixture.padEnd(18)} ${fixture.got.padEnd(18)} ${String(fixture.ms).padStart(6)} ms`);
    for (const problem of fixture.problems) console.log(`         ${problem}`);
  }
  if (timing) console.log(`  hello world, median of ${timing.runs}: compile ${timing.compileMs ?? '-'} ms, run ${timing.runMs} ms`);
  console.log(report.ok ? 'conformant' : 'NOT conformant');
}
