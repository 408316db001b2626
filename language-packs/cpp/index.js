// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'cpp',
  displayName: 'C++',
  version: 'GCC 12 (C++17)',
  aliases: ['c++', 'g++'],
  sourceFile: 'main.cpp',
  // -std=gnu++17: C++17 with GNU extensions, pinned rather than left to the compiler's default;
  // -O2: what judges usually use; -pipe: compiler to assembler through a pipe, not a temp file.
  // g++ links libstdc++ and libm itself.
  compile: ['/usr/bin/g++', '-std=gnu++17', '-O2', '-pipe', '-o', 'main', 'main.cpp'],
  // What a request may add to the compile command (each a whole option): optimization, language
  // standard, warnings, macros, and the math/thread libraries. Nothing that names a file, a plugin
  // or an output (-o, -include, -B, -fplugin, @file) is allowed.
  compilerOptions: ['-O[0-3sg]', '-std=(c|gnu)\\+\\+(11|14|17|20|2a|23|2b)', '-W[a-z][a-z0-9=+-]*', '-w', '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '-l(m|pthread)', '-pthread', '-g'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'c++', aliases: ['cpp', 'g++'], version: '12.2.0' }, judge0: { id: 54 } },
  // libboost-dev: Boost's headers (1.74), for header-only libraries such as boost/algorithm,
  // boost/multiprecision and boost/graph; none of its compiled libraries is linked.
  debianPackages: ['g++', 'libboost-dev'],
  // What programs may use beyond the standard library.
  libraries: [{ name: 'boost', version: '1.74.0' }],
};
