// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'pascal',
  displayName: 'Pascal (Free Pascal)',
  version: 'Free Pascal 3.2.2',
  aliases: ['fpc', 'pas'],
  sourceFile: 'main.pas',
  // /usr/bin/fpc is Debian's alternatives link (through /etc/alternatives, which the sandbox binds)
  // to the fpc 3.2.2 driver; it runs the ppcx64 compiler, GNU as and ld (binutils).
  // -n: read no fpc.cfg. Debian's /etc/fpc.cfg is not in the sandbox, and everything the compile
  //   needs from it is given here instead, so nothing of /etc has to be bound;
  // -Fu.../*: the run-time library's units (rtl, rtl-objpas, rtl-extra, rtl-generics, ...: System,
  //   SysUtils, Classes, Math, StrUtils, Generics.Collections), the unit path fpc.cfg would give.
  //   The path is Debian amd64's (multiarch x86_64-linux-gnu, target x86_64-linux);
  // -Mobjfpc: Object Pascal mode (32-bit Integer, classes, exceptions, overloading), what Lazarus
  //   and most judges use; a program may still choose another with {$mode ...};
  // -Sh: `string` is AnsiString (no 255-character cap on a line read with ReadLn), like {$H+};
  // -O2: the usual optimization level; -Xs: strip the executable;
  // -vw: errors and warnings only (no banner, progress lines, or notes from library generics);
  // -FU/tmp: object files, unit files and the linker script go to the sandbox's /tmp, so the job
  //   directory holds only the executable; -omain: its name.
  compile: [
    '/usr/bin/fpc', '-n', '-Fu/usr/lib/x86_64-linux-gnu/fpc/3.2.2/units/x86_64-linux/*',
    '-Mobjfpc', '-Sh', '-O2', '-Xs', '-vw', '-FU/tmp', '-omain', 'main.pas',
  ],
  // What a request may add (each a whole option): optimization level, language mode, syntax
  // switches (a: assertions, c: C-style operators, g: goto, h: AnsiString, i: inline, x: exceptions),
  // run-time checks (i: I/O, o: overflow, r: range, t: stack), defines, verbosity and debug
  // line info. Nothing that names a path, an output, a target or linker options (-F*, -o, -k, -T,
  // -X*, @file) is allowed.
  compilerOptions: ['-O[-1-4s]', '-M(fpc|objfpc|delphi|delphiunicode|tp|iso|extendedpascal|macpas)', '-S[acghix]+', '-C[iort]+', '-d[A-Za-z_][A-Za-z0-9_]*', '-v[ewnhi0]+', '-gl?'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  // The executable is statically linked and needs nothing at run time.
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // fp-compiler-3.2.2: the fpc driver and ppcx64 (it depends on binutils for as and ld);
  // fp-units-rtl-3.2.2: the run-time library units (already a dependency, named since the compile
  // flags point at it). Not the `fpc` metapackage, which pulls every unit package and the IDE.
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'pascal', aliases: ['freepascal', 'pp', 'pas'], version: '3.2.2' }, judge0: { id: 67 } },
  debianPackages: ['fp-compiler-3.2.2', 'fp-units-rtl-3.2.2'],
};
