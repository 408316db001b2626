/**
 * A compile that exits 0 has not necessarily compiled: `rustc -Whelp` prints the lint list and
 * exits 0 without a binary. The pack names what a compile must leave (`artifacts`); a compile
 * without one of them is a COMPILATION_ERROR that says so, instead of a run that cannot start.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { CompileResult } from '@sentinel/core';

/**
 * `compiled`, turned into a failure naming the first artifact missing from `buildDir` (where the
 * compile's files were collected). Only a regular file counts: a link or a directory named `main`
 * is not the program.
 */
export async function requireArtifacts(compiled: CompileResult, buildDir: string, artifacts: readonly string[]): Promise<CompileResult> {
  if (!compiled.success) return compiled;
  for (const name of artifacts) {
    const stat = await lstat(path.join(buildDir, name)).catch(() => undefined);
    if (!stat?.isFile()) {
      return { ...compiled, success: false, output: `${compiled.output}\n[compilation produced no ${name}: the compiler exited 0 without writing it]` };
    }
  }
  return compiled;
}
