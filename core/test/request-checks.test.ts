import test from 'ava';
import { DEFAULT_LIMITS, limitCeiling, DEFAULT_MAXIMUMS } from '../src/limits.js';
import { resolvePack } from '../src/pack/contract.js';
import { checkAgainstPack, type PackCheckedFields } from '../src/request-checks.js';
import { RequestError } from '../src/request-error.js';

/** A check's answer, as the members of the error answer it becomes. */
const problem = (...args: Parameters<typeof checkAgainstPack>) => checkAgainstPack(...args)?.toJSON();

const c = resolvePack(
  {
    id: 'c', displayName: 'C', version: 'GCC 12', sourceFile: 'main.c',
    compile: ['/usr/bin/gcc', 'main.c'], run: ['./main'], compilerOptions: ['-O[0-3]', '-D[A-Z]+'],
    limits: { cpuMs: 2_000 },
  },
  '@sentinel/lang-c',
  '/packs/c',
);
const python = resolvePack({ id: 'python', displayName: 'Python', version: '3.11', sourceFile: 'main.py', run: ['python3', 'main.py'] }, '@sentinel/lang-python', '/packs/python');
const ceiling = limitCeiling({ maximums: DEFAULT_MAXIMUMS, pack: c.limits });
const empty: PackCheckedFields = { compilerOptions: [], args: [], files: [], limits: {}, testCases: [] };

test('a request with nothing pack-specific passes', (t) => {
  t.is(checkAgainstPack(c, empty, ceiling), undefined);
  t.is(checkAgainstPack(c, { ...empty, version: 'gcc 12', compilerOptions: ['-O3', '-DX'], limits: { cpuMs: 2_000 } }, ceiling), undefined);
});

test('a problem is a RequestError with its code', (t) => {
  const version = checkAgainstPack(c, { ...empty, version: '13' }, ceiling);
  t.true(version instanceof RequestError);
  t.is(version?.code, 'UNSUPPORTED_VERSION');
});

test('a version the pack does not offer', (t) => {
  t.deepEqual(problem(c, { ...empty, version: '13' }, ceiling), {
    error: 'UNSUPPORTED_VERSION',
    field: 'version',
    message: 'c is offered in version "GCC 12" only, not "13"',
  });
});

test('a compiler option outside the allowlist, matched against the whole option', (t) => {
  t.deepEqual(problem(c, { ...empty, compilerOptions: ['-O2', '-O2 -fplugin=x'] }, ceiling), {
    error: 'COMPILER_OPTION_NOT_ALLOWED',
    field: 'compilerOptions[1]',
    message: '"-O2 -fplugin=x" is not a compiler option c allows (allowed: -O[0-3] | -D[A-Z]+)',
  });
  t.is(checkAgainstPack(c, { ...empty, compilerOptions: ['-Dx'] }, ceiling)?.field, 'compilerOptions[0]');
});

test('compiler options for a language that does not compile', (t) => {
  t.deepEqual(problem(python, { ...empty, compilerOptions: ['-O'] }, ceiling), {
    error: 'COMPILER_OPTION_NOT_ALLOWED',
    field: 'compilerOptions',
    message: 'python is not compiled: it takes no compilerOptions',
  });
});

test('an extra file in the place of the source', (t) => {
  t.deepEqual(problem(c, { ...empty, files: [{ name: 'ok.h', content: '' }, { name: 'main.c', content: '' }] }, ceiling), {
    error: 'INVALID_REQUEST',
    field: 'files[1].name',
    message: '"main.c" is where c puts the submitted code (main.c)',
  });
});

test('limits above the language ceiling, and a test time limit above its wall-clock ceiling', (t) => {
  t.like(problem(c, { ...empty, limits: { cpuMs: 2_001 } }, ceiling), { error: 'LIMIT_TOO_HIGH', field: 'limits.cpuMs', maximum: 2_000 });
  const tests = [{ input: '', expected: '' }, { input: '', expected: '', timeLimitMs: DEFAULT_LIMITS.wallMs + 1 }];
  t.like(problem(c, { ...empty, testCases: tests }, ceiling), { error: 'LIMIT_TOO_HIGH', field: 'testCases[1].timeLimitMs', maximum: DEFAULT_LIMITS.wallMs });
});

test('a pack whose programs take no arguments refuses args', (t) => {
  const beef = resolvePack({ id: 'brainfuck', displayName: 'Brainfuck', version: '1.2.0', sourceFile: 'main.b', run: ['/usr/bin/beef', 'main.b'], takesArgs: false }, '@sentinel/lang-brainfuck', '/packs/brainfuck');
  const fields = { compilerOptions: [], files: [], limits: {}, testCases: [] };
  t.is(checkAgainstPack(beef, { ...fields, args: [] }, DEFAULT_LIMITS), undefined);
  t.like(checkAgainstPack(beef, { ...fields, args: ['1'] }, DEFAULT_LIMITS)?.toJSON(), { error: 'INVALID_REQUEST', field: 'args', message: 'brainfuck programs take no command-line arguments: "args" must be empty' });
});
