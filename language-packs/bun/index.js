// @ts-check
import { createRequire } from 'node:module';
import path from 'node:path';

// Bun's own Linux x64 binary, from its npm platform package (a dependency of this pack, pinned):
// the `bun` npm package would pick it through an install script, which npm here does not run.
const bunDir = path.dirname(createRequire(import.meta.url).resolve('@oven/bun-linux-x64/package.json'));

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'bun',
  displayName: 'TypeScript (Bun)',
  version: '1.4.5',
  aliases: ['bun-ts', 'bun-js'],
  sourceFile: 'main.ts',
  // `bun run` a TypeScript (or plain JavaScript) file: Bun strips the types, it never type-checks.
  // --no-install: a bare import is never auto-installed (the sandbox has no network); --smol: a
  // smaller heap collected more often, which suits the run's memory limit (JavaScriptCore would
  // size itself from the host's RAM).
  run: [path.join(bunDir, 'bin', 'bun'), 'run', '--no-install', '--smol', 'main.ts'],
  // BUN_RUNTIME_TRANSPILER_CACHE_PATH=0: no transpiler cache (it would go under a HOME the sandbox
  // lacks); BUN_INSTALL_CACHE_DIR in the writable /tmp; NO_COLOR: plain error messages;
  // BUN_JSC_numberOfGCMarkers=1 and BUN_JSC_useConcurrentJIT=0: JavaScriptCore starts one GC marker
  // and no JIT thread rather than one per CPU (threads count against the process limit);
  // DO_NOT_TRACK: no telemetry (there is no network anyway).
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
    BUN_INSTALL_CACHE_DIR: '/tmp/bun-cache',
    NO_COLOR: '1',
    DO_NOT_TRACK: '1',
    BUN_JSC_numberOfGCMarkers: '1',
    BUN_JSC_useConcurrentJIT: '0',
  },
  // JavaScriptCore reserves far more address space than it uses.
  memoryRlimit: 'data',
  // The binary lives in this pack's node_modules, outside /usr: bound read-only at the same path.
  readOnlyPaths: [bunDir],
  // Neither Piston nor Judge0 CE has Bun.
};
