// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'c-clang',
  displayName: 'C (Clang)',
  version: 'Clang 14.0.6 (C17)',
  aliases: ['clang'],
  sourceFile: 'main.c',
  // clang by its versioned Debian path (/usr/bin/clang is a link another LLVM may take over);
  // -std=gnu17: pinned, as the gcc pack does; -O2: what judges use; -lm last so <math.h> links.
  // It links with binutils' ld through GCC 12's crt files and libgcc, as Debian's clang does.
  compile: ['/usr/bin/clang-14', '-std=gnu17', '-O2', '-pipe', '-o', 'main', 'main.c', '-lm'],
  // What a request may add (each a whole option): optimization, standard, warnings, macros, the
  // math/thread libraries. Nothing that names a file, a plugin or an output (-o, -include, -B,
  // -fplugin, -Xclang, -Wl, @file) is allowed.
  compilerOptions: ['-O[0-3sgz]', '-std=(c|gnu)(89|99|11|17|2x)', '-W[a-z][a-z0-9=+-]*', '-w', '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '-l(m|pthread)', '-pthread', '-g'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Judge0 CE's Clang entry (C 75, C++ 76). Piston has no Clang package, so this pack has no
  // Piston name (the Piston API does not serve it) rather than one Piston clients would not know.
  peers: { judge0: { id: 75 } },
  // clang-14 brings binutils, libc6-dev and libgcc-12-dev (the linker, headers and crt files).
  debianPackages: ['clang-14'],
};
