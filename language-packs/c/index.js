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
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  debianPackages: ['gcc', 'libc6-dev'],
};
