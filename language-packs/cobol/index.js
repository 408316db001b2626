// @ts-check
/** @type {import('@sentinel/core').PackOptions} */
export default {
  id: 'cobol',
  displayName: 'COBOL (GnuCOBOL)',
  version: '3.1.2',
  aliases: ['cob', 'cobc', 'gnucobol'],
  sourceFile: 'main.cob',
  // GnuCOBOL translates to C and has gcc build the executable (-x, a main program, not a module).
  // -free: free-format source, as on Judge0 and Piston (no sequence area or column 7 indicator).
  // No -O: it only adds gcc -O to the compile (a second more for hello world, here).
  compile: ['/usr/bin/cobc', '-x', '-free', '-o', 'main', 'main.cob'],
  // What a request may add (each a whole option): fixed-format source instead, a dialect, gcc's
  // optimization, warnings. Nothing that names a file or a directory (-o, -I, -L, -l, -conf, -C).
  compilerOptions: ['-fixed', '-std=(default|cobol85|cobol2002|cobol2014|ibm|mvs|bs2000|mf|acu|rm|xopen)(-strict)?', '-O[2s]?', '-W(all|extra)?', '-w'],
  // A compile that exits 0 without leaving this is a COMPILATION_ERROR (no run could start).
  artifacts: ['main'],
  run: ['./main'],
  env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  // Debian keeps cobc's dialect configurations (default.conf, cobol2014.conf, ...) and reserved
  // word lists in /etc/gnucobol; without them every compile fails with "default.conf: No such file
  // or directory". Configuration only.
  readOnlyPaths: ['/etc/gnucobol'],
  // Piston's package "cobol" (alias cob); Judge0 CE's "COBOL (GnuCOBOL)" is 77.
  peers: { piston: { language: 'cobol', aliases: ['cob'], version: '3.1.2' }, judge0: { id: 77 } },
  // gnucobol3 brings libcob4 (the runtime), its headers and gcc, which cobc runs.
  debianPackages: ['gnucobol3'],
};
