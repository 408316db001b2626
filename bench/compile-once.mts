/**
 * Compile once: a C++ program with 20 test cases as one Sentinel job (POST /execute?wait=30, timed
 * by the client: the executor compiles once and runs the 20 tests), against what a Judge0-style
 * system does for the same 20 tests: compile and run through the sandbox once per test, with the
 * C++ pack's own compile command and environment. Alternating; medians.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_COMPILE_LIMITS } from '@sentinel/core';
import cpp from '../language-packs/cpp/index.js';
import { quantile, round, type SandboxBench } from './lib/sandbox-bench.mts';
import { accepted, submit } from './lib/service.mts';

export interface CompileOnceResult {
  tests: number;
  repetitions: number;
  sentinelMs: number;
  perTestCompileMs: number;
  speedup: number;
}

const code = '#include <iostream>\nint main() { long long n; std::cin >> n; std::cout << n * 2 << std::endl; }\n';
const tests = Array.from({ length: 20 }, (_, i) => ({ input: String(i * 7 + 1), expected: String((i * 7 + 1) * 2) }));

async function compileEveryTime(bench: SandboxBench): Promise<number> {
  const env = { ...cpp.env };
  const started = performance.now();
  for (const test of tests) {
    const [dir, build] = [await bench.newDir(), await bench.newDir()];
    try {
      await bench.writeOwned(path.join(dir, cpp.sourceFile), code);
      await bench.run({ argv: cpp.compile!, dir, env, collectInto: build, limits: DEFAULT_COMPILE_LIMITS });
      const stdout = await bench.run({ argv: cpp.run, dir: build, env, stdin: test.input });
      if (stdout.trim() !== test.expected) throw new Error(`compiled program printed ${JSON.stringify(stdout)} for ${test.input}`);
    } finally {
      await Promise.all([dir, build].map((made) => rm(made, { recursive: true, force: true })));
    }
  }
  return performance.now() - started;
}

export async function measureCompileOnce(url: string, bench: SandboxBench, repetitions: number): Promise<CompileOnceResult> {
  const job = { language: 'cpp', code, testCases: tests };
  accepted(await submit(url, job, true));
  const sentinel: number[] = [];
  const perTest: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    accepted(await submit(url, job, true));
    sentinel.push(performance.now() - started);
    perTest.push(await compileEveryTime(bench));
  }
  const sentinelMs = quantile(sentinel, 0.5);
  const perTestCompileMs = quantile(perTest, 0.5);
  return { tests: tests.length, repetitions, sentinelMs: round(sentinelMs), perTestCompileMs: round(perTestCompileMs), speedup: round(perTestCompileMs / sentinelMs) };
}
