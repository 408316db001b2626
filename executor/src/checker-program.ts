/**
 * A checker program, testlib's way: for each test it runs in a sandbox of its own as
 * `checker input.txt output.txt answer.txt` (the test's input, the solution's stdout as it wrote
 * it, the expected output), and its exit code is the verdict (program-verdict.ts).
 */
import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { JUDGE_FILES, type Limits, type ResolvedPack, type TestCaseSpec } from '@sentinel/core';
import { programJudgement } from './program-verdict.js';
import { runPack, type BuiltProgram } from './program-build.js';
import type { TestJudgement } from './results.js';
import type { Sandbox } from './sandbox/types.js';

export class ProgramChecker {
  constructor(
    private readonly sandbox: Sandbox,
    private readonly program: BuiltProgram,
    private readonly limits: Limits,
  ) {}

  async check(test: TestCaseSpec, output: Buffer): Promise<TestJudgement> {
    const { pack, dir } = this.program;
    return withJudgeFiles(dir, { 'input.txt': test.input, 'output.txt': output, 'answer.txt': test.expected }, async () => {
      const outcome = await runPack(this.sandbox, pack, { files: dir }, pack.run, judgeArgs(pack), '', this.limits);
      return programJudgement(outcome, 'checker', 'stdout+stderr');
    });
  }
}

/** The files' names as arguments, where the pack's programs take arguments (else they open them by name). */
export function judgeArgs(pack: ResolvedPack): readonly string[] {
  return pack.takesArgs ? JUDGE_FILES : [];
}

/**
 * Runs `body` with `files` written beside a judging program (its own directory, which only it
 * reads, one test at a time), and removes them after.
 */
export async function withJudgeFiles<T>(dir: string, files: Partial<Record<(typeof JUDGE_FILES)[number], string | Buffer>>, body: () => Promise<T>): Promise<T> {
  const written: string[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(dir, name);
      await writeFile(file, content, { flag: 'wx', mode: 0o644 });
      written.push(file);
    }
    return await body();
  } finally {
    await Promise.all(written.map((file) => unlink(file)));
  }
}
