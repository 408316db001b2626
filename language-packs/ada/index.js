// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'ada',
  displayName: 'Ada (GNAT)',
  version: 'GNAT 12.2.0',
  aliases: ['gnat', 'adb'],
  sourceFile: 'main.adb',
  // gnatmake compiles, binds and links the main subprogram in main.adb into ./main (gcc, gnatbind,
  // gnatlink, with the .ali and .o files beside it). -q: no command echo in the compile output;
  // -O2: what judges use. GNAT's defaults keep the language's run-time checks, overflow included.
  compile: ['/usr/bin/gnatmake-12', '-q', '-O2', 'main.adb'],
  // What a request may add (each a whole option): optimization, the language version, assertions
  // on, checks off, warnings, style checks off. Nothing that names a file or a directory (-o, -I,
  // -aI, -gnatec=, -gnatep=, -largs, -cargs, -bargs) is allowed.
  compilerOptions: ['-O[0-3s]', '-g', '-gnat(83|95|05|2005|12|2012|2022)', '-gnata', '-gnatp', '-gnatw[a-z.]+', '-gnatws', '-gnatyN'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Neither Piston nor Judge0 CE has Ada.
  // gnat-12 brings gnatmake-12, GNAT's run-time library and gcc-12, which it drives.
  debianPackages: ['gnat-12'],
};
