// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'c',
  displayName: 'C',
  version: 'GCC 12 (C17)',
  aliases: ['gcc'],
  sourceFile: 'main.c',
  // -std=gnu17: C17 with GNU extensions, pinned rather than left to the compiler's default;
  // -O2: what judges usually use; -pipe: compiler to assembler through a pipe, not a temp file;
  // -lm: link libm last, so <math.h> functions resolve.
  compile: ['/usr/bin/gcc', '-std=gnu17', '-O2', '-pipe', '-o', 'main', 'main.c', '-lm'],
  // What a request may add to the compile command (each a whole option): optimization, language
  // standard, warnings, macros, and the math/thread libraries. Nothing that names a file, a plugin
  // or an output (-o, -include, -B, -fplugin, @file) is allowed.
  compilerOptions: ['-O[0-3sg]', '-std=(c|gnu)(89|99|11|17|2x)', '-W[a-z][a-z0-9=+-]*', '-w', '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '-l(m|pthread)', '-pthread', '-g'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'c', aliases: ['gcc'], version: '12.2.0' }, judge0: { id: 50 } },
  debianPackages: ['gcc', 'libc6-dev'],
};
