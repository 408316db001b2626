/** Each field of the pack contract: the values it accepts, and the error naming the pack and the field for those it refuses. */
import test from 'ava';
import { resolvePack } from '../src/pack/contract.js';
import { DIR, invalid, minimal, OMIT, PACKAGE, withField } from './helpers/pack-options.js';

interface FieldCase {
  field: string;
  accept: unknown[];
  reject: [value: unknown, field: string, detail: string][];
}

const cases: FieldCase[] = [
  {
    field: 'id',
    accept: ['python', 'c-sharp', 'x2', 'a'.repeat(32)],
    reject: [
      [OMIT, 'id', '"id" is required'],
      ['Python', 'id', '"id" with value "Python" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/'],
      ['1c', 'id', '"id" with value "1c" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/'],
      ['c++', 'id', '"id" with value "c++" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/'],
      ['a'.repeat(33), 'id', `"id" with value "${'a'.repeat(33)}" fails to match the required pattern: /^[a-z][a-z0-9-]{0,31}$/`],
    ],
  },
  {
    field: 'displayName',
    accept: ['Python 3 (CPython)', 'x'.repeat(64)],
    reject: [
      [OMIT, 'displayName', '"displayName" is required'],
      ['', 'displayName', '"displayName" is not allowed to be empty'],
      ['x'.repeat(65), 'displayName', '"displayName" length must be less than or equal to 64 characters long'],
    ],
  },
  {
    field: 'version',
    accept: ['3.11', '20'],
    reject: [
      [OMIT, 'version', '"version" is required'],
      [3.11, 'version', '"version" must be a string'],
      ['', 'version', '"version" is not allowed to be empty'],
    ],
  },
  {
    field: 'aliases',
    accept: [[], ['py', 'python3'], ['c++', 'c#', 'f.net']],
    reject: [
      ['py', 'aliases', '"aliases" must be an array'],
      [['Py'], 'aliases.0', '"aliases[0]" with value "Py" fails to match the required pattern: /^[a-z][a-z0-9+#.-]{0,31}$/'],
      [['py', 'py'], 'aliases.1', '"aliases[1]" contains a duplicate value'],
    ],
  },
  {
    field: 'sourceFile',
    accept: ['main.py', 'Main.java', '_start.s'],
    reject: [
      [OMIT, 'sourceFile', '"sourceFile" is required'],
      ['../x', 'sourceFile', '"sourceFile" with value "../x" fails to match the required pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/'],
      ['/abs', 'sourceFile', '"sourceFile" with value "/abs" fails to match the required pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/'],
      ['src/main.y', 'sourceFile', '"sourceFile" with value "src/main.y" fails to match the required pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/'],
    ],
  },
  {
    field: 'compile',
    accept: [OMIT, ['/usr/bin/gcc', '-O2', '-o', 'main', 'main.c']],
    reject: [
      [[], 'compile', '"compile" must contain at least 1 items'],
      [[1], 'compile.0', '"compile[0]" must be a string'],
      ['gcc main.c', 'compile', '"compile" must be an array'],
      [['gcc', ''], 'compile.1', '"compile[1]" is not allowed to be empty'],
    ],
  },
  {
    field: 'run',
    accept: [['./main'], ['/usr/bin/python3', '-I', 'main.py']],
    reject: [
      [OMIT, 'run', '"run" is required'],
      ['python main.py', 'run', '"run" must be an array'],
      [[], 'run', '"run" must contain at least 1 items'],
      [['/usr/bin/y', 2], 'run.1', '"run[1]" must be a string'],
    ],
  },
  {
    field: 'env',
    accept: [{}, { PATH: '/usr/bin', _UNDERSCORE: '1', lang2: 'x' }],
    reject: [
      [{ 'BAD-KEY': 'x' }, 'env.BAD-KEY', '"env.BAD-KEY" is not allowed'],
      [{ '1PATH': 'x' }, 'env.1PATH', '"env.1PATH" is not allowed'],
      [{ PATH: 1 }, 'env.PATH', '"env.PATH" must be a string'],
      [['PATH=/usr/bin'], 'env', '"env" must be of type object'],
    ],
  },
  {
    field: 'limits',
    accept: [{}, { wallMs: 1 }, { wallMs: 10_000, cpuMs: 5_000, memoryMb: 512, processes: 1, outputKb: 64, fileSizeKb: 1 }],
    reject: [
      [{ wallMs: 0 }, 'limits.wallMs', '"limits.wallMs" must be greater than or equal to 1'],
      [{ cpuMs: -5 }, 'limits.cpuMs', '"limits.cpuMs" must be greater than or equal to 1'],
      [{ memoryMb: 1.5 }, 'limits.memoryMb', '"limits.memoryMb" must be an integer'],
      [{ memoryMb: '512' }, 'limits.memoryMb', '"limits.memoryMb" must be a number'],
      [{ timeMs: 5 }, 'limits.timeMs', '"limits.timeMs" is not allowed'],
    ],
  },
  {
    field: 'compileLimits',
    accept: [{}, { memoryMb: 2_048, wallMs: 30_000 }],
    reject: [
      [{ wallMs: 0 }, 'compileLimits.wallMs', '"compileLimits.wallMs" must be greater than or equal to 1'],
      [{ processes: 2 ** 40 }, 'compileLimits.processes', '"compileLimits.processes" must be less than or equal to 2147483648'],
    ],
  },
  {
    field: 'compilerOptions',
    accept: [[], ['-O[0-3]', '-std=c(11|17)']],
    reject: [
      [['-O[0-3'], 'compilerOptions.0', '"compilerOptions[0]" contains an invalid value'],
      [[''], 'compilerOptions.0', '"compilerOptions[0]" is not allowed to be empty'],
      ['-O2', 'compilerOptions', '"compilerOptions" must be an array'],
    ],
  },
  {
    field: 'readOnlyPaths',
    accept: [[], ['/usr/lib/jvm', '/opt/y/']],
    reject: [
      [['usr/lib'], 'readOnlyPaths.0', '"readOnlyPaths[0]" with value "usr/lib" fails to match the required pattern: /^\\/[^\\0]*$/'],
      [['/usr/../etc'], 'readOnlyPaths.0', '"readOnlyPaths[0]" contains an invalid value'],
      [['/usr//lib'], 'readOnlyPaths.0', '"readOnlyPaths[0]" contains an invalid value'],
      [['/usr/./lib'], 'readOnlyPaths.0', '"readOnlyPaths[0]" contains an invalid value'],
      [['/box/lib'], 'readOnlyPaths.0', '"readOnlyPaths[0]" is under /box, which the sandbox provides itself'],
      [['/proc'], 'readOnlyPaths.0', '"readOnlyPaths[0]" is under /proc, which the sandbox provides itself'],
      [['/job/lib'], 'readOnlyPaths.0', '"readOnlyPaths[0]" is under /job, which the sandbox provides itself'],
    ],
  },
  {
    field: 'memoryRlimit',
    accept: ['address-space', 'data'],
    reject: [
      ['as', 'memoryRlimit', '"memoryRlimit" must be one of [address-space, data]'],
      [null, 'memoryRlimit', '"memoryRlimit" must be one of [address-space, data]'],
    ],
  },
  {
    field: 'peers',
    accept: [{}, { piston: { language: 'llvm_ir' , version: '14.0.6' } }, { piston: { language: 'c++', aliases: ['cpp'], version: '12.2.0' }, judge0: { id: 54, name: 'C++ (GCC 12)' } }, { judge0: { id: 1000 } }],
    reject: [
      [{ piston: { language: 'python', version: '3.11' } }, 'peers.piston.version', '"peers.piston.version" must be an exact SemVer version such as "3.11.2"'],
      [{ piston: { language: 'Python', version: '3.11.2' } }, 'peers.piston.language', '"peers.piston.language" with value "Python" fails to match the required pattern: /^[a-z][a-z0-9+#._-]{0,31}$/'],
      [{ judge0: { id: 0 } }, 'peers.judge0.id', '"peers.judge0.id" must be greater than or equal to 1'],
      [{ judge0: { id: 71.5 } }, 'peers.judge0.id', '"peers.judge0.id" must be an integer'],
      [{ dmoj: {} }, 'peers.dmoj', '"peers.dmoj" is not allowed'],
    ],
  },
  {
    field: 'debianPackages',
    accept: [[], ['python3', 'g++', 'openjdk-17-jdk-headless', 'python3.11']],
    reject: [
      [['Python3'], 'debianPackages.0', '"debianPackages[0]" with value "Python3" fails to match the required pattern: /^[a-z0-9][a-z0-9+.-]+$/'],
      [['python3; rm -rf /'], 'debianPackages.0', '"debianPackages[0]" with value "python3; rm -rf /" fails to match the required pattern: /^[a-z0-9][a-z0-9+.-]+$/'],
      [['-f'], 'debianPackages.0', '"debianPackages[0]" with value "-f" fails to match the required pattern: /^[a-z0-9][a-z0-9+.-]+$/'],
    ],
  },
  {
    field: 'libraries',
    accept: [[], [{ name: 'numpy', version: '1.24.2' }, { name: 'boost' }], [{ name: 'org.json', version: '20230227' }]],
    reject: [
      [{ name: 'numpy' }, 'libraries', '"libraries" must be an array'],
      [[{ version: '1.0' }], 'libraries.0.name', '"libraries[0].name" is required'],
      [[{ name: '' }], 'libraries.0.name', '"libraries[0].name" is not allowed to be empty'],
      [[{ name: 'numpy', version: 1.24 }], 'libraries.0.version', '"libraries[0].version" must be a string'],
      [[{ name: 'numpy', url: 'x' }], 'libraries.0.url', '"libraries[0].url" is not allowed'],
      [[{ name: 'numpy' }, { name: 'numpy', version: '2' }], 'libraries.1', '"libraries[1]" contains a duplicate value'],
      [['numpy'], 'libraries.0', '"libraries[0]" must be of type object'],
    ],
  },
  {
    field: 'dockerfile',
    accept: ['Dockerfile', 'docker/Dockerfile.y', 'a..b'],
    reject: [
      ['../Dockerfile', 'dockerfile', '"dockerfile" contains an invalid value'],
      ['docker/../../Dockerfile', 'dockerfile', '"dockerfile" contains an invalid value'],
      ['./Dockerfile', 'dockerfile', '"dockerfile" contains an invalid value'],
      ['/Dockerfile', 'dockerfile', '"dockerfile" with value "/Dockerfile" fails to match the required pattern: /^[A-Za-z0-9_.-]+(\\/[A-Za-z0-9_.-]+)*$/'],
      ['', 'dockerfile', '"dockerfile" is not allowed to be empty'],
    ],
  },
  {
    field: 'fixtures',
    accept: ['fixtures', 'test/programs'],
    reject: [
      ['../fixtures', 'fixtures', '"fixtures" contains an invalid value'],
      ['a/../../f', 'fixtures', '"fixtures" contains an invalid value'],
      ['/srv/fixtures', 'fixtures', '"fixtures" with value "/srv/fixtures" fails to match the required pattern: /^[A-Za-z0-9_.-]+(\\/[A-Za-z0-9_.-]+)*$/'],
    ],
  },
];

for (const { field, accept, reject } of cases) {
  test(`field "${field}" accepts valid values`, (t) => {
    for (const value of accept) {
      const pack = resolvePack(withField(field, value), PACKAGE, DIR);
      if (value !== OMIT) t.deepEqual((pack as unknown as Record<string, unknown>)[field], value, `${field}: ${JSON.stringify(value)}`);
    }
  });

  test(`field "${field}" rejects invalid values with an error naming the pack and the field`, (t) => {
    for (const [value, errorField, detail] of reject) {
      const error = t.throws(() => resolvePack(withField(field, value), PACKAGE, DIR), invalid(errorField, detail));
      t.is(error?.packageName, PACKAGE);
      t.is(error?.field, errorField);
      t.is(error?.code, 'PACK_INVALID');
    }
  });
}

test('field "artifacts" accepts the files a compile leaves, and none by default', (t) => {
  const compiled = { ...minimal, compile: ['/usr/bin/yc', '-o', 'main', 'main.y'] };
  for (const artifacts of [[], ['main'], ['Main.class', 'out/main.jar', 'a..b']]) {
    t.deepEqual(resolvePack({ ...compiled, artifacts }, PACKAGE, DIR).artifacts, artifacts);
  }
  t.deepEqual(resolvePack(compiled, PACKAGE, DIR).artifacts, []);
  t.deepEqual(resolvePack({ ...minimal, artifacts: [] }, PACKAGE, DIR).artifacts, []);
});

test('field "artifacts" rejects invalid values with an error naming the pack and the field', (t) => {
  const compiled = { ...minimal, compile: ['/usr/bin/yc', '-o', 'main', 'main.y'] };
  const reject: [raw: Record<string, unknown>, field: string, detail: string][] = [
    [{ ...minimal, artifacts: ['main'] }, 'artifacts', '"artifacts" needs "compile": only a compile step leaves files'],
    [{ ...compiled, artifacts: 'main' }, 'artifacts', '"artifacts" must be an array'],
    [{ ...compiled, artifacts: ['../main'] }, 'artifacts.0', '"artifacts[0]" contains an invalid value'],
    [{ ...compiled, artifacts: ['/usr/bin/main'] }, 'artifacts.0', '"artifacts[0]" with value "/usr/bin/main" fails to match the required pattern: /^[A-Za-z0-9_.-]+(\\/[A-Za-z0-9_.-]+)*$/'],
    [{ ...compiled, artifacts: [''] }, 'artifacts.0', '"artifacts[0]" is not allowed to be empty'],
    [{ ...compiled, artifacts: ['main', 'main'] }, 'artifacts.1', '"artifacts[1]" contains a duplicate value'],
  ];
  for (const [raw, field, detail] of reject) {
    const error = t.throws(() => resolvePack(raw, PACKAGE, DIR), invalid(field, detail));
    t.is(error?.field, field);
  }
});
