// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'crystal',
  displayName: 'Crystal',
  version: '1.6.0',
  aliases: ['cr'],
  sourceFile: 'main.cr',
  // crystal build: type-checks the program and the prelude, generates LLVM code and links with cc.
  // Not --release: that optimizes the whole program with LLVM -O3, 20 s and more for hello world.
  // --no-debug: no DWARF to generate; --single-module: one LLVM module and one object file rather
  // than one per type, compiled by up to eight forked workers (half the CPU: about 2.6 s instead
  // of 5 for hello world).
  compile: ['/usr/bin/crystal', 'build', '--no-debug', '--single-module', '-o', 'main', 'main.cr'],
  // What a request may add (each a whole option): release mode, flags without paths, warnings.
  // Nothing that names a file, a path or a link command (-o, --link-flags, --cross-compile,
  // --emit, --prelude) is allowed.
  compilerOptions: ['--release', '-D[A-Za-z_][A-Za-z0-9_]*', '--warnings=(all|none)', '--error-on-warnings'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    // The compiler's cache (object files per module) in the private /tmp: its default is under
    // $HOME, which the sandbox lacks.
    CRYSTAL_CACHE_DIR: '/tmp/crystal-cache',
    // The Boehm GC of a Crystal program starts a marker thread per CPU; one is enough, and
    // threads count against the process limit.
    GC_MARKERS: '1',
  },
  // Crystal compiles in 2-5 s (the prelude is type-checked and code-generated on every job, with
  // no cache between jobs): about 2.6 s of CPU for hello world, far more wall time on a busy
  // machine. The compile step gets the operator's maximum wall time (20 s, not 15).
  compileLimits: { wallMs: 20_000 },
  // Piston's package "crystal" (alias cr). Judge0 CE has no Crystal.
  peers: { piston: { language: 'crystal', aliases: ['cr'], version: '1.6.0' } },
  // crystal brings gcc (the linker driver), pkg-config and the libraries programs link against
  // (libgc-dev, libpcre3-dev, libevent-dev).
  debianPackages: ['crystal'],
};
