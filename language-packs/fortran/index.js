// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'fortran',
  displayName: 'Fortran',
  version: 'GNU Fortran 12',
  aliases: ['f90', 'gfortran'],
  sourceFile: 'main.f90',
  // main.f90: the .f90 suffix makes gfortran read free-form source (Fortran 90 and later). The
  // dialect is gfortran's default (-std=gnu: Fortran 2018 plus GNU extensions).
  // -O2: what judges usually use; -pipe: compiler to assembler through a pipe, not a temp file
  // (the object file and the linker's few small files still go to the sandbox's /tmp).
  // gfortran links libgfortran, libquadmath and libm itself.
  compile: ['/usr/bin/gfortran', '-O2', '-pipe', '-o', 'main', 'main.f90'],
  // What a request may add (each a whole option): optimization, language standard, warnings,
  // the preprocessor and its macros, run-time checks, backtraces, longer free-form lines, implicit
  // none, 8-byte default kinds, debug info. Nothing that names a file, a plugin, a library or an
  // output (-o, -I, -J, -B, -L, -l, -fplugin, @file) is allowed.
  compilerOptions: [
    '-O[0-3sg]', '-std=(f95|f2003|f2008|f2018|gnu|legacy)', '-W[a-z][a-z0-9=+-]*', '-w', '-cpp',
    '-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_.+-]*)?',
    '-fcheck=(all|no-all|array-temps|bits|bounds|do|mem|pointer|recursion)(,(array-temps|bits|bounds|do|mem|pointer|recursion))*',
    '-fbacktrace', '-ffree-line-length-(none|[0-9]{1,4})', '-fimplicit-none',
    '-fdefault-(integer|real|double)-8', '-g',
  ],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  // Dynamically linked against libgfortran5, which the sandbox's read-only /usr provides.
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // gfortran: /usr/bin/gfortran, which depends on gfortran-12 (the compiler, gcc-12, binutils,
  // libgfortran-12-dev and libc6-dev for the C runtime files the link needs).
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'fortran', aliases: ['f90', 'gfortran'], version: '12.2.0' }, judge0: { id: 59 } },
  debianPackages: ['gfortran'],
};
