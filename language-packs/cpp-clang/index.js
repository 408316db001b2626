// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'cpp-clang',
  displayName: 'C++ (Clang)',
  version: 'Clang 14.0.6 (C++17)',
  aliases: ['clang++'],
  sourceFile: 'main.cpp',
  // clang++ by its versioned Debian path; -std=gnu++17: pinned, as the g++ pack does; -O2: what
  // judges use. It uses GCC 12's libstdc++ (headers and library), so programs behave as with g++.
  compile: ['/usr/bin/clang++-14', '-std=gnu++17', '-O2', '-pipe', '-o', 'main', 'main.cpp'],
  // What a request may add (each a whole option): optimization, standard, warnings, macros, the
  // math/thread libraries. Nothing that names a file, a plugin or an output (-o, -include, -B,
  // -fplugin, -Xclang, -Wl, @file) is allowed.
  compilerOptions: ['-O[0-3sgz]', '-std=(c|gnu)\\+\\+(11|14|17|20|2a|2b)', '-W[a-z][a-z0-9=+-]*', '-w', '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?', '-l(m|pthread)', '-pthread', '-g'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Judge0 CE's Clang entry (C 75, C++ 76). Piston has no Clang package, so this pack has no
  // Piston name (the Piston API does not serve it) rather than one Piston clients would not know.
  peers: { judge0: { id: 76 } },
  // clang-14 brings binutils, libc6-dev and libstdc++-12-dev.
  debianPackages: ['clang-14'],
};
