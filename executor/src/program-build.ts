/**
 * A program of a job made ready to run: its source and files written into a workspace, then
 * compiled once when its pack compiles. The solution and a checker program or interactor are each
 * built this way, each in a workspace of its own, and run with `runPack`.
 */
import type { CompileResult, JobFile, Limits, ResolvedPack } from '@sentinel/core';
import { requireArtifacts } from './artifacts.js';
import { expandEnv, expandLimits } from './placeholders.js';
import { compileResult } from './results.js';
import type { RunOutcome, RunSpec, RunStreams, Sandbox } from './sandbox/types.js';
import type { Workspace } from './workspace.js';

/** What a program is made of. */
export interface ProgramSource {
  code: string;
  files: readonly JobFile[];
  compilerOptions: readonly string[];
}

/** A program ready to run from `dir`; `compile` says how its compile went, when it has one. */
export interface BuiltProgram {
  pack: ResolvedPack;
  dir: string;
  compile?: CompileResult;
}

export async function buildProgram(sandbox: Sandbox, workspace: Workspace, pack: ResolvedPack, source: ProgramSource, compileLimits: Limits): Promise<BuiltProgram> {
  await workspace.write(pack.sourceFile, source.code);
  for (const file of source.files) {
    await workspace.write(file.name, file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content);
  }
  if (!pack.compile) return { pack, dir: workspace.files };
  // The compile step leaves its output in `build`; without one, runs use the program's own files.
  const build = await workspace.build();
  const outcome = await runPack(sandbox, pack, { files: workspace.files, collectInto: build }, pack.compile, source.compilerOptions, '', compileLimits);
  return { pack, dir: build, compile: await requireArtifacts(compileResult(outcome), build, pack.artifacts) };
}

/** Whether the program can run: nothing to compile, or a compile that succeeded. */
export function ready(program: BuiltProgram): boolean {
  return program.compile?.success ?? true;
}

/**
 * One run of a pack command with the request's own words after it. Placeholders such as
 * {memoryMb} belong to the pack's command and environment only: request text is never expanded.
 */
export function runPack(
  sandbox: Sandbox,
  pack: ResolvedPack,
  where: Pick<RunSpec, 'files' | 'collectInto'>,
  command: readonly string[],
  requestWords: readonly string[],
  input: string | RunStreams,
  limits: Limits,
): Promise<RunOutcome> {
  return sandbox.run({
    argv: [...command.map((word) => expandLimits(word, limits)), ...requestWords],
    ...where,
    env: expandEnv(pack.env, limits),
    readOnlyPaths: pack.readOnlyPaths,
    ...(typeof input === 'string' ? { stdin: input } : { stdin: '', streams: input }),
    limits,
    memoryRlimit: pack.memoryRlimit,
  });
}
