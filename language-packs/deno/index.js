// @ts-check
import { createRequire } from 'node:module';
import path from 'node:path';

// Deno's own Linux x64 binary, from its npm platform package (a dependency of this pack, pinned):
// the `deno` npm package would fetch it through an install script, which npm here does not run.
const denoDir = path.dirname(createRequire(import.meta.url).resolve('@deno/linux-x64-glibc/package.json'));

/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'deno',
  displayName: 'TypeScript (Deno)',
  version: '2.9.6',
  aliases: ['deno-ts', 'deno-js'],
  sourceFile: 'main.ts',
  // `deno run` with no --allow-* flags: the program may read stdin and write stdout/stderr, and
  // nothing else (no files, env, network, subprocesses). --no-check: type errors do not stop a run
  // (deno's own default for `run`; said here so an upgrade keeps it); --no-prompt: a permission a
  // program asks for is refused at once instead of waiting on a terminal; --no-remote and
  // --no-npm: nothing is fetched (the sandbox has no network); --cached-only: no download attempt;
  // --v8-flags: V8 sizes its heap from the run's memory limit, and --single-threaded starts no
  // worker thread per CPU (GC and JIT on the main thread): a run keeps to 4 threads on any host.
  run: [
    path.join(denoDir, 'deno'),
    'run',
    '--no-check',
    '--no-prompt',
    '--no-remote',
    '--no-npm',
    '--cached-only',
    '--v8-flags=--max-old-space-size={memoryMb},--single-threaded',
    'main.ts',
  ],
  // DENO_DIR: its cache (compiled modules) in the writable /tmp, not in a HOME the sandbox lacks;
  // NO_COLOR: plain error messages; DENO_NO_UPDATE_CHECK: it would try the network.
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    DENO_DIR: '/tmp/deno',
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
  },
  // V8 reserves far more address space than it uses.
  memoryRlimit: 'data',
  // The binary lives in this pack's node_modules, outside /usr: bound read-only at the same path.
  readOnlyPaths: [denoDir],
  // Piston's deno runtime answers to "deno", "deno-ts" and "deno-js" (its language names
  // "typescript" and "javascript" are the typescript and javascript packs'); Judge0 CE has no Deno.
  peers: { piston: { language: 'deno', aliases: ['deno-ts', 'deno-js'], version: '2.9.6' } },
};
