// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'ocaml',
  displayName: 'OCaml',
  version: '4.13.1',
  aliases: ['ml'],
  sourceFile: 'main.ml',
  // ocamlopt: the native-code compiler (a native binary, not bytecode). str.cmxa and unix.cmxa:
  // the Str and Unix libraries of the standard distribution, linked so programs may use them
  // (only the modules a program references end up in the binary). -o main: the binary. ocamlopt
  // runs `as` and gcc (to link); their temporary files go to /tmp. It leaves main.cmi, main.cmx
  // and main.o next to the source. Debian's ocamlopt is built without flambda, so -O2/-O3 would
  // be ignored and are not used.
  compile: ['/usr/bin/ocamlopt', 'str.cmxa', 'unix.cmxa', '-o', 'main', 'main.ml'],
  // What a request may add (each a whole option): no bounds checks, no assertions, more inlining.
  compilerOptions: ['-unsafe', '-noassert', '-inline=[0-9]{1,3}'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Its names in the Piston and Judge0 compatible APIs (Judge0 CE's seed id).
  peers: { piston: { language: 'ocaml', aliases: ['ml'], version: '4.13.1' }, judge0: { id: 65 } },
  debianPackages: ['ocaml'],
};
