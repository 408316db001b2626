/**
 * A compile that exits 0 without leaving the pack's artifacts is a COMPILATION_ERROR naming the
 * missing file (issue 14: rust `-Whelp` printed the lint list, exited 0, and the job ended
 * RUNTIME_ERROR "cannot run ./main"). judge() with the real sandbox and the bundled packs; it does
 * not check the allowlist, so options the packs refuse show what a compile without output does.
 */
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { checkAgainstPack, loadPacks, type CompileResult } from '@sentinel/core';
import { requireArtifacts } from '../src/artifacts.js';
import { bundledPacks, TEST_LIMITS } from './helpers.js';
import { judgeWith } from './judge-helpers.js';

const RUST_HELLO = 'fn main() { println!("hi"); }\n';
const C_HELLO = '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n';

test('rust -Whelp: the compile leaves no binary, so the job is a COMPILATION_ERROR saying so', async (t) => {
  const registry = await loadPacks({ names: ['rust'] });
  const rust = registry.find('rust')!;
  t.deepEqual(rust.artifacts, ['main']);
  const { result } = await judgeWith(t, rust, { code: RUST_HELLO, compilerOptions: ['-Whelp'], testCases: [{ input: '', expected: 'hi' }] });
  t.is(result.verdict, 'COMPILATION_ERROR', result.error);
  t.is(result.compile?.success, false);
  t.regex(result.error, /\[compilation produced no main: the compiler exited 0 without writing it\]$/);
  t.deepEqual(result.testCases.map((test) => test.verdict), ['COMPILATION_ERROR']);
});

test('rust: -Whelp, -Ahelp and -Dhelp are refused by the allowlist; other lint levels are not', async (t) => {
  const rust = (await loadPacks({ names: ['rust'] })).find('rust')!;
  const check = (option: string) => checkAgainstPack(rust, { compilerOptions: [option], files: [], limits: {}, testCases: [] }, TEST_LIMITS)?.code;
  for (const option of ['-Whelp', '-Ahelp', '-Dhelp']) t.is(check(option), 'COMPILER_OPTION_NOT_ALLOWED', option);
  for (const option of ['-Dwarnings', '-Awarnings', '-Wunused-variables', '-Whelpful']) t.is(check(option), undefined, option);
});

test('c -fsyntax-only: exit 0 without a binary is a COMPILATION_ERROR; the same program compiled normally runs', async (t) => {
  const { c } = await bundledPacks();
  const none = await judgeWith(t, c, { code: C_HELLO, compilerOptions: ['-fsyntax-only'] });
  t.is(none.result.verdict, 'COMPILATION_ERROR', none.result.error);
  t.regex(none.result.error, /compilation produced no main/);
  const normal = await judgeWith(t, c, { code: C_HELLO });
  t.is(normal.result.verdict, 'ACCEPTED', normal.result.error);
  t.is(normal.result.output, 'hi\n');
});

test('requireArtifacts: only regular files count, and a failed compile stays as it is', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sentinel-artifacts-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'main'), 'binary');
  await mkdir(path.join(dir, 'folder'));
  await symlink('/usr/bin/true', path.join(dir, 'link'));
  const ok: CompileResult = { output: 'warning: x', timeMs: 5, success: true };
  t.is(await requireArtifacts(ok, dir, ['main']), ok);
  t.is(await requireArtifacts(ok, dir, []), ok);
  for (const name of ['missing', 'folder', 'link']) {
    t.deepEqual(await requireArtifacts(ok, dir, ['main', name]), {
      output: `warning: x\n[compilation produced no ${name}: the compiler exited 0 without writing it]`,
      timeMs: 5,
      success: false,
    });
  }
  const failed: CompileResult = { output: 'error', timeMs: 5, success: false };
  t.is(await requireArtifacts(failed, dir, ['missing']), failed);
});

/** Packs whose compile step only checks the program (it leaves nothing; the run reads the source). */
const CHECK_ONLY = new Map([['haxe', 'haxe --interp --no-output type-checks; the run interprets the source']]);

test('every bundled pack that compiles declares what its compile leaves', async (t) => {
  const registry = await loadPacks({ names: [] });
  const compiled = registry.list().filter((pack) => pack.compile && !CHECK_ONLY.has(pack.id));
  t.true(compiled.length >= 14);
  for (const pack of compiled) t.true(pack.artifacts.length > 0, pack.id);
  for (const id of CHECK_ONLY.keys()) t.deepEqual(registry.find(id)?.artifacts, [], `${id} is check-only`);
});
