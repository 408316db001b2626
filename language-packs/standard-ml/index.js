// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'standard-ml',
  displayName: 'Standard ML (Poly/ML)',
  version: '5.7.1',
  aliases: ['sml', 'polyml'],
  sourceFile: 'main.sml',
  // Poly/ML by its Debian path, running the file as a script: each top-level declaration is
  // compiled to native code and run in order, with stdin left to the program; a type error or an
  // unhandled exception exits 1 (RUNTIME_ERROR). (polyc, the native compiler, needs a `main`
  // function and a C++ linker, so programs as users write them would not build.) Runtime options:
  // --maxheap {memoryMb}: the heap never grows past the run's memory limit (Poly/ML sizes it from
  // the host's RAM otherwise); --gcthreads 1: one GC thread, not one per host CPU. A request's args
  // follow the file (CommandLine.arguments()).
  run: ['/usr/bin/poly', '--maxheap', '{memoryMb}', '--gcthreads', '1', '--script', 'main.sml'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Neither Piston nor Judge0 CE has Standard ML.
  debianPackages: ['polyml'],
};
