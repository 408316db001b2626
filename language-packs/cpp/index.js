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
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  debianPackages: ['g++'],
};
