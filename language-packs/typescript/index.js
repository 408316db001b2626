// @ts-check
import { createRequire } from 'node:module';
import path from 'node:path';

// Node's type declarations, so programs can use `process`, `require` and Node's modules ("fs",
// "readline") with their types. Debian ships them only inside its own nodejs package
// (/usr/share/nodejs/@types/node), which a NodeSource or official Node.js replaces; the npm package
// (this pack's one dependency) is there wherever the executor is installed. Its directory is bound
// read-only into the compile's sandbox, and its parent becomes tsc's only type root.
const nodeTypes = path.dirname(createRequire(import.meta.url).resolve('@types/node/package.json'));

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'typescript',
  displayName: 'TypeScript (Node.js)',
  version: 'TypeScript 4.8.4',
  aliases: ['ts', 'tsc'],
  sourceFile: 'main.ts',
  // Debian's tsc (a Node.js script), main.ts to main.js beside it (and any .ts file it imports):
  //   --target es2022 --lib es2022: the language Node 18 and later run natively, and its standard
  //   library without the DOM's (console and the timers come from Node's types);
  //   --module commonjs --esModuleInterop: `import fs from "fs"`, `import * as fs from "fs"` and
  //   require() all work, as a CommonJS script;
  //   --typeRoots <dir> --types node: Node's declarations and nothing else;
  //   --skipLibCheck: the .d.ts files are not themselves type-checked (halves the compile time);
  //   --noEmitOnError: no main.js from a program with errors; --pretty false: plain messages;
  //   --sourceMap: main.js.map, so a runtime error's stack names lines of main.ts (see run).
  // Not --strict: a request may add it (below), the default accepts what tsc accepts by default.
  compile: [
    '/usr/bin/tsc',
    '--target', 'es2022',
    '--lib', 'es2022',
    '--module', 'commonjs',
    '--esModuleInterop',
    '--typeRoots', path.dirname(nodeTypes),
    '--types', 'node',
    '--skipLibCheck',
    '--noEmitOnError',
    '--pretty', 'false',
    '--sourceMap',
    'main.ts',
  ],
  // What a request may add to tsc (each a whole option): strictness and the other checks. Nothing
  // that names a file, a directory, a plugin or a project.
  compilerOptions: [
    '--strict',
    '--(noImplicitAny|strictNullChecks|strictFunctionTypes|strictBindCallApply|strictPropertyInitialization|noImplicitThis|useUnknownInCatchVariables|alwaysStrict)',
    '--(noUnusedLocals|noUnusedParameters|noImplicitReturns|noFallthroughCasesInSwitch|noUncheckedIndexedAccess|noImplicitOverride|exactOptionalPropertyTypes|noPropertyAccessFromIndexSignature)',
  ],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main.js'],
  // --enable-source-maps: stack traces of uncaught errors point into main.ts, not main.js.
  // --max-old-space-size={memoryMb}: V8 sizes its heap from the host's RAM (the sandbox has no
  // /sys, so it cannot see its cgroup) and, thinking it has gigabytes, collects too late: a program
  // with 200 MiB live and much garbage was killed at 256 MiB without this flag and passes with it.
  run: ['/usr/bin/node', '--enable-source-maps', '--max-old-space-size={memoryMb}', 'main.js'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  readOnlyPaths: [nodeTypes],
  // Without a cgroup (rlimits mode), RLIMIT_DATA rather than RLIMIT_AS backs the memory limit:
  // V8 reserves its code range and heap as address space far beyond what it uses.
  memoryRlimit: 'data',
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'typescript', aliases: ['ts', 'node-ts', 'tsc'], version: '4.8.4' }, judge0: { id: 74 } },
  debianPackages: ['nodejs', 'node-typescript'],
};
